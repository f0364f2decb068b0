package sqlstore

import "context"

// CountInReadTx runs query (a SELECT COUNT) twice in one read transaction,
// calling between before the second, and returns both counts: the tests
// use it to see whether a read transaction holds one snapshot.
func (db *DB) CountInReadTx(ctx context.Context, query string, between func()) (first, second int, err error) {
	err = db.inReadTx(ctx, func(c conn) error {
		if err := c.queryRow(ctx, query).Scan(&first); err != nil {
			return err
		}
		between()
		return c.queryRow(ctx, query).Scan(&second)
	})
	return first, second, err
}

package sqlstore

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"rollcall"
)

// rebind turns the ? placeholders in which this package writes its SQL into
// PostgreSQL's $1, $2, …. No statement here has a ? inside a string
// literal, so a plain scan is enough.
func rebind(dialect, query string) string {
	if dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// inInts returns "col IN (…)" for a list of ids as one parameter, so the
// statement text does not grow with the list and no engine limit on the
// number of parameters is reached.
func inInts(dialect, col string, ids []int64) (string, any) {
	if len(ids) == 1 {
		return col + " = ?", ids[0] // the common case, which every planner knows best
	}
	if dialect == Postgres {
		s := make([]string, len(ids))
		for i, id := range ids {
			s[i] = strconv.FormatInt(id, 10)
		}
		return col + " = ANY(CAST(? AS BIGINT[]))", "{" + strings.Join(s, ",") + "}"
	}
	if ids == nil {
		ids = []int64{}
	}
	b, _ := json.Marshal(ids)
	return col + " IN (SELECT value FROM json_each(?))", string(b)
}

// inStrings is inInts for a list of strings.
func inStrings(dialect, col string, vals []string) (string, any) {
	if len(vals) == 1 {
		return col + " = ?", vals[0]
	}
	if dialect == Postgres {
		s := make([]string, len(vals))
		for i, v := range vals {
			v = strings.ReplaceAll(v, `\`, `\\`)
			s[i] = `"` + strings.ReplaceAll(v, `"`, `\"`) + `"`
		}
		return col + " = ANY(CAST(? AS TEXT[]))", "{" + strings.Join(s, ",") + "}"
	}
	if vals == nil {
		vals = []string{}
	}
	b, _ := json.Marshal(vals)
	return col + " IN (SELECT value FROM json_each(?))", string(b)
}

// page is the LIMIT/OFFSET clause for a page; limit 0 means no limit.
func page(dialect string, limit, offset int) string {
	switch {
	case limit > 0 && offset > 0:
		return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
	case limit > 0:
		return fmt.Sprintf(" LIMIT %d", limit)
	case offset > 0 && dialect == SQLite:
		return fmt.Sprintf(" LIMIT -1 OFFSET %d", offset)
	case offset > 0:
		return fmt.Sprintf(" OFFSET %d", offset)
	}
	return ""
}

// forUpdate locks the selected rows on PostgreSQL. SQLite needs no row
// locks: its write transactions begin IMMEDIATE and so run one at a time.
func forUpdate(dialect string) string {
	if dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// likePattern is a LIKE pattern matching s anywhere, ignoring case, with
// LIKE's wildcards in s escaped (use with ESCAPE '\').
func likePattern(s string) string {
	return "%" + likeEscape(strings.ToLower(s)) + "%"
}

// likeEscape escapes LIKE's wildcards in s (use with ESCAPE '\').
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// where collects the conditions of a WHERE clause and their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// String is " WHERE a AND b …", or "" when there is no condition.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// addScope limits the query to the scope, given the columns that hold the
// organisation's id and region. The caller must handle the empty scope
// (which sees nothing) before querying.
func (w *where) addScope(dialect string, s rollcall.Scope, orgCol, regionCol string) {
	if s.All {
		return
	}
	var ors []string
	var args []any
	if len(s.OrgIDs) > 0 {
		cond, arg := inInts(dialect, orgCol, s.OrgIDs)
		ors, args = append(ors, cond), append(args, arg)
	}
	if len(s.RegionIDs) > 0 {
		cond, arg := inInts(dialect, regionCol, s.RegionIDs)
		ors, args = append(ors, cond), append(args, arg)
	}
	if len(ors) == 0 {
		w.add("1 = 0") // never reached: callers return early on an empty scope
		return
	}
	w.add("("+strings.Join(ors, " OR ")+")", args...)
}

// joinForScope joins the organisations when the scope needs their region.
func joinForScope(s rollcall.Scope) string {
	if s.All || len(s.RegionIDs) == 0 {
		return ""
	}
	return ` JOIN organisations o ON o.id = r.org_id`
}

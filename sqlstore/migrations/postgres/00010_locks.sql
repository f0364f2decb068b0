-- Named leases one replica holds at a time (the triage rule).
-- Keep it in step with the other dialect's 00010_locks.sql.

-- +goose Up
CREATE TABLE locks (
	name       TEXT PRIMARY KEY,
	held_until BIGINT NOT NULL
);

-- +goose Down
DROP TABLE locks;

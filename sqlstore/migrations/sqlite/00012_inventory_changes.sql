-- Every saved or retired host, in commit order, for other replicas to
-- follow: a snapshot's own time says nothing of when it committed. SQLite
-- has one writer, so ids are assigned in commit order; rows older than a
-- day are pruned (a replica further behind reloads at its restart).
-- Keep it in step with migrations/postgres/00012_inventory_changes.sql.

-- +goose Up
CREATE TABLE inventory_changes (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	host_id    INTEGER NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX inventory_changes_created_at ON inventory_changes (created_at);
DROP INDEX inventory_hosts_collected_at;

-- +goose Down
CREATE INDEX inventory_hosts_collected_at ON inventory_hosts (collected_at);
DROP TABLE inventory_changes;

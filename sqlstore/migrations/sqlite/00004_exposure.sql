-- Structured affected products on alerts (what the exposure matcher
-- checks the estate against), and an index for replicas that follow the
-- inventories other replicas saved.
-- Keep it in step with the other dialect's 00004_exposure.sql.

-- +goose Up
ALTER TABLE alerts ADD COLUMN affected TEXT NOT NULL DEFAULT 'null';
CREATE INDEX inventory_hosts_collected_at ON inventory_hosts (collected_at);

-- +goose Down
DROP INDEX inventory_hosts_collected_at;
ALTER TABLE alerts DROP COLUMN affected;

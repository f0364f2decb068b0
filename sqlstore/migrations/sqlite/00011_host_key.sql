-- A host is one host whatever the case of its name: osquery input already
-- matched names ignoring case, but the store kept WS-001 and ws-001 apart.
-- host_key is the name with ASCII letters lower-cased (rollcall.HostKey;
-- SQLite's lower() folds only ASCII). Where older versions saved one host
-- twice, the newest copy stays and the others go.
-- Keep it in step with migrations/postgres/00011_host_key.sql.

-- +goose Up
ALTER TABLE inventory_hosts ADD COLUMN host_key TEXT NOT NULL DEFAULT '';
UPDATE inventory_hosts SET host_key = lower(name);
DELETE FROM inventory_hosts WHERE EXISTS (
	SELECT 1 FROM inventory_hosts AS b
	WHERE b.org_id = inventory_hosts.org_id AND b.source = inventory_hosts.source AND b.host_key = inventory_hosts.host_key
		AND (b.collected_at > inventory_hosts.collected_at OR (b.collected_at = inventory_hosts.collected_at AND b.id > inventory_hosts.id)));
CREATE UNIQUE INDEX inventory_hosts_key ON inventory_hosts (org_id, source, host_key);

-- +goose Down
DROP INDEX inventory_hosts_key;
ALTER TABLE inventory_hosts DROP COLUMN host_key;

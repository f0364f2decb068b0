-- A host is one host whatever the case of its name: osquery input already
-- matched names ignoring case, but the store kept WS-001 and ws-001 apart.
-- host_key is the name with ASCII letters lower-cased (rollcall.HostKey;
-- translate, not lower(), which would fold other letters by locale). Where
-- older versions saved one host twice, the newest copy stays and the
-- others go.
-- Keep it in step with migrations/sqlite/00011_host_key.sql.

-- +goose Up
ALTER TABLE inventory_hosts ADD COLUMN host_key TEXT NOT NULL DEFAULT '';
UPDATE inventory_hosts SET host_key = translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
DELETE FROM inventory_hosts AS a USING inventory_hosts AS b
	WHERE b.org_id = a.org_id AND b.source = a.source AND b.host_key = a.host_key
		AND (b.collected_at > a.collected_at OR (b.collected_at = a.collected_at AND b.id > a.id));
ALTER TABLE inventory_hosts DROP CONSTRAINT inventory_hosts_org_id_source_name_key;
CREATE UNIQUE INDEX inventory_hosts_key ON inventory_hosts (org_id, source, host_key);

-- +goose Down
DROP INDEX inventory_hosts_key;
ALTER TABLE inventory_hosts ADD CONSTRAINT inventory_hosts_org_id_source_name_key UNIQUE (org_id, source, name);
ALTER TABLE inventory_hosts DROP COLUMN host_key;

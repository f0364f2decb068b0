-- Organisations' inventories. Each host keeps its rows as a packed list of
-- product-version ids (sorted, delta-encoded varints): the estate is
-- 2 million hosts of ~150 rows, and a row per installed item would be 300
-- million rows to write, index and read back into the matcher at start.
-- Keep it in step with migrations/postgres/00003_inventory.sql.

-- +goose Up
CREATE TABLE product_versions (
	id      INTEGER PRIMARY KEY,
	product TEXT NOT NULL,
	version TEXT NOT NULL,
	UNIQUE (product, version)
);

CREATE TABLE inventory_hosts (
	id           INTEGER PRIMARY KEY,
	org_id       INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	source       TEXT NOT NULL,
	name         TEXT NOT NULL,
	os_name      TEXT NOT NULL DEFAULT '',
	os_version   TEXT NOT NULL DEFAULT '',
	os_build     TEXT NOT NULL DEFAULT '',
	items        BLOB NOT NULL,
	item_count   INTEGER NOT NULL,
	collected_at BIGINT NOT NULL,
	UNIQUE (org_id, source, name)
);

-- +goose Down
DROP TABLE inventory_hosts;
DROP TABLE product_versions;

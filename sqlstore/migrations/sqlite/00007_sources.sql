-- Feed sources read on a schedule, and the record of each reading.
-- Keep it in step with the other dialect's 00007_sources.sql.

-- +goose Up
CREATE TABLE sources (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	kind        TEXT NOT NULL,
	location    TEXT NOT NULL,
	enabled     INTEGER NOT NULL DEFAULT 1,
	every_ms    BIGINT NOT NULL,
	next_run_at BIGINT NOT NULL,
	-- Conditional-request validators by document address, as JSON.
	validators  TEXT NOT NULL DEFAULT '{}',
	created_at  BIGINT NOT NULL,
	UNIQUE (kind, location)
);
CREATE INDEX sources_next_run_at ON sources (next_run_at);

CREATE TABLE source_runs (
	id          INTEGER PRIMARY KEY,
	source_id   BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	started_at  BIGINT NOT NULL,
	finished_at BIGINT NOT NULL,
	status      TEXT NOT NULL,
	documents   INTEGER NOT NULL,
	added       INTEGER NOT NULL,
	changed     INTEGER NOT NULL,
	unchanged   INTEGER NOT NULL,
	refused     INTEGER NOT NULL,
	errors      TEXT NOT NULL DEFAULT 'null'
);
CREATE INDEX source_runs_source ON source_runs (source_id, id);

-- +goose Down
DROP TABLE source_runs;
DROP TABLE sources;

-- Rollcall's first schema for SQLite. Times are Unix milliseconds (UTC),
-- NULL for "never"; lists and small structs are JSON text. Keep it in step
-- with migrations/postgres/00001_init.sql.

-- +goose Up
CREATE TABLE regions (
	id   INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL
);

CREATE TABLE organisations (
	id                    INTEGER PRIMARY KEY,
	code                  TEXT NOT NULL UNIQUE,
	name                  TEXT NOT NULL,
	type                  TEXT NOT NULL,
	region_id             INTEGER NOT NULL REFERENCES regions (id),
	flags                 TEXT NOT NULL DEFAULT 'null',
	data_security_lead_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at            BIGINT NOT NULL
);
CREATE INDEX organisations_region_id ON organisations (region_id);
CREATE INDEX organisations_name ON organisations (name, id);

CREATE TABLE delegations (
	agent_org_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	org_id       INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	created_at   BIGINT NOT NULL,
	created_by   INTEGER,
	note         TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (agent_org_id, org_id)
);
CREATE INDEX delegations_org_id ON delegations (org_id);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL,
	org_id        INTEGER REFERENCES organisations (id),
	region_id     INTEGER REFERENCES regions (id),
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    BIGINT NOT NULL
);
CREATE INDEX users_org_id ON users (org_id);
CREATE INDEX users_region_id ON users (region_id);

CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	hash         TEXT NOT NULL UNIQUE,
	created_at   BIGINT NOT NULL,
	last_used_at BIGINT
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);

CREATE TABLE sessions (
	token  TEXT PRIMARY KEY,
	data   BLOB NOT NULL,
	expiry BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

-- alert_refs hands out the reference numbers of each year.
CREATE TABLE alert_refs (
	year        INTEGER PRIMARY KEY,
	last_number INTEGER NOT NULL
);

CREATE TABLE alerts (
	id                INTEGER PRIMARY KEY,
	reference         TEXT NOT NULL UNIQUE,
	status            TEXT NOT NULL,
	revision          INTEGER NOT NULL DEFAULT 0,
	title             TEXT NOT NULL,
	severity          TEXT NOT NULL,
	summary           TEXT NOT NULL,
	cves              TEXT NOT NULL DEFAULT 'null',
	cvss              TEXT,
	affected_products TEXT NOT NULL DEFAULT '',
	remediation       TEXT NOT NULL DEFAULT '',
	refs              TEXT NOT NULL DEFAULT 'null',
	target            TEXT NOT NULL,
	clock_override    TEXT,
	created_by        INTEGER,
	created_at        BIGINT NOT NULL,
	updated_at        BIGINT NOT NULL,
	published_at      BIGINT
);
CREATE INDEX alerts_created_at ON alerts (created_at DESC, id DESC);

CREATE TABLE alert_revisions (
	alert_id    INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
	revision    INTEGER NOT NULL,
	alert       TEXT NOT NULL,
	changes     TEXT NOT NULL DEFAULT 'null',
	change_note TEXT NOT NULL DEFAULT '',
	created_by  INTEGER,
	created_at  BIGINT NOT NULL,
	PRIMARY KEY (alert_id, revision)
);

-- responses holds one row per alert and targeted organisation: tens of
-- millions over the years. WITHOUT ROWID stores the rows in primary-key
-- order, so one alert's roll call reads its rows together (twice as fast
-- as looking each up from an index); responses_org_id serves an
-- organisation's inbox; the two partial indexes hold only the responses
-- whose clocks still run, so the overdue sweep scales with what is open
-- rather than with history.
CREATE TABLE responses (
	alert_id         INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
	org_id           INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	targeted_at      BIGINT NOT NULL,
	ack_due          BIGINT,
	remediate_due    BIGINT,
	acknowledged_at  BIGINT,
	applicability    TEXT NOT NULL DEFAULT '',
	action           TEXT NOT NULL DEFAULT '',
	planned_date     BIGINT,
	reason           TEXT NOT NULL DEFAULT '',
	evidence         TEXT NOT NULL DEFAULT '',
	evidence_links   TEXT NOT NULL DEFAULT 'null',
	sign_off         TEXT NOT NULL DEFAULT '',
	sign_off_by      INTEGER,
	sign_off_at      BIGINT,
	sign_off_note    TEXT NOT NULL DEFAULT '',
	closed_at        BIGINT,
	phase            TEXT NOT NULL,
	escalation_level INTEGER NOT NULL DEFAULT 0,
	answered_by      INTEGER,
	answered_via     INTEGER,
	updated_at       BIGINT NOT NULL,
	version          INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (alert_id, org_id)
) WITHOUT ROWID;
CREATE INDEX responses_org_id ON responses (org_id, alert_id);
CREATE INDEX responses_ack_open ON responses (ack_due) WHERE acknowledged_at IS NULL;
CREATE INDEX responses_remediation_open ON responses (remediate_due) WHERE closed_at IS NULL;

CREATE TABLE response_events (
	id         INTEGER PRIMARY KEY,
	alert_id   INTEGER NOT NULL,
	org_id     INTEGER NOT NULL,
	kind       TEXT NOT NULL,
	actor_id   INTEGER,
	actor_name TEXT NOT NULL DEFAULT '',
	via_org_id INTEGER,
	summary    TEXT NOT NULL DEFAULT '',
	answer     TEXT,
	at         BIGINT NOT NULL,
	FOREIGN KEY (alert_id, org_id) REFERENCES responses (alert_id, org_id) ON DELETE CASCADE
);
CREATE INDEX response_events_response ON response_events (alert_id, org_id, id);

-- outbox holds what the notifications worker must deliver; delivered rows
-- leave the partial index.
CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL,
	alert_id     INTEGER NOT NULL,
	org_id       INTEGER,
	level        INTEGER NOT NULL DEFAULT 0,
	summary      TEXT NOT NULL DEFAULT '',
	created_at   BIGINT NOT NULL,
	delivered_at BIGINT
);
CREATE INDEX outbox_undelivered ON outbox (id) WHERE delivered_at IS NULL;

-- +goose Down
DROP TABLE outbox;
DROP TABLE response_events;
DROP TABLE responses;
DROP TABLE alert_revisions;
DROP TABLE alerts;
DROP TABLE alert_refs;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE delegations;
DROP TABLE organisations;
DROP TABLE users;
DROP TABLE regions;

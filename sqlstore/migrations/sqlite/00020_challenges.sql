-- Challenges: the centre or a region disputing an organisation's closed
-- answer. The answer is reopened; the challenge keeps the claim disputed
-- and the note the organisation reads until it closes its answer again.
-- Keep it in step with the other dialect's 00020_challenges.sql.

-- +goose Up
CREATE TABLE response_challenges (
	id            INTEGER PRIMARY KEY,
	alert_id      INTEGER NOT NULL,
	org_id        INTEGER NOT NULL,
	challenger    TEXT NOT NULL,
	actor_id      INTEGER,
	actor_name    TEXT NOT NULL DEFAULT '',
	note          TEXT NOT NULL,
	claim         TEXT NOT NULL,
	remediate_due BIGINT,
	at            BIGINT NOT NULL,
	FOREIGN KEY (alert_id, org_id) REFERENCES responses (alert_id, org_id) ON DELETE CASCADE
);
CREATE INDEX response_challenges_response ON response_challenges (alert_id, org_id, id);
CREATE INDEX response_challenges_org ON response_challenges (org_id, id);

-- +goose Down
DROP TABLE response_challenges;

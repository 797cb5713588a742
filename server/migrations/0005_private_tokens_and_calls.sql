-- Privacy: status tokens are stored as hashes only, each call gets an
-- opaque reference by which the display board fetches the spoken call, and
-- a reset password is set by its owner through a one-time link.

-- The key from which each ticket's status token is derived (HMAC-SHA-256 of
-- the ticket's id), so a repeated check-in gets the same status URL while
-- only the token's hash is stored. SQLite's randomblob draws on the
-- operating system's random source.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;
INSERT INTO secrets (name, value) VALUES ('status_token', randomblob(32));

-- Tokens stored in clear before this migration cannot be hashed in SQL; they
-- are retired (status links of the day of the upgrade stop working, and
-- every earlier one had expired anyway), and stored answers lose the status
-- URL that held them.
UPDATE tickets SET status_token = 'retired:' || id;
UPDATE tickets SET response = json_set(response, '$.status_url', '') WHERE response <> '';

ALTER TABLE tickets ADD COLUMN call_ref TEXT;
CREATE INDEX tickets_by_call_ref ON tickets (call_ref) WHERE call_ref IS NOT NULL;

-- One-time links by which a person sets their own password after an
-- admin's reset (the admin never chooses it). Only the token's hash is kept.
CREATE TABLE password_setups (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL UNIQUE,          -- a new link replaces the last
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

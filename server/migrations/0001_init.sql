-- Vägvisare's first schema. Times are Unix milliseconds (UTC); `day` is the
-- site's local date, the unit of ticket numbering and of footfall.

CREATE TABLE tickets (
    id             TEXT PRIMARY KEY,          -- the kiosk's UUID
    site           TEXT NOT NULL,
    day            TEXT NOT NULL,             -- YYYY-MM-DD, site-local
    counter        INTEGER NOT NULL,          -- per site and day
    number         TEXT NOT NULL,             -- as printed: "J12"
    errand         TEXT NOT NULL,             -- the current errand (after transfers)
    first_errand   TEXT NOT NULL,             -- the errand chosen at the kiosk
    language       TEXT NOT NULL,
    appointment    INTEGER NOT NULL,
    interpreter    INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show')),
    kiosk          TEXT NOT NULL,
    offline        INTEGER NOT NULL,          -- number issued by the kiosk offline
    checked_in_at  INTEGER NOT NULL,
    called_at      INTEGER,                   -- first call
    started_at     INTEGER,
    finished_at    INTEGER,                   -- done or no-show
    counsellor     TEXT,                      -- who holds it now (called/serving)
    desk           TEXT,
    transferred_to TEXT,                      -- a colleague, by name, while waiting
    calls          INTEGER NOT NULL DEFAULT 0,
    transfers      INTEGER NOT NULL DEFAULT 0,
    status_token   TEXT NOT NULL UNIQUE,      -- the visitor's capability for /t/{token}
    request        TEXT NOT NULL,             -- normalised check-in, for idempotency
    response       TEXT NOT NULL,             -- the first answer, replayed on repeats
    UNIQUE (site, day, counter)
);

CREATE INDEX tickets_by_status ON tickets (site, status, day);
CREATE INDEX tickets_finished ON tickets (site, errand, finished_at) WHERE status = 'done';

-- What happened to each ticket, in order: the trail for statistics and for
-- proving that every transition was legal. Deleted with its ticket.
CREATE TABLE ticket_events (
    seq        INTEGER PRIMARY KEY,
    ticket     TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    action     TEXT NOT NULL,
    status     TEXT NOT NULL,                 -- after the action
    counsellor TEXT,
    detail     TEXT
);
CREATE INDEX ticket_events_by_ticket ON ticket_events (ticket);

CREATE TABLE day_counters (
    site TEXT NOT NULL,
    day  TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (site, day)
) WITHOUT ROWID;

-- A kiosk's slot decides its offline number range; it is kept for as long as
-- the kiosk is configured so its range never moves under it.
CREATE TABLE kiosks (
    id         TEXT PRIMARY KEY,
    site       TEXT NOT NULL,
    slot       INTEGER NOT NULL,
    token_hash TEXT UNIQUE,                   -- SHA-256 of the bearer token
    issued_at  INTEGER,
    UNIQUE (site, slot)
);

CREATE TABLE accounts (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,              -- Argon2id PHC string
    updated_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,              -- SHA-256 of the cookie value
    username   TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (username);

CREATE TABLE counsellor_status (
    username   TEXT PRIMARY KEY,
    status     TEXT NOT NULL CHECK (status IN ('available', 'paused')),
    updated_at INTEGER NOT NULL
);

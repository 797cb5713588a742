-- Vägvisare's schema on PostgreSQL: the same tables as SQLite's after its
-- migration 0009, in PostgreSQL's types. Times are Unix milliseconds, days
-- site-local YYYY-MM-DD, as there. Never edit a migration that has shipped:
-- add the next.

CREATE TABLE tickets (
    id             TEXT PRIMARY KEY,          -- the kiosk's UUID
    -- The order in which the server received the tickets (SQLite's rowid).
    arrival        BIGINT GENERATED ALWAYS AS IDENTITY,
    site           TEXT NOT NULL,
    day            TEXT NOT NULL,
    counter        BIGINT NOT NULL,
    number         TEXT NOT NULL,
    errand         TEXT NOT NULL,
    first_errand   TEXT NOT NULL,
    language       TEXT NOT NULL,
    appointment    BOOLEAN NOT NULL,
    interpreter    BOOLEAN NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show')),
    kiosk          TEXT NOT NULL,
    offline        BOOLEAN NOT NULL,
    checked_in_at  BIGINT NOT NULL,
    called_at      BIGINT,
    started_at     BIGINT,
    finished_at    BIGINT,
    counsellor     TEXT,
    desk           TEXT,
    transferred_to TEXT,
    calls          BIGINT NOT NULL DEFAULT 0,
    transfers      BIGINT NOT NULL DEFAULT 0,
    status_token   TEXT NOT NULL UNIQUE,
    request        TEXT NOT NULL,
    response       TEXT NOT NULL,
    call_ref       TEXT,
    call_seq       BIGINT,
    call_reason    TEXT,
    UNIQUE (site, day, counter)
);
CREATE INDEX tickets_by_status ON tickets (site, status, day);
CREATE INDEX tickets_finished ON tickets (site, errand, finished_at) WHERE status = 'done';
CREATE INDEX tickets_by_day ON tickets (site, day);
CREATE INDEX tickets_by_call_ref ON tickets (call_ref) WHERE call_ref IS NOT NULL;

CREATE TABLE day_counters (
    site TEXT NOT NULL,
    day  TEXT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (site, day)
);

CREATE TABLE kiosks (
    id         TEXT PRIMARY KEY,
    site       TEXT NOT NULL,
    slot       BIGINT NOT NULL,
    token_hash TEXT UNIQUE,
    issued_at  BIGINT,
    UNIQUE (site, slot)
);

CREATE TABLE accounts (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    username   TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (username);

CREATE TABLE counsellor_status (
    username   TEXT PRIMARY KEY,
    status     TEXT NOT NULL CHECK (status IN ('available', 'paused')),
    updated_at BIGINT NOT NULL
);

CREATE TABLE daily_footfall (
    site    TEXT NOT NULL,
    day     TEXT NOT NULL,
    figures TEXT NOT NULL,
    kept    BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (site, day)
);

CREATE TABLE ticket_events (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket     TEXT NOT NULL,
    at         BIGINT NOT NULL,
    action     TEXT NOT NULL,
    status     TEXT NOT NULL,
    counsellor TEXT,
    detail     TEXT
);

CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BYTEA NOT NULL
);

CREATE TABLE password_setups (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL UNIQUE,
    expires_at BIGINT NOT NULL
);

CREATE TABLE alerts (
    id              TEXT PRIMARY KEY,
    site            TEXT NOT NULL,
    day             TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('help', 'alarm')),
    kiosk           TEXT,
    counsellor      TEXT,
    desk            TEXT,
    language        TEXT,
    created_at      BIGINT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'acknowledged')),
    acknowledged_by TEXT,
    acknowledged_at BIGINT,
    request         TEXT NOT NULL
);
CREATE INDEX alerts_by_day ON alerts (site, day);

CREATE TABLE appointments (
    id         TEXT PRIMARY KEY,
    site       TEXT NOT NULL,
    day        TEXT NOT NULL,
    at         BIGINT NOT NULL,
    errand     TEXT NOT NULL,
    counsellor TEXT NOT NULL,
    code       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('booked', 'arrived', 'cancelled')),
    ticket     TEXT,
    booked_by  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (site, day, code)
);

-- The trail is only ever appended to, and read whole by people and tests.
-- Its index on the ticket's id (a random UUID) put each new entry on a random
-- page of that index, and a check-in's commit had to write that page out:
-- about a third of the pages a check-in dirtied. Without the index, the
-- foreign key's cascade would scan the table for every deleted ticket, so
-- the key goes too, and the purge deletes a site's old trails itself, in
-- one pass (store::footfall).
CREATE TABLE ticket_events_new (
    seq        INTEGER PRIMARY KEY,
    ticket     TEXT NOT NULL,                 -- tickets.id
    at         INTEGER NOT NULL,
    action     TEXT NOT NULL,
    status     TEXT NOT NULL,                 -- after the action
    counsellor TEXT,
    detail     TEXT
);
INSERT INTO ticket_events_new SELECT seq, ticket, at, action, status, counsellor, detail
    FROM ticket_events;
DROP TABLE ticket_events;
ALTER TABLE ticket_events_new RENAME TO ticket_events;

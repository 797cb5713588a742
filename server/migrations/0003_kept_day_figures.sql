-- Each closed day's figures are also stored while its tickets are still
-- kept, so that a year of statistics reads a row a day instead of every
-- ticket. `kept` is 1 for such a copy: any change to one of that day's
-- tickets deletes it, and it is computed again when next asked for. The
-- figures the purge writes, once the tickets are gone, have 0.
ALTER TABLE daily_footfall ADD COLUMN kept INTEGER NOT NULL DEFAULT 0;

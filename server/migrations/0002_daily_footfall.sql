-- A site's day folded into figures when its tickets are purged: counts and
-- times only, nothing that identifies a visit. `figures` is the JSON of
-- footfall::DayFigures, the very struct the statistics compute from tickets.
CREATE TABLE daily_footfall (
    site    TEXT NOT NULL,
    day     TEXT NOT NULL,
    figures TEXT NOT NULL,
    PRIMARY KEY (site, day)
) WITHOUT ROWID;

-- Footfall reads a site's tickets day by day.
CREATE INDEX tickets_by_day ON tickets (site, day);

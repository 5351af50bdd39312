-- Issue 21: which days' counters moved, so that the pages can keep their
-- boards until a counter they read (the closed days) moves. The projector
-- sets `version` of each day a batch touches to one more than the largest
-- stored; a rebuild leaves one row (`day` -2147483648, before any day)
-- with the next version. A page's stamp is the largest version of the
-- days up to its last closed day: writes of today move nothing it shows.
CREATE TABLE kinerja_day_versions (
    day     INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);

-- The outlets that carried (credited or confirmed pickups) a unit's
-- releases public on a day, with how many of those releases each carried:
-- "outlets reached" is a distinct count, which day counters cannot add
-- up, so the pairs are kept and the pages count them distinct. The
-- release's pairs as last added are kept in `kinerja_facts`
-- (`release_outlets`), as its counts are.
CREATE TABLE kinerja_outlets (
    day       INTEGER NOT NULL,
    unit_code TEXT    NOT NULL,
    outlet    TEXT    NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (day, unit_code, outlet)
) WITHOUT ROWID;

-- Built by the next start: the pairs above are new, so the counters are
-- rebuilt from the records (as on a first start).
DELETE FROM kinerja_projection WHERE name = 'daily';

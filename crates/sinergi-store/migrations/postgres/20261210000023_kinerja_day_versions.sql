-- Issue 21: which days' counters moved, so that the pages can keep their
-- boards until a counter they read (the closed days) moves. The projector
-- sets `version` of each day a batch touches to one more than the largest
-- stored; a rebuild leaves one row (`day` -2147483648, before any day)
-- with the next version. A page's stamp is the largest version of the
-- days up to its last closed day: writes of today move nothing it shows.
CREATE TABLE kinerja_day_versions (
    day     BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);

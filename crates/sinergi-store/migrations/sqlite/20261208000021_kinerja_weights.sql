-- The kinerja index's weights as a network administrator set them (issue
-- 21). Every setting is kept; the newest is in force and applies to every
-- period, past ones included, so that periods stay comparable. No row:
-- the documented default (docs/architecture/kinerja.md).
CREATE TABLE kinerja_weights (
    id      INTEGER PRIMARY KEY,
    weights TEXT    NOT NULL,              -- JSON: {"coverage": 25, ...}
    reason  TEXT    NOT NULL,
    set_by  INTEGER REFERENCES users (id),
    set_at  INTEGER NOT NULL
);

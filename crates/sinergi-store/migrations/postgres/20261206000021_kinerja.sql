-- Kinerja: day counters per unit, kept by sinergi-kinerja's projector from
-- the change feed and rebuildable from the releases and the register
-- (`sinergi kinerja rebuild`). `tree` = 0: the unit alone; 1: the unit and
-- everything under it. `day`: days since 1970-01-01 in the unit's zone.
CREATE TABLE kinerja_daily (
    unit_code TEXT    COLLATE "C" NOT NULL,
    tree      BIGINT  NOT NULL,
    metric    TEXT    NOT NULL,
    day       BIGINT  NOT NULL,
    n         BIGINT  NOT NULL,
    PRIMARY KEY (unit_code, tree, day, metric)
);

-- What each record last added (`unit day metric n` per line), so that the
-- next change of the record takes exactly that away.
CREATE TABLE kinerja_facts (
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    counts     TEXT NOT NULL,
    PRIMARY KEY (entity, entity_key)
);

CREATE TABLE kinerja_projection (
    name TEXT   PRIMARY KEY,
    seq  BIGINT NOT NULL
);

-- Units of the network. `code` is the materialised path (see sinergi-domain's
-- unit.rs): a unit's subtree is the range code > 'X.' and code < 'X/'.
CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    parent_code TEXT    REFERENCES units (code),
    level       TEXT    NOT NULL,
    level_rank  INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    search_name TEXT    NOT NULL,
    aliases     TEXT,
    source      TEXT    NOT NULL,
    child_count INTEGER NOT NULL DEFAULT 0,
    retired_at  INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX units_by_parent ON units (parent_code, code);
CREATE INDEX units_by_level ON units (level, code);
CREATE INDEX units_by_rank_name ON units (level_rank, search_name, code);

-- One row per distinct folded word of a unit's name and aliases, for
-- case- and accent-insensitive prefix search by index range scans.
CREATE TABLE unit_terms (
    term TEXT NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (term, code)
) WITHOUT ROWID;
CREATE INDEX unit_terms_by_code ON unit_terms (code);

-- The ordered change feed: every write appends here in the same
-- transaction; projections (search, kinerja, caches) follow `seq`.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    entity     TEXT    NOT NULL,
    entity_key TEXT    NOT NULL,
    op         TEXT    NOT NULL,
    data       TEXT    NOT NULL
);
CREATE INDEX changes_by_entity ON changes (entity, entity_key, seq);

-- One row per region import that changed something.
CREATE TABLE region_imports (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    source    TEXT    NOT NULL,
    added     INTEGER NOT NULL,
    renamed   INTEGER NOT NULL,
    retired   INTEGER NOT NULL,
    restored  INTEGER NOT NULL,
    unchanged INTEGER NOT NULL
);

-- The contact details of a unit's PR office, shown in its press room.
-- One row per unit; a unit without a row has published none yet.

CREATE TABLE press_contacts (
    unit_code   TEXT COLLATE "C" PRIMARY KEY REFERENCES units (code),
    office_name TEXT    NOT NULL DEFAULT '',
    email       TEXT    NOT NULL DEFAULT '',
    phone       TEXT    NOT NULL DEFAULT '',
    address     TEXT    NOT NULL DEFAULT '',
    website     TEXT    NOT NULL DEFAULT '',
    updated_at  BIGINT  NOT NULL,
    updated_by  BIGINT  REFERENCES users (id)
);

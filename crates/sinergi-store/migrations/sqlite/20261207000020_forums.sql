-- Forums and workshops in series, who attended, and the commitments made
-- at them. See sinergi-domain's forum module for the rules: fulfilment of
-- a commitment to replicate is derived at read time from events and
-- attendance, never stored.

CREATE TABLE event_series (
    id             INTEGER PRIMARY KEY,
    owner_code     TEXT    NOT NULL REFERENCES units (code),
    title          TEXT    NOT NULL,
    description_md TEXT    NOT NULL,
    created_by     INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX event_series_by_owner ON event_series (owner_code, id);

CREATE TABLE events (
    id                     INTEGER PRIMARY KEY,
    uid                    TEXT    NOT NULL UNIQUE,  -- iCalendar UID, stable across edits
    series_id              INTEGER REFERENCES event_series (id),
    organiser_code         TEXT    NOT NULL REFERENCES units (code),
    kind                   TEXT    NOT NULL,         -- forum | workshop | press_briefing | ...
    title                  TEXT    NOT NULL,
    starts_at              INTEGER NOT NULL,
    ends_at                INTEGER NOT NULL,
    zone                   TEXT    NOT NULL,         -- the venue's: WIB | WITA | WIT
    venue_code             TEXT    REFERENCES units (code),
    address                TEXT    NOT NULL DEFAULT '',
    online_url             TEXT    NOT NULL DEFAULT '',
    agenda_md              TEXT    NOT NULL DEFAULT '',
    capacity               INTEGER,
    registration_closes_at INTEGER,
    visibility             TEXT    NOT NULL,         -- public | internal
    status                 TEXT    NOT NULL,         -- scheduled | cancelled
    attendance_code        TEXT    NOT NULL,         -- shown in the room
    sequence               INTEGER NOT NULL DEFAULT 0, -- iCalendar SEQUENCE
    version                INTEGER NOT NULL DEFAULT 1,
    created_by             INTEGER REFERENCES users (id),
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);
CREATE INDEX events_by_organiser ON events (organiser_code, starts_at);
CREATE INDEX events_by_series ON events (series_id, starts_at);
CREATE INDEX events_by_start ON events (starts_at, id);

CREATE TABLE event_invited (
    event_id  INTEGER NOT NULL REFERENCES events (id),
    unit_code TEXT    NOT NULL REFERENCES units (code),
    PRIMARY KEY (event_id, unit_code)
);
CREATE INDEX event_invited_by_unit ON event_invited (unit_code, event_id);

-- Units present; `how` is list (ticked by the organiser) or code (an
-- officer of the unit entered the code shown in the room).
CREATE TABLE event_attendance (
    event_id    INTEGER NOT NULL REFERENCES events (id),
    unit_code   TEXT    NOT NULL REFERENCES units (code),
    how         TEXT    NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, unit_code)
);
CREATE INDEX event_attendance_by_unit ON event_attendance (unit_code, event_id);

-- A release reports an event.
CREATE TABLE event_releases (
    event_id   INTEGER NOT NULL REFERENCES events (id),
    release_id INTEGER NOT NULL REFERENCES releases (id),
    PRIMARY KEY (event_id, release_id)
);
CREATE INDEX event_releases_by_release ON event_releases (release_id);

CREATE TABLE commitments (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id),
    unit_code   TEXT    NOT NULL REFERENCES units (code),  -- who promised
    kind        TEXT    NOT NULL,                          -- replicate | other
    what        TEXT    NOT NULL,
    due_at      INTEGER NOT NULL,
    example     INTEGER NOT NULL DEFAULT 0,                -- seeded as an example
    -- For `other` commitments: the closure by an officer, with evidence.
    closed_at   INTEGER,
    closed_by   INTEGER REFERENCES users (id),
    evidence_url TEXT,
    evidence_release_id INTEGER REFERENCES releases (id),
    closing_note TEXT,
    created_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX commitments_by_event ON commitments (event_id, id);
CREATE INDEX commitments_by_unit ON commitments (unit_code, id);

CREATE TABLE commitment_for (
    commitment_id INTEGER NOT NULL REFERENCES commitments (id),
    unit_code     TEXT    NOT NULL REFERENCES units (code),
    PRIMARY KEY (commitment_id, unit_code)
);

-- Every closing and reopening, never rewritten: the commitment's audit trail.
CREATE TABLE commitment_log (
    id            INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id),
    at            INTEGER NOT NULL,
    by_user       INTEGER REFERENCES users (id),
    op            TEXT    NOT NULL,   -- created | closed | reopened
    evidence_url  TEXT,
    evidence_release_id INTEGER,
    note          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX commitment_log_by_commitment ON commitment_log (commitment_id, id);

-- The contact base (journalists and other stakeholders), consent under
-- UU PDP 27/2022, subscriptions, personal feeds and release distribution.
-- See sinergi-distribution and docs/architecture/contacts.md.

-- Outlets gain what a media list needs.
ALTER TABLE outlets ADD COLUMN kind TEXT NOT NULL DEFAULT 'online';
ALTER TABLE outlets ADD COLUMN region_code TEXT;
ALTER TABLE outlets ADD COLUMN feeds TEXT NOT NULL DEFAULT '';

-- Extra headers of an outbox message (JSON array of [name, value]), such
-- as List-Unsubscribe; NULL for none.
ALTER TABLE outbox ADD COLUMN headers TEXT;

-- A contact is shared across the network. Channels are data only.
CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    name_key     TEXT    NOT NULL,              -- search key of the name
    email        TEXT,                          -- lower-cased; NULL when none
    phone        TEXT    NOT NULL DEFAULT '',
    whatsapp     TEXT    NOT NULL DEFAULT '',
    kind         TEXT    NOT NULL,              -- journalist | academic | civil_society | ...
    role_title   TEXT    NOT NULL DEFAULT '',   -- "Redaktur pelaksana"
    outlet_id    INTEGER REFERENCES outlets (id),
    organisation TEXT    NOT NULL DEFAULT '',   -- for stakeholders without an outlet
    beats        TEXT    NOT NULL DEFAULT '',   -- comma-separated
    regions      TEXT    NOT NULL DEFAULT '',   -- comma-separated unit codes
    languages    TEXT    NOT NULL DEFAULT 'id', -- comma-separated
    language     TEXT    NOT NULL DEFAULT 'id', -- of the e-mail they get
    time_zone    TEXT    NOT NULL DEFAULT 'WIB',
    user_id      INTEGER UNIQUE REFERENCES users (id),
    merged_into  INTEGER REFERENCES contacts (id),
    created_by   INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contacts_by_email ON contacts (email);
CREATE INDEX contacts_by_name ON contacts (name_key, outlet_id);

-- Notes a unit keeps on a contact, read by that unit's people only.
CREATE TABLE contact_notes (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id),
    unit_code  TEXT    NOT NULL REFERENCES units (code),
    body       TEXT    NOT NULL,
    author_id  INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX contact_notes_by_contact ON contact_notes (contact_id, unit_code);

-- Consent, provable: purpose, legal basis, when, through which channel and
-- who recorded it. Withdrawal sets withdrawn_at and takes effect at once.
CREATE TABLE consents (
    id            INTEGER PRIMARY KEY,
    contact_id    INTEGER NOT NULL REFERENCES contacts (id),
    purpose       TEXT    NOT NULL,             -- distribution | contact_base
    basis         TEXT    NOT NULL,             -- consent | contract | legitimate_interest | ...
    channel       TEXT    NOT NULL,             -- email | form | phone | in_person | portal | import
    evidence      TEXT    NOT NULL DEFAULT '',
    given_at      INTEGER NOT NULL,
    recorded_by   INTEGER REFERENCES users (id),
    recorded_at   INTEGER NOT NULL,
    withdrawn_at  INTEGER,
    withdrawn_by  INTEGER REFERENCES users (id),
    withdrawn_via TEXT
);
CREATE INDEX consents_by_contact ON consents (contact_id, purpose);

-- What a contact follows: a unit, a unit and everything below it, or a
-- campaign (the releases tagged with its tag). By e-mail, each release.
CREATE TABLE subscriptions (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts (id),
    target      TEXT    NOT NULL,               -- unit | subtree | campaign
    unit_code   TEXT    REFERENCES units (code),
    campaign_id INTEGER REFERENCES campaigns (id),
    created_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    ended_via   TEXT
);
CREATE INDEX subscriptions_by_contact ON subscriptions (contact_id);
CREATE INDEX subscriptions_by_unit ON subscriptions (unit_code);

-- A contact's personal feed: a secret token (only its hash kept).
CREATE TABLE feed_tokens (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id),
    token_hash TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX feed_tokens_by_contact ON feed_tokens (contact_id);

-- One distribution of a release for one cause (publication, correction),
-- due at `due_at`: at once, or at the second an embargo lifts.
CREATE TABLE distribution_runs (
    id         INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL REFERENCES releases (id),
    cause      TEXT    NOT NULL,                -- publish | correct | withdraw
    version    INTEGER NOT NULL,
    public_at  INTEGER NOT NULL,
    due_at     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    done_at    INTEGER,
    queued     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX distribution_runs_due ON distribution_runs (done_at, due_at);
CREATE INDEX distribution_runs_by_release ON distribution_runs (release_id);

-- Each message of a distribution, tied to its outbox row by key.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES distribution_runs (id),
    release_id      INTEGER NOT NULL REFERENCES releases (id),
    contact_id      INTEGER NOT NULL REFERENCES contacts (id),
    cause           TEXT    NOT NULL,
    embargoed       INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT    NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL
);
CREATE INDEX deliveries_by_release ON deliveries (release_id, contact_id);

-- The key that signs unsubscribe links, made once per database.
CREATE TABLE signing_keys (
    purpose    TEXT    PRIMARY KEY,
    secret     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

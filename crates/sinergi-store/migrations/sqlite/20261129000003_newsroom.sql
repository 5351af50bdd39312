-- The register of achievements and innovations, and the newsroom.
-- See sinergi-domain's newsroom module for the rules.

CREATE TABLE categories (
    key        TEXT    PRIMARY KEY,
    label_id   TEXT    NOT NULL,
    label_en   TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

-- Achievements (capaian) and innovations (inovasi) in one table: they share
-- the unit, the text, the tags and the publication status that the gap
-- report reads; the innovation-only columns stay NULL for achievements.
CREATE TABLE register_items (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,              -- achievement | innovation
    unit_code       TEXT    NOT NULL REFERENCES units (code),
    title           TEXT    NOT NULL,
    description_md  TEXT    NOT NULL,
    category_key    TEXT    REFERENCES categories (key),
    occurred_on     TEXT,                          -- YYYY-MM-DD: achieved, or innovation started
    problem_md      TEXT,
    solution_md     TEXT,
    impact_md       TEXT,
    stage           TEXT,                          -- trial | implemented | replicated
    tags            TEXT    NOT NULL DEFAULT '',   -- canonical tags joined by commas
    version         INTEGER NOT NULL DEFAULT 1,
    created_by      INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    -- Earliest public time of a released release reporting the item; kept
    -- by every write that links, releases, unschedules or withdraws.
    first_public_at INTEGER,
    removed_at      INTEGER
);
CREATE INDEX register_by_unit ON register_items (unit_code, created_at);
-- The publication gap: per subtree (range on unit_code), and network-wide
-- oldest first; both carry first_public_at so the check needs no row reads.
CREATE INDEX register_gap ON register_items (unit_code, created_at, first_public_at)
    WHERE removed_at IS NULL;
CREATE INDEX register_gap_order ON register_items (created_at, id, unit_code, first_public_at)
    WHERE removed_at IS NULL;

CREATE TABLE item_tags (
    item_id INTEGER NOT NULL REFERENCES register_items (id),
    tag     TEXT    NOT NULL,
    PRIMARY KEY (item_id, tag)
);
CREATE INDEX item_tags_by_tag ON item_tags (tag);

CREATE TABLE item_evidence (
    id       INTEGER PRIMARY KEY,
    item_id  INTEGER NOT NULL REFERENCES register_items (id),
    label    TEXT    NOT NULL,
    url      TEXT,
    media_id INTEGER
);
CREATE INDEX item_evidence_by_item ON item_evidence (item_id);

-- "We replicated this innovation": another unit's record on the original.
CREATE TABLE replications (
    id            INTEGER PRIMARY KEY,
    innovation_id INTEGER NOT NULL REFERENCES register_items (id),
    unit_code     TEXT    NOT NULL REFERENCES units (code),
    replicated_on TEXT,
    note          TEXT    NOT NULL DEFAULT '',
    created_by    INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    UNIQUE (innovation_id, unit_code)
);

CREATE TABLE media (
    id            INTEGER PRIMARY KEY,
    unit_code     TEXT    NOT NULL REFERENCES units (code),
    sha256        TEXT    NOT NULL,
    thumb_sha256  TEXT,
    kind          TEXT    NOT NULL,                -- image | attachment
    mime          TEXT    NOT NULL,
    extension     TEXT    NOT NULL,
    bytes         INTEGER NOT NULL,
    width         INTEGER,
    height        INTEGER,
    original_name TEXT    NOT NULL,
    created_by    INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL
);
CREATE INDEX media_by_unit ON media (unit_code);

-- Releases (siaran pers). `state` is the workflow state; a released
-- release is public from `public_at` on, so scheduling and embargo need no
-- job: every reader compares `public_at` with the clock.
CREATE TABLE releases (
    id              INTEGER PRIMARY KEY,
    unit_code       TEXT    NOT NULL REFERENCES units (code),
    slug            TEXT    NOT NULL,
    language        TEXT    NOT NULL DEFAULT 'id',
    state           TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    lead            TEXT    NOT NULL,
    body_md         TEXT    NOT NULL,
    body_html       TEXT    NOT NULL,              -- rendered and sanitised at save
    tags            TEXT    NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    public_at       INTEGER,
    embargo         INTEGER NOT NULL DEFAULT 0,
    amplifies_id    INTEGER REFERENCES releases (id),
    created_by      INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    approved_by     INTEGER REFERENCES users (id),
    approved_at     INTEGER,
    withdrawn_at    INTEGER,
    withdrawal_note TEXT,
    corrections     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX releases_by_unit ON releases (unit_code, updated_at);
CREATE INDEX releases_public_by_unit ON releases (unit_code, public_at)
    WHERE public_at IS NOT NULL;
CREATE INDEX releases_public ON releases (public_at) WHERE public_at IS NOT NULL;
CREATE INDEX releases_amplifies ON releases (amplifies_id) WHERE amplifies_id IS NOT NULL;

CREATE TABLE release_tags (
    release_id INTEGER NOT NULL REFERENCES releases (id),
    tag        TEXT    NOT NULL,
    PRIMARY KEY (release_id, tag)
);
CREATE INDEX release_tags_by_tag ON release_tags (tag);

CREATE TABLE release_items (
    release_id INTEGER NOT NULL REFERENCES releases (id),
    item_id    INTEGER NOT NULL REFERENCES register_items (id),
    PRIMARY KEY (release_id, item_id)
);
CREATE INDEX release_items_by_item ON release_items (item_id);

CREATE TABLE release_media (
    release_id INTEGER NOT NULL REFERENCES releases (id),
    media_id   INTEGER NOT NULL REFERENCES media (id),
    position   INTEGER NOT NULL,
    alt        TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (release_id, media_id)
);

-- Every saved version of a release's content, kept for comparison.
CREATE TABLE release_revisions (
    release_id INTEGER NOT NULL REFERENCES releases (id),
    version    INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    lead       TEXT    NOT NULL,
    body_md    TEXT    NOT NULL,
    tags       TEXT    NOT NULL,
    author_id  INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (release_id, version)
);

CREATE TABLE release_comments (
    id         INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL REFERENCES releases (id),
    version    INTEGER NOT NULL,
    author_id  INTEGER REFERENCES users (id),
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX release_comments_by_release ON release_comments (release_id);

-- The workflow history: every transition, with its note. Corrections'
-- notes are public.
CREATE TABLE release_events (
    id         INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL REFERENCES releases (id),
    at         INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES users (id),
    op         TEXT    NOT NULL,
    from_state TEXT    NOT NULL,
    to_state   TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    note       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX release_events_by_release ON release_events (release_id);

INSERT INTO categories (key, label_id, label_en, created_at) VALUES
    ('public-service', 'Pelayanan publik', 'Public service', 0),
    ('development', 'Pembangunan', 'Development', 0),
    ('governance', 'Tata kelola pemerintahan', 'Governance', 0),
    ('economy', 'Ekonomi', 'Economy', 0),
    ('health', 'Kesehatan', 'Health', 0),
    ('education', 'Pendidikan', 'Education', 0),
    ('environment', 'Lingkungan hidup', 'Environment', 0),
    ('social', 'Sosial', 'Social welfare', 0),
    ('culture-tourism', 'Budaya dan pariwisata', 'Culture and tourism', 0),
    ('digital', 'Digitalisasi', 'Digitalisation', 0);

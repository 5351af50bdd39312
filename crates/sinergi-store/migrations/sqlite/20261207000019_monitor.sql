-- Media monitoring (issue 19): the outlets' feeds polled, the articles they
-- carried, and which releases each article reports on. See
-- docs/architecture/monitoring.md.

-- A feed of an outlet. `unit_code`: the unit whose officers added it and
-- manage it; every article is matched against every unit's releases.
-- The health columns are written by the poller after each attempt.
CREATE TABLE media_sources (
    id              INTEGER PRIMARY KEY,
    unit_code       TEXT    NOT NULL REFERENCES units (code),
    outlet          TEXT    NOT NULL,
    url             TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL,              -- feed | sitemap
    active          INTEGER NOT NULL DEFAULT 1,
    etag            TEXT,
    last_modified   TEXT,
    last_success_at INTEGER,
    last_error_at   INTEGER,
    last_error      TEXT,                          -- the reason key, then a detail
    failures        INTEGER NOT NULL DEFAULT 0,    -- errors in a row, for the back-off
    next_poll_at    INTEGER NOT NULL,
    items_total     INTEGER NOT NULL DEFAULT 0,    -- new articles it brought, ever
    created_by      INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL
);
CREATE INDEX media_sources_due ON media_sources (next_poll_at) WHERE active = 1;

-- An article. `key` is its identity: the canonical URL (tracking
-- parameters stripped), or `import:<id>` for an imported line without one.
-- `group_id`: the first article with the same normalised text (syndicated
-- copies), itself when it is the first.
CREATE TABLE media_articles (
    id            INTEGER PRIMARY KEY,
    key           TEXT    NOT NULL UNIQUE,
    source_id     INTEGER REFERENCES media_sources (id),
    outlet        TEXT    NOT NULL,
    url           TEXT,
    title         TEXT    NOT NULL DEFAULT '',
    author        TEXT    NOT NULL DEFAULT '',
    published_at  INTEGER NOT NULL,
    fetched_at    INTEGER NOT NULL,
    body          TEXT    NOT NULL,
    text_hash     TEXT    NOT NULL,
    group_id      INTEGER,
    matched_at    INTEGER                          -- NULL: waits for matching
);
CREATE INDEX media_articles_waiting ON media_articles (id) WHERE matched_at IS NULL;
CREATE INDEX media_articles_text ON media_articles (text_hash);
CREATE INDEX media_articles_published ON media_articles (published_at);
CREATE INDEX media_articles_source ON media_articles (source_id, fetched_at);

-- A release an article reports on. `score` in basis points (0..10000).
-- `passages`: JSON `[[article_from, article_to, release_from, release_to], ...]`,
-- byte ranges of the article's body and of the release's text at
-- `release_version`. The state: credited (above the threshold), review
-- (the grey zone), confirmed or rejected (by an officer of the release's
-- unit, who is kept with the time).
CREATE TABLE media_matches (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES media_articles (id),
    release_id      INTEGER NOT NULL REFERENCES releases (id),
    unit_code       TEXT    NOT NULL,
    score           INTEGER NOT NULL,
    state           TEXT    NOT NULL,
    passages        TEXT    NOT NULL,
    release_version INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    reviewed_by     INTEGER REFERENCES users (id),
    reviewed_at     INTEGER,
    UNIQUE (article_id, release_id)
);
CREATE INDEX media_matches_release ON media_matches (release_id, state);
CREATE INDEX media_matches_queue ON media_matches (state, unit_code, created_at);

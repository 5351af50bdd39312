-- People and what they may do. See sinergi-domain's access.rs for the rules.
CREATE TABLE outlets (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    website    TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    email               TEXT    NOT NULL UNIQUE,  -- lower-cased
    name                TEXT    NOT NULL,
    kind                TEXT    NOT NULL,          -- staff | journalist
    outlet_id           INTEGER REFERENCES outlets (id),
    password_hash       TEXT,                      -- argon2id PHC string; NULL until set
    language            TEXT    NOT NULL DEFAULT 'id',
    active              INTEGER NOT NULL DEFAULT 1,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    password_changed_at INTEGER
);

CREATE TABLE memberships (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    unit_code  TEXT    NOT NULL REFERENCES units (code),
    role       TEXT    NOT NULL,                   -- admin | editor | contributor | viewer
    reach      TEXT    NOT NULL,                   -- unit | subtree | network
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id),
    revoked_at INTEGER
);
CREATE INDEX memberships_by_user ON memberships (user_id);
CREATE INDEX memberships_by_unit ON memberships (unit_code);

CREATE TABLE accreditations (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    unit_code   TEXT    NOT NULL REFERENCES units (code),
    reach       TEXT    NOT NULL,                  -- unit | subtree
    granted_by  INTEGER NOT NULL REFERENCES users (id),
    granted_at  INTEGER NOT NULL,
    revoked_by  INTEGER REFERENCES users (id),
    revoked_at  INTEGER
);
CREATE INDEX accreditations_by_user ON accreditations (user_id);
CREATE INDEX accreditations_by_unit ON accreditations (unit_code);

-- Server-side sessions; the cookie carries a random id, we keep its hash.
CREATE TABLE sessions (
    id_hash      TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    csrf_token   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    ip           TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed sign-ins, for throttling per account and per client address.
CREATE TABLE sign_in_failures (
    id  INTEGER PRIMARY KEY,
    bucket TEXT   NOT NULL,                          -- 'email:…' or 'ip:…'
    at  INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (bucket, at);

-- Single-use links: password reset and invitation. Only the hash is kept.
CREATE TABLE one_time_tokens (
    token_hash TEXT    PRIMARY KEY,
    purpose    TEXT    NOT NULL,                   -- reset | invite
    user_id    INTEGER REFERENCES users (id),
    email      TEXT    NOT NULL,
    unit_code  TEXT    REFERENCES units (code),
    role       TEXT,
    reach      TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,                 -- first characters, to recognise a token
    rights       TEXT    NOT NULL,                 -- comma-separated actions
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- Side effects (e-mail now, webhooks later), written in the transaction of
-- their cause and delivered by a worker. `idempotency_key` is unique, so a
-- retried cause cannot enqueue twice; it is also the Message-ID.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,              -- email
    idempotency_key TEXT    NOT NULL UNIQUE,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body_text       TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    locked_until    INTEGER,
    sent_at         INTEGER,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);

-- The audit log: append-only, each entry chained to the one before by a
-- SHA-256 hash, so that an edit or a deletion is detectable.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    INTEGER,
    actor_label TEXT    NOT NULL,
    ip          TEXT,
    action      TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    unit_code   TEXT,
    before_state TEXT,
    after_state  TEXT,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX audit_by_unit ON audit_log (unit_code, seq);
CREATE INDEX audit_by_actor ON audit_log (actor_id, seq);

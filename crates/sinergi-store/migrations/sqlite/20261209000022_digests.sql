-- Issue 18, phase 3: subscriptions by tag, and delivery as a daily digest
-- at an hour of the contact's zone. See docs/architecture/contacts.md.

-- `target` gains `tag` (the tag in `tag`). `delivery`: each | digest;
-- existing subscriptions stay `each`, delivered per release as before.
-- `digest_hour` (0-23, the contact's zone) for a digest. `delivery_since`:
-- when this delivery began; a digest lists releases public from then on.
ALTER TABLE subscriptions ADD COLUMN tag TEXT;
ALTER TABLE subscriptions ADD COLUMN delivery TEXT NOT NULL DEFAULT 'each';
ALTER TABLE subscriptions ADD COLUMN digest_hour INTEGER;
ALTER TABLE subscriptions ADD COLUMN delivery_since INTEGER;
UPDATE subscriptions SET delivery_since = created_at;
CREATE INDEX subscriptions_by_tag ON subscriptions (tag);

-- One row per contact and local day once that day's digest was made
-- (also when nothing was new, then without a message).
CREATE TABLE digests (
    id              INTEGER PRIMARY KEY,
    contact_id      INTEGER NOT NULL REFERENCES contacts (id),
    local_day       TEXT    NOT NULL,               -- YYYY-MM-DD in the contact's zone
    idempotency_key TEXT,                           -- the outbox row; NULL when nothing was sent
    releases        INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    UNIQUE (contact_id, local_day)
);

-- Which releases a contact's digests listed: each one once.
CREATE TABLE digest_items (
    contact_id INTEGER NOT NULL REFERENCES contacts (id),
    release_id INTEGER NOT NULL REFERENCES releases (id),
    digest_id  INTEGER NOT NULL REFERENCES digests (id),
    PRIMARY KEY (contact_id, release_id)
);

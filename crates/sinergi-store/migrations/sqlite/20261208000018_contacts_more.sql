-- Issue 18, phase 2: pitches (one-to-one messages to chosen contacts) and
-- a contact's own data (UU PDP): erasure leaves a tombstone; hard bounces.
-- See sinergi-distribution and docs/architecture/contacts.md.

-- A pitch: an officer's message from a unit to chosen contacts, with
-- merge fields ({nama}, {media}, {jabatan}) and a release linked and
-- quoted. Sent once; Reply-To is the officer's address.
CREATE TABLE pitches (
    id         INTEGER PRIMARY KEY,
    unit_code  TEXT    NOT NULL REFERENCES units (code),
    release_id INTEGER REFERENCES releases (id),
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    reply_to   TEXT    NOT NULL,
    author_id  INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    sent_at    INTEGER,
    sent_by    INTEGER REFERENCES users (id),
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX pitches_by_unit ON pitches (unit_code, created_at);

-- Who a pitch goes to; the key of their outbox message once sent.
CREATE TABLE pitch_recipients (
    pitch_id        INTEGER NOT NULL REFERENCES pitches (id),
    contact_id      INTEGER NOT NULL REFERENCES contacts (id),
    idempotency_key TEXT,
    PRIMARY KEY (pitch_id, contact_id)
);
CREATE INDEX pitch_recipients_by_contact ON pitch_recipients (contact_id);

-- When a contact's personal data was erased (the row stays as a tombstone
-- so consent history, deliveries and pitches keep their shape).
ALTER TABLE contacts ADD COLUMN erased_at INTEGER;

-- Addresses that bounced hard (a 5xx answer at send time): distribution
-- and pitches skip them until an officer lifts the entry or the contact's
-- address changes. Erasure deletes the entry with the address.
CREATE TABLE suppressions (
    email      TEXT    PRIMARY KEY,            -- lower-cased
    reason     TEXT    NOT NULL,               -- the SMTP code, e.g. 550 5.1.1
    created_at INTEGER NOT NULL
);

-- A journalist asks a unit for accreditation from the portal; the unit's
-- editors grant or refuse it, and the journalist is told by e-mail.
CREATE TABLE accreditation_requests (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    unit_code  TEXT NOT NULL REFERENCES units (code),
    message    TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    decided_by INTEGER REFERENCES users (id),
    decision   TEXT,                           -- granted | refused
    note       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX accreditation_requests_by_unit ON accreditation_requests (unit_code, decided_at);
CREATE INDEX accreditation_requests_by_user ON accreditation_requests (user_id);

-- Forums, phase 2: invitations by e-mail with the event's .ics attached.

-- A file attached to an outbox message (JSON {"name", "content_type",
-- "body"}), such as an event's invitation.ics.
ALTER TABLE outbox ADD COLUMN attachment TEXT;

-- Contacts of the contact base invited to an event (besides the units).
CREATE TABLE event_invited_contacts (
    event_id   INTEGER NOT NULL REFERENCES events (id),
    contact_id INTEGER NOT NULL REFERENCES contacts (id),
    PRIMARY KEY (event_id, contact_id)
);

-- The version of each event whose mail (invitation, update, cancellation)
-- is queued: an event whose version is higher is mailed by the mail job,
-- each person once per SEQUENCE (the outbox key says so).
CREATE TABLE event_mailings (
    event_id       INTEGER PRIMARY KEY REFERENCES events (id),
    mailed_version INTEGER NOT NULL,
    mailed_sequence INTEGER NOT NULL,
    at             INTEGER NOT NULL
);

-- Registration, within the event's capacity and before it closes.
CREATE TABLE event_registrations (
    event_id      INTEGER NOT NULL REFERENCES events (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    registered_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

-- Speakers, in the order of the programme.
CREATE TABLE event_speakers (
    event_id INTEGER NOT NULL REFERENCES events (id),
    position INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    role     TEXT    NOT NULL DEFAULT '',
    topic    TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, position)
);

-- The record of the event: minutes and outcomes (Markdown).
ALTER TABLE events ADD COLUMN minutes_md TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN outcomes_md TEXT NOT NULL DEFAULT '';

-- Materials: files of an event, uploaded through the newsroom's checks
-- into the blob store (`media`), shown to whoever sees the event.
CREATE TABLE event_materials (
    event_id INTEGER NOT NULL REFERENCES events (id),
    media_id INTEGER NOT NULL REFERENCES media (id),
    title    TEXT    NOT NULL,
    added_by INTEGER REFERENCES users (id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, media_id)
);
CREATE INDEX event_materials_by_media ON event_materials (media_id);

-- A file (uploaded like a material) as a commitment's evidence.
ALTER TABLE commitments ADD COLUMN evidence_media_id INTEGER REFERENCES media (id);
ALTER TABLE commitment_log ADD COLUMN evidence_media_id INTEGER;
CREATE INDEX commitments_by_evidence_media ON commitments (evidence_media_id);

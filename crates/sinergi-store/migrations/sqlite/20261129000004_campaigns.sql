-- Campaigns that cascade down the levels. See sinergi-domain's campaign
-- module for the rules; campaign_units and the tables after it are a
-- projection of releases (sinergi-campaigns' projector keeps them).

CREATE TABLE campaigns (
    id             INTEGER PRIMARY KEY,
    owner_code     TEXT    NOT NULL REFERENCES units (code),
    tag            TEXT    NOT NULL UNIQUE,        -- canonical release tag that marks adoption
    title          TEXT    NOT NULL,
    description_md TEXT    NOT NULL,
    key_messages   TEXT    NOT NULL,               -- JSON array of strings
    hashtags       TEXT    NOT NULL,               -- JSON array, without '#'
    guidance_md    TEXT    NOT NULL,
    image_ids      TEXT    NOT NULL,               -- JSON array of media ids
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER NOT NULL,
    depth          TEXT    NOT NULL,               -- province | regency | district | village
    cascade_share  INTEGER NOT NULL,               -- percent of targeted sub-units
    scope_levels   TEXT    NOT NULL DEFAULT '',    -- levels joined by commas
    version        INTEGER NOT NULL DEFAULT 1,
    created_by     INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    recomputed_at  INTEGER
);
CREATE INDEX campaigns_by_owner ON campaigns (owner_code, starts_at);

-- Subtree roots and explicit units of a campaign's scope.
CREATE TABLE campaign_scope (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    kind        TEXT    NOT NULL,                  -- subtree | unit
    unit_code   TEXT    NOT NULL REFERENCES units (code),
    PRIMARY KEY (campaign_id, kind, unit_code)
);

-- The kit: release templates with {unit}, {region}, {province}, … placeholders.
CREATE TABLE campaign_templates (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    position    INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    lead        TEXT    NOT NULL,
    body_md     TEXT    NOT NULL
);
CREATE INDEX campaign_templates_by_campaign ON campaign_templates (campaign_id, position);

-- Every public, tagged release within the period, whatever its unit: kept
-- across scope changes, so that a unit brought back into scope keeps its
-- adoption. A unit's adoption is its earliest row here.
CREATE TABLE campaign_adoptions (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    release_id  INTEGER NOT NULL REFERENCES releases (id),
    unit_code   TEXT    NOT NULL,
    public_at   INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, release_id)
);
CREATE INDEX campaign_adoptions_by_unit ON campaign_adoptions (campaign_id, unit_code, public_at, release_id);
CREATE INDEX campaign_adoptions_by_release ON campaign_adoptions (release_id);
CREATE INDEX campaign_adoptions_by_time ON campaign_adoptions (campaign_id, public_at, release_id);

-- Tagged releases released for later (schedule or embargo): the projector's
-- time step adopts them when their public time passes.
CREATE TABLE campaign_pending (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    release_id  INTEGER NOT NULL REFERENCES releases (id),
    public_at   INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, release_id)
);
CREATE INDEX campaign_pending_by_time ON campaign_pending (public_at);
CREATE INDEX campaign_pending_by_release ON campaign_pending (release_id);

-- One row per target unit with its status and counters. `parent_code` is
-- the nearest targeted ancestor (NULL at the top of the campaign's tree).
CREATE TABLE campaign_units (
    campaign_id      INTEGER NOT NULL REFERENCES campaigns (id),
    unit_code        TEXT    NOT NULL,
    parent_code      TEXT,
    level_rank       INTEGER NOT NULL,
    adopted_at       INTEGER,
    first_release_id INTEGER,
    cascaded         INTEGER NOT NULL DEFAULT 0,
    targets_below    INTEGER NOT NULL DEFAULT 0,
    adopted_below    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, unit_code)
);
CREATE INDEX campaign_units_by_unit ON campaign_units (unit_code, campaign_id);
CREATE INDEX campaign_units_tree ON campaign_units (campaign_id, parent_code, unit_code);
CREATE INDEX campaign_units_not_started ON campaign_units (campaign_id, level_rank, unit_code)
    WHERE adopted_at IS NULL;

-- Dashboard figures kept with the counters: per level, and adoptions per
-- day (Western Indonesian days) per level.
CREATE TABLE campaign_levels (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    level_rank  INTEGER NOT NULL,
    targets     INTEGER NOT NULL,
    adopted     INTEGER NOT NULL,
    cascaded    INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, level_rank)
);
CREATE TABLE campaign_daily (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    level_rank  INTEGER NOT NULL,
    day         INTEGER NOT NULL,                  -- days since 1970-01-01 in UTC+7
    adopted     INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, level_rank, day)
);

-- The adoption history: every change of a unit's adoption, and every
-- scope or settings change that recomputed the campaign. Never rewritten.
CREATE TABLE campaign_events (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    at          INTEGER NOT NULL,
    op          TEXT    NOT NULL,                  -- adopted | unadopted | created | updated | recomputed
    unit_code   TEXT,
    release_id  INTEGER,
    note        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX campaign_events_by_campaign ON campaign_events (campaign_id, id);

-- Reminders queued (the outbox holds the message; this is the log).
CREATE TABLE campaign_reminders (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    period_key  TEXT    NOT NULL,
    units       INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, user_id, period_key)
);

-- Where the campaign projector is in the change feed.
CREATE TABLE campaign_projection (
    name      TEXT    PRIMARY KEY,
    seq       INTEGER NOT NULL,
    ticked_at INTEGER NOT NULL
);

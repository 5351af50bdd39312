-- Media monitoring, phase 3 (issue 19): where an article's text came from,
-- the address its page calls canonical, a fingerprint for near-identical
-- copies, and mentions (a unit's name or a campaign's hashtag in an article
-- that matched no release). See docs/architecture/monitoring.md.

-- `canonical_url`: the page's rel=canonical when it names one (an Antara
-- story carried by another outlet often points at Antara), else the
-- article's own canonical address. `text_from`: feed (the feed's full
-- text), page (the page fetched and its main text extracted), summary
-- (only the feed's summary could be read), import. `simhash`: 64 bits over
-- the text's word shingles; copies differ in a few bits.
ALTER TABLE media_articles ADD COLUMN canonical_url TEXT;
ALTER TABLE media_articles ADD COLUMN text_from TEXT NOT NULL DEFAULT 'feed';
ALTER TABLE media_articles ADD COLUMN simhash INTEGER;
CREATE INDEX media_articles_canonical ON media_articles (canonical_url);

-- A mention: an article that matched no release names a unit (its name or
-- an alias) or carries a campaign's hashtag. Counted apart from pickups.
-- `campaign_id` is set for a hashtag (then `unit_code` is the campaign's
-- owner); `term` is what was found, `at` its byte offset in the body.
CREATE TABLE media_mentions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES media_articles (id),
    unit_code   TEXT    NOT NULL,
    campaign_id INTEGER REFERENCES campaigns (id),
    term        TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (article_id, unit_code, term)
);
CREATE INDEX media_mentions_unit ON media_mentions (unit_code, created_at);
CREATE INDEX media_mentions_campaign ON media_mentions (campaign_id, created_at);

-- PostgreSQL drops its foreign keys from campaign_units and
-- campaign_events to campaigns here (they were half of a large projection
-- write, issue 16; see the PostgreSQL migration). SQLite keeps them: its
-- checks cost little, and they keep the test suite catching a row written
-- for a campaign that does not exist.
SELECT 1;

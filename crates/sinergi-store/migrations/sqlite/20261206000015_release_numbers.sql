-- A release's press number, as newsrooms print it ("Siaran Pers
-- No. 12/…/2026"): the order of first publication within its unit and
-- year, given once when the release is first released (scheduled or at
-- once) and never changed after, whatever is withdrawn later.
-- Amplifications carry another unit's release and get no number.

ALTER TABLE releases ADD COLUMN press_number INTEGER;
ALTER TABLE releases ADD COLUMN press_year INTEGER;
CREATE UNIQUE INDEX releases_press_number ON releases (unit_code, press_year, press_number)
    WHERE press_number IS NOT NULL;

-- Releases published before this migration: numbered in the order they
-- became public, by the year in their unit's zone (WIB, WITA or WIT,
-- by province code, as `Zone::of_province`).
UPDATE releases SET press_number = n.num, press_year = n.yr
FROM (
    SELECT id, yr, ROW_NUMBER() OVER (PARTITION BY unit_code, yr ORDER BY public_at, id) AS num
    FROM (
        SELECT id, unit_code, public_at,
            CAST(strftime('%Y', public_at / 1000000 + 3600 * (CASE
                WHEN substr(unit_code, 1, 2) IN ('51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76') THEN 8
                WHEN substr(unit_code, 1, 2) IN ('81', '82', '91', '92', '93', '94', '95', '96', '97') THEN 9
                ELSE 7 END), 'unixepoch') AS INTEGER) AS yr
        FROM releases
        WHERE public_at IS NOT NULL AND amplifies_id IS NULL
            AND state IN ('released', 'withdrawn')
    ) y
) n
WHERE releases.id = n.id;

"""The kinerja day counters computed again by DuckDB from an export.

Run by `sinergi bench kinerja` (embedded in the binary) as
`python3 counts.py EXPORT_DIR`: reads the CSV files Sinergi wrote
(releases, items, matches, events, event_units, commitments,
commitment_for, units), computes every per-unit per-day counter that
`sinergi-kinerja`'s `facts.rs` defines (unit alone), rolls them up to
every ancestor (subtree), and prints one JSON object: the seconds spent
reading the CSV files and computing, the row counts, and the sums the
benchmark compares with Sinergi's (`Store::kinerja_counter_sums`): per
metric and day over units alone, and per metric over the subtree of
every top-level unit.

The rules, as `facts.rs` has them: a day is the calendar day in the
unit's zone (WITA, WIT by province code, else WIB); a release counts on
its public day while released; amplifying a unit of another level
counts as given (its unit) and received (the other unit, on its own
day); a released release with credited or confirmed matches counts as
picked up, and its articles; an item counts on the day it was recorded,
as covered when first published within 14 days, and an achievement's
delay (published day minus the day it happened, or was recorded, capped
0..366) on its publication day; an event not cancelled counts held for
its organiser, attended for each unit present, invited and attended
(when present) for each unit invited, each on its own day; a commitment
(not an example) counts due on its due day and kept when closed by then
(any other) or fulfilled by then (to replicate: every unit it is for was
present at some event of the series its unit organised at or after the
event it was made at, not that one; fulfilled when the last of them
was).
"""

import json
import sys
import time

import duckdb

d = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
con = duckdb.connect()
con.execute(f"SET threads = {threads}")

t0 = time.time()
tables = {
    "r": ("releases", "id BIGINT, unit_code VARCHAR, state VARCHAR, public_at BIGINT, amplifies_id BIGINT"),
    "i": ("items", "id BIGINT, unit_code VARCHAR, kind VARCHAR, created_at BIGINT, occurred_on VARCHAR, first_public_at BIGINT, removed_at BIGINT"),
    "m": ("matches", "id BIGINT, release_id BIGINT, state VARCHAR"),
    "e": ("events", "id BIGINT, organiser_code VARCHAR, series_id BIGINT, starts_at BIGINT, status VARCHAR"),
    "eu": ("event_units", "event_id BIGINT, unit_code VARCHAR, attended BIGINT"),
    "c": ("commitments", "id BIGINT, event_id BIGINT, unit_code VARCHAR, kind VARCHAR, due_at BIGINT, closed_at BIGINT, example BIGINT"),
    "cf": ("commitment_for", "commitment_id BIGINT, unit_code VARCHAR"),
    "units": ("units", "code VARCHAR, level VARCHAR"),
}
for name, (file, cols) in tables.items():
    spec = ", ".join(
        f"'{c.split()[0]}': '{c.split()[1]}'" for c in cols.split(", ")
    )
    con.execute(
        f"CREATE TABLE {name} AS SELECT * FROM read_csv('{d}/{file}.csv', header = true, "
        f"nullstr = '', columns = {{{spec}}})"
    )
t1 = time.time()

DAY = 86_400_000_000
con.execute(f"""
CREATE TABLE u AS SELECT code, level,
  CASE WHEN substr(code, 1, 2) IN ('51','52','53','63','64','65','71','72','73','74','75','76') THEN 8
       WHEN substr(code, 1, 2) IN ('81','82','91','92','93','94','95','96','97') THEN 9
       ELSE 7 END * 3600000000 AS off
FROM units""")

con.execute(f"""
CREATE TABLE alone AS
WITH picks AS (
  SELECT release_id, COUNT(*) AS n FROM m WHERE state IN ('credited', 'confirmed') GROUP BY release_id
),
rel AS (
  SELECT r.unit_code AS unit, uu.level, r.public_at, uu.off,
         a.unit_code AS amp_unit, ua.level AS amp_level, ua.off AS amp_off,
         COALESCE(p.n, 0) AS pickups
    FROM r JOIN u uu ON uu.code = r.unit_code
    LEFT JOIN r a ON a.id = r.amplifies_id
    LEFT JOIN u ua ON ua.code = a.unit_code
    LEFT JOIN picks p ON p.release_id = r.id
   WHERE r.state = 'released' AND r.public_at IS NOT NULL
),
item AS (
  SELECT i.unit_code AS unit, i.kind, i.created_at, i.first_public_at, uu.off,
         CAST(floor((i.created_at + uu.off) / {DAY}) AS BIGINT) AS recorded,
         CAST(i.occurred_on AS DATE) - DATE '1970-01-01' AS occurred
    FROM i JOIN u uu ON uu.code = i.unit_code
   WHERE i.removed_at IS NULL
),
ev AS (
  SELECT e.id, e.organiser_code, e.starts_at FROM e WHERE e.status <> 'cancelled'
),
made AS (
  SELECT c.*, e.series_id, e.starts_at AS made_at FROM c JOIN e ON e.id = c.event_id
   WHERE c.example = 0
),
-- For each commitment to replicate and each unit it is for: the first
-- event of the series its unit organised (after the one it was made at)
-- where that unit was present.
reached AS (
  SELECT mm.id, cf.unit_code,
         MIN(CASE WHEN e2.id IS NOT NULL THEN e2.starts_at END) AS first_at
    FROM made mm JOIN cf ON cf.commitment_id = mm.id
    LEFT JOIN (e e2 JOIN eu a2 ON a2.event_id = e2.id AND a2.attended = 1)
      ON e2.series_id = mm.series_id AND e2.organiser_code = mm.unit_code
     AND e2.status <> 'cancelled' AND e2.id <> mm.event_id AND e2.starts_at >= mm.made_at
     AND a2.unit_code = cf.unit_code
   WHERE mm.kind = 'replicate' AND mm.series_id IS NOT NULL
   GROUP BY mm.id, cf.unit_code
),
fulfilled AS (
  SELECT id, CASE WHEN COUNT(*) = COUNT(first_at) THEN MAX(first_at) END AS at
    FROM reached GROUP BY id
),
kept AS (
  SELECT mm.id, mm.unit_code, mm.due_at,
         CASE WHEN mm.kind = 'replicate' THEN f.at ELSE mm.closed_at END AS kept_at
    FROM made mm LEFT JOIN fulfilled f ON f.id = mm.id
),
counts AS (
  SELECT unit, CAST(floor((public_at + off) / {DAY}) AS BIGINT) AS day, 'releases' AS metric, 1 AS n FROM rel
  UNION ALL
  SELECT unit, CAST(floor((public_at + off) / {DAY}) AS BIGINT), 'amp_given', 1 FROM rel
   WHERE amp_unit IS NOT NULL AND amp_level <> level
  UNION ALL
  SELECT amp_unit, CAST(floor((public_at + amp_off) / {DAY}) AS BIGINT), 'amp_received', 1 FROM rel
   WHERE amp_unit IS NOT NULL AND amp_level <> level
  UNION ALL
  SELECT unit, CAST(floor((public_at + off) / {DAY}) AS BIGINT), 'picked_up', 1 FROM rel WHERE pickups > 0
  UNION ALL
  SELECT unit, CAST(floor((public_at + off) / {DAY}) AS BIGINT), 'articles', pickups FROM rel WHERE pickups > 0
  UNION ALL
  SELECT unit, recorded, CASE WHEN kind = 'achievement' THEN 'achievements' ELSE 'innovations' END, 1 FROM item
  UNION ALL
  SELECT unit, recorded, 'covered', 1 FROM item
   WHERE first_public_at IS NOT NULL AND first_public_at - created_at <= 14 * {DAY}
  UNION ALL
  SELECT unit, pub, 'delay:' || CAST(LEAST(GREATEST(pub - COALESCE(occurred, recorded), 0), 366) AS VARCHAR), 1
    FROM (SELECT *, CAST(floor((first_public_at + off) / {DAY}) AS BIGINT) AS pub FROM item
           WHERE first_public_at IS NOT NULL AND kind = 'achievement')
  UNION ALL
  SELECT ev.organiser_code, CAST(floor((ev.starts_at + uu.off) / {DAY}) AS BIGINT), 'events_held', 1
    FROM ev JOIN u uu ON uu.code = ev.organiser_code
  UNION ALL
  SELECT eu.unit_code, CAST(floor((ev.starts_at + uu.off) / {DAY}) AS BIGINT),
         CASE WHEN eu.attended = 1 THEN 'events_attended' ELSE 'invited' END, 1
    FROM ev JOIN eu ON eu.event_id = ev.id JOIN u uu ON uu.code = eu.unit_code
  UNION ALL
  SELECT inv.unit_code, CAST(floor((ev.starts_at + uu.off) / {DAY}) AS BIGINT), 'attended_invited', 1
    FROM ev JOIN eu inv ON inv.event_id = ev.id AND inv.attended = 0
    JOIN eu att ON att.event_id = ev.id AND att.attended = 1 AND att.unit_code = inv.unit_code
    JOIN u uu ON uu.code = inv.unit_code
  UNION ALL
  SELECT k.unit_code, CAST(floor((k.due_at + uu.off) / {DAY}) AS BIGINT), 'commitments_due', 1
    FROM kept k JOIN u uu ON uu.code = k.unit_code
  UNION ALL
  SELECT k.unit_code, CAST(floor((k.due_at + uu.off) / {DAY}) AS BIGINT), 'commitments_kept', 1
    FROM kept k JOIN u uu ON uu.code = k.unit_code WHERE k.kept_at IS NOT NULL AND k.kept_at <= k.due_at
)
SELECT unit, metric, day, SUM(n) AS n FROM counts GROUP BY unit, metric, day
""")
# The subtree of every unit: each count again for each ancestor.
con.execute("""
CREATE TABLE subtree AS
SELECT array_to_string(list_slice(parts, 1, k), '.') AS unit, metric, day, SUM(n) AS n
  FROM (SELECT parts, metric, day, n, unnest(range(1, len(parts) + 1)) AS k
          FROM (SELECT string_split(unit, '.') AS parts, metric, day, n FROM alone))
 GROUP BY ALL
""")
t2 = time.time()

sums = con.execute("""
SELECT '' AS unit, metric, day, CAST(SUM(n) AS BIGINT) FROM alone GROUP BY metric, day
UNION ALL
SELECT unit, metric, 0, CAST(SUM(n) AS BIGINT) FROM subtree WHERE NOT contains(unit, '.') GROUP BY unit, metric
""").fetchall()
alone_rows = con.execute("SELECT COUNT(*) FROM alone").fetchone()[0]
subtree_rows = con.execute("SELECT COUNT(*) FROM subtree").fetchone()[0]
print(json.dumps({
    "duckdb": duckdb.__version__,
    "threads": threads,
    "read_seconds": t1 - t0,
    "compute_seconds": t2 - t1,
    "alone_rows": alone_rows,
    "subtree_rows": subtree_rows,
    "sums": sums,
}))

-- Leases on jobs that one node at a time runs (the campaign and kinerja
-- projections): the holder renews its row; another node takes the job over
-- once `expires_at` (microseconds) has passed. See `src/leases.rs`.
CREATE TABLE job_leases (
    name       TEXT   PRIMARY KEY,
    holder     TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
);

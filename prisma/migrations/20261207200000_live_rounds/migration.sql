-- What a metric input held that did not become records (metrics FleetLedger does not read,
-- series it could not place, samples skipped by the counter rules), kept with its job.
ALTER TABLE ingest_job ADD COLUMN notices jsonb;

-- A round without bodies that stores every row still held back for late parts of a scrape: a
-- remote-write sender gone quiet. Journalled like the others, so a replay flushes at the same point.
ALTER TABLE remote_write_round ADD COLUMN flush boolean NOT NULL DEFAULT false;

-- The machine a job's process runs on: its pid means something only there. Jobs from before this
-- column were all written by one machine's processes, as the servers then assumed.
ALTER TABLE "ingest_job" ADD COLUMN "host" TEXT;

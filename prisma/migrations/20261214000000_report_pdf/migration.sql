-- The PDF of a closed day's report version never changes: printed once, served from here after.
CREATE TABLE "report_pdf" (
    "day"        TEXT NOT NULL,
    "time_zone"  TEXT NOT NULL,
    "day_start"  TEXT NOT NULL,
    "version"    INTEGER NOT NULL,
    "pdf"        BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    PRIMARY KEY ("day", "time_zone", "day_start", "version")
);

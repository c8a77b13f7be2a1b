-- Finance: pricing configuration, organisation settings, audit log and report snapshots.

-- CreateTable
CREATE TABLE "gpu_rate_card" (
    "id" SERIAL NOT NULL,
    "gpu_type" TEXT NOT NULL,
    "usd_per_gpu_hour" DECIMAL(20,10) NOT NULL,
    "effective_from" TIMESTAMPTZ(6) NOT NULL,
    "effective_to" TIMESTAMPTZ(6),

    CONSTRAINT "gpu_rate_card_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "price_book" (
    "id" SERIAL NOT NULL,
    "model" TEXT NOT NULL,
    "cache_hit_input" DECIMAL(20,10) NOT NULL,
    "cache_miss_input" DECIMAL(20,10) NOT NULL,
    "output" DECIMAL(20,10) NOT NULL,
    "effective_from" TIMESTAMPTZ(6) NOT NULL,
    "effective_to" TIMESTAMPTZ(6),

    CONSTRAINT "price_book_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "off_peak_window" (
    "id" SERIAL NOT NULL,
    "from_time" TEXT NOT NULL,
    "to_time" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "discount_by_model" JSONB NOT NULL,
    "effective_from" TIMESTAMPTZ(6) NOT NULL,
    "effective_to" TIMESTAMPTZ(6),

    CONSTRAINT "off_peak_window_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billable_source" (
    "source" TEXT NOT NULL,

    CONSTRAINT "billable_source_pkey" PRIMARY KEY ("source")
);

-- CreateTable
CREATE TABLE "org_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "day_start" TEXT NOT NULL DEFAULT '00:00',
    "reference_model" TEXT NOT NULL DEFAULT 'deepseek-r1',
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "org_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_id" TEXT,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_snapshot" (
    "id" SERIAL NOT NULL,
    "day" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "day_start" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "window_start" TIMESTAMPTZ(6) NOT NULL,
    "window_end" TIMESTAMPTZ(6) NOT NULL,
    "report" JSONB NOT NULL,
    "changes" JSONB,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "report_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "gpu_rate_card_gpu_type_effective_from_idx" ON "gpu_rate_card"("gpu_type", "effective_from");

-- CreateIndex
CREATE INDEX "price_book_model_effective_from_idx" ON "price_book"("model", "effective_from");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE UNIQUE INDEX "report_snapshot_day_time_zone_day_start_version_key" ON "report_snapshot"("day", "time_zone", "day_start", "version");

-- Seed: DEFAULT_PRICING of lib/finance/defaults.ts (DeepSeek's published figures, February 2025)
-- and the default organisation settings (00:00 UTC days). lib/settings/seed.db.test.ts checks
-- that a migrated database reads back exactly DEFAULT_PRICING.
INSERT INTO "gpu_rate_card" ("gpu_type", "usd_per_gpu_hour", "effective_from", "effective_to")
VALUES ('H800', 2.00, '1970-01-01T00:00:00Z', NULL);

INSERT INTO "price_book" ("model", "cache_hit_input", "cache_miss_input", "output", "effective_from", "effective_to")
VALUES ('deepseek-r1', 0.14, 0.55, 2.19, '1970-01-01T00:00:00Z', NULL),
       ('deepseek-v3', 0.07, 0.27, 1.10, '1970-01-01T00:00:00Z', NULL);

INSERT INTO "off_peak_window" ("from_time", "to_time", "time_zone", "discount_by_model", "effective_from", "effective_to")
VALUES ('00:30', '08:30', 'Asia/Shanghai', '{"deepseek-r1": "0.75", "deepseek-v3": "0.50"}', '2025-02-26T16:30:00Z', NULL);

INSERT INTO "billable_source" ("source") VALUES ('api');

INSERT INTO "org_settings" ("id", "time_zone", "day_start", "reference_model") VALUES (1, 'UTC', '00:00', 'deepseek-r1');

-- Energy: what each GPU used per interval (dcgm-exporter's energy counter), its sums per node in
-- the node rollups, and the electricity rate card that prices it beside the GPU rate.
ALTER TABLE gpu_sample ADD COLUMN energy_j float8;

-- Joules: the sample's energy counter where reported, else its power × seconds.
ALTER TABLE rollup_node_minute ADD COLUMN energy_j float8 NOT NULL DEFAULT 0;
ALTER TABLE rollup_node_hour ADD COLUMN energy_j float8 NOT NULL DEFAULT 0;
UPDATE rollup_node_minute SET energy_j = power_w_s WHERE power_w_s <> 0;
UPDATE rollup_node_hour SET energy_j = power_w_s WHERE power_w_s <> 0;

-- CreateTable
CREATE TABLE "electricity_rate" (
    "id" SERIAL NOT NULL,
    "usd_per_kwh" DECIMAL(20,10) NOT NULL,
    "effective_from" TIMESTAMPTZ(6) NOT NULL,
    "effective_to" TIMESTAMPTZ(6),

    CONSTRAINT "electricity_rate_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "electricity_rate_effective_from_idx" ON "electricity_rate"("effective_from");

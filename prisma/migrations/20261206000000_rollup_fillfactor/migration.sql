-- The hour and 10-minute rollups of GPUs and nodes are rewritten by every ingest batch that adds
-- to their bucket (a GPU-hour row about 80 times in a day of 10 s samples). Packed full pages
-- (fillfactor 100) left no room for the new row version on its page, so nearly every update
-- moved the row to a new page and left the old one dead: rollup_gpu_hour held a day's 44k rows
-- in 94 MB instead of 5.5 MB, and a 24 h view read 12k pages to find them (kv, balance: ~80 ms).
-- Half-full pages keep each update on its page (a HOT update, which also skips the indexes) and
-- the page's dead versions are pruned as it refills: the tables stay at about twice their live size.
ALTER TABLE rollup_gpu_hour SET (fillfactor = 50);
ALTER TABLE rollup_gpu_10min SET (fillfactor = 50);
ALTER TABLE rollup_node_hour SET (fillfactor = 50);

-- Rewrite what is already stored into compact pages with that free space.
CLUSTER rollup_gpu_hour USING rollup_gpu_hour_pkey;
CLUSTER rollup_gpu_10min USING rollup_gpu_10min_pkey;
CLUSTER rollup_node_hour USING rollup_node_hour_pkey;

-- Request histograms (TTFT, output speed, KV length per output token) as one row per bucket ×
-- model × source × metric holding its bins as an array — weights[i] is the weight of bin lo + i − 1 —
-- instead of a row per bin. Row per bin, the minute tier upserted about a third as many rows as
-- the requests it summarised: the largest share of the ingest's rollup work.

-- The element-wise sum of two bin arrays that start at bins lo1 and lo2.
CREATE FUNCTION hist_add(lo1 integer, w1 float8[], lo2 integer, w2 float8[]) RETURNS float8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(coalesce(w1[b - lo1 + 1], 0) + coalesce(w2[b - lo2 + 1], 0) ORDER BY b)
    FROM generate_series(least(lo1, lo2), greatest(lo1 + cardinality(w1), lo2 + cardinality(w2)) - 1) AS b
$$;

ALTER TABLE rollup_request_hist RENAME TO rollup_request_hist_old;
ALTER INDEX rollup_request_hist_pkey RENAME TO rollup_request_hist_old_pkey;
ALTER TABLE rollup_request_hist_hour RENAME TO rollup_request_hist_hour_old;
ALTER INDEX rollup_request_hist_hour_pkey RENAME TO rollup_request_hist_hour_old_pkey;

CREATE TABLE rollup_request_hist (
    bucket   timestamptz NOT NULL,
    model_id integer     NOT NULL,
    source   text        NOT NULL,
    metric   smallint    NOT NULL,
    lo       smallint    NOT NULL,
    weights  float8[]    NOT NULL,
    CONSTRAINT rollup_request_hist_pkey PRIMARY KEY (bucket, model_id, source, metric)
);
CREATE TABLE rollup_request_hist_hour (LIKE rollup_request_hist INCLUDING ALL);

INSERT INTO rollup_request_hist
SELECT g.bucket, g.model_id, g.source, g.metric, g.lo,
       (SELECT array_agg(coalesce(o.weight, 0) ORDER BY b)
          FROM generate_series(g.lo::integer, g.hi::integer) AS b
          LEFT JOIN rollup_request_hist_old o
            ON (o.bucket, o.model_id, o.source, o.metric, o.bin) = (g.bucket, g.model_id, g.source, g.metric, b))
  FROM (SELECT bucket, model_id, source, metric, min(bin) AS lo, max(bin) AS hi
          FROM rollup_request_hist_old GROUP BY 1, 2, 3, 4) AS g;

INSERT INTO rollup_request_hist_hour
SELECT g.bucket, g.model_id, g.source, g.metric, g.lo,
       (SELECT array_agg(coalesce(o.weight, 0) ORDER BY b)
          FROM generate_series(g.lo::integer, g.hi::integer) AS b
          LEFT JOIN rollup_request_hist_hour_old o
            ON (o.bucket, o.model_id, o.source, o.metric, o.bin) = (g.bucket, g.model_id, g.source, g.metric, b))
  FROM (SELECT bucket, model_id, source, metric, min(bin) AS lo, max(bin) AS hi
          FROM rollup_request_hist_hour_old GROUP BY 1, 2, 3, 4) AS g;

DROP TABLE rollup_request_hist_old;
DROP TABLE rollup_request_hist_hour_old;

-- The bins as rows, for the readers (a bin the array spans without weight is left out).
CREATE VIEW rollup_request_hist_bins AS
SELECT h.bucket, h.model_id, h.source, h.metric, (h.lo + u.i - 1)::smallint AS bin, u.weight
  FROM rollup_request_hist h, unnest(h.weights) WITH ORDINALITY AS u(weight, i)
 WHERE u.weight <> 0;
CREATE VIEW rollup_request_hist_hour_bins AS
SELECT h.bucket, h.model_id, h.source, h.metric, (h.lo + u.i - 1)::smallint AS bin, u.weight
  FROM rollup_request_hist_hour h, unnest(h.weights) WITH ORDINALITY AS u(weight, i)
 WHERE u.weight <> 0;

/**
 * The remote-write journal: each acknowledged request body, committed before the answer, then
 * read in rounds. A round is claimed (its bodies marked with its id) before it is read and
 * marked done after its records are stored, so a receiver that dies mid-round replays exactly
 * that round on restart, and the rounds before it rebuild the counters' state.
 */
import type pg from 'pg';

export interface JournalBody {
  id: bigint;
  receivedAt: number;
  contentType: string | null;
  body: Buffer;
}

export interface Round {
  id: bigint;
  done: boolean;
  /** A round of no bodies that stores every row held back (the senders went quiet). */
  flush: boolean;
  bodies: JournalBody[];
}

/** Appends one acknowledged body; resolves once it is committed. */
export async function appendBody(pool: pg.Pool, body: Buffer, contentType: string | null, samples: number): Promise<void> {
  await pool.query('INSERT INTO remote_write_batch (content_type, body, samples) VALUES ($1, $2, $3)', [contentType, body, samples]);
}

/**
 * Claims the unread bodies received at least `settleMs` ago (oldest first, up to `maxSamples`
 * samples) as a new round; null when there are none.
 */
export async function claimRound(pool: pg.Pool, settleMs: number, maxSamples: number): Promise<bigint | null> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // One claimer at a time: two receivers (or a test and a receiver) must not split a round.
    await client.query('LOCK TABLE remote_write_round IN EXCLUSIVE MODE');
    const { rows } = await client.query<{ id: string }>(
      `WITH unread AS (
         SELECT id, sum(samples) OVER (ORDER BY id) AS running
           FROM remote_write_batch
          WHERE round IS NULL AND received_at <= now() - $1::float8 * interval '1 millisecond'
          ORDER BY id LIMIT 10000
       ), picked AS (SELECT id FROM unread WHERE running <= $2 OR id = (SELECT min(id) FROM unread)),
       round AS (INSERT INTO remote_write_round (flush) SELECT false WHERE EXISTS (SELECT 1 FROM picked) RETURNING id)
       UPDATE remote_write_batch b SET round = round.id FROM picked, round WHERE b.id = picked.id
       RETURNING round.id::text AS id`,
      [settleMs, maxSamples],
    );
    if (!rows.length) {
      await client.query('ROLLBACK');
      return null;
    }
    await client.query('COMMIT');
    return BigInt(rows[0].id);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** Claims a flush round (no bodies), once no body has arrived for `quietMs`; null while bodies still arrive. */
export async function claimFlushRound(pool: pg.Pool, quietMs: number): Promise<bigint | null> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO remote_write_round (flush)
     SELECT true WHERE NOT EXISTS (
       SELECT 1 FROM remote_write_batch WHERE round IS NULL OR received_at > now() - $1::float8 * interval '1 millisecond')
     RETURNING id::text`,
    [quietMs],
  );
  return rows.length ? BigInt(rows[0].id) : null;
}

/** Whether bodies wait to be read or a round was left unfinished. */
export async function hasUnreadJournal(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ pending: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM remote_write_batch WHERE round IS NULL)
         OR EXISTS (SELECT 1 FROM remote_write_round WHERE done_at IS NULL) AS pending`,
  );
  return rows[0].pending;
}

export async function markRoundDone(pool: pg.Pool, round: bigint, jobId: bigint | null): Promise<void> {
  await pool.query('UPDATE remote_write_round SET done_at = now(), job_id = $2 WHERE id = $1', [round, jobId]);
}

interface BodyRow {
  id: string;
  round: string;
  received_ms: number;
  content_type: string | null;
  body: Buffer;
}

interface RoundRow {
  id: string;
  done: boolean;
  flush: boolean;
}

/**
 * The rounds a receiver starting now must read again: every claimed round not yet done, after
 * the done rounds of the last `lookbackMs` before the first of them (which rebuild the counters'
 * previous values). In round order.
 */
export async function roundsToReplay(pool: pg.Pool, lookbackMs: number): Promise<Round[]> {
  const rounds = await pool.query<RoundRow>(
    `WITH pending AS (SELECT min(id) AS first FROM remote_write_round WHERE done_at IS NULL),
          since AS (
            SELECT min(r.id) AS first FROM remote_write_round r, pending
             WHERE r.claimed_at >= (SELECT claimed_at FROM remote_write_round WHERE id = pending.first) - $1::float8 * interval '1 millisecond')
     SELECT r.id::text, r.done_at IS NOT NULL AS done, r.flush FROM remote_write_round r, since
      WHERE since.first IS NOT NULL AND r.id >= since.first ORDER BY r.id`,
    [lookbackMs],
  );
  if (!rounds.rows.length) return [];
  const bodies = await pool.query<BodyRow>(
    // Ordered by the table's columns: the output's id and round are text, and "10" sorts before "9".
    `SELECT b.id::text, b.round::text, extract(epoch FROM b.received_at) * 1000 AS received_ms, b.content_type, b.body
       FROM remote_write_batch b WHERE b.round >= $1 ORDER BY b.round, b.id`,
    [rounds.rows[0].id],
  );
  const byRound = new Map<string, JournalBody[]>();
  for (const b of bodies.rows) byRound.set(b.round, [...(byRound.get(b.round) ?? []), toBody(b)]);
  return rounds.rows.map((r) => ({ id: BigInt(r.id), done: r.done, flush: r.flush, bodies: byRound.get(r.id) ?? [] }));
}

/** The bodies of one claimed round, in order. */
export async function readRound(pool: pg.Pool, round: bigint): Promise<JournalBody[]> {
  const { rows } = await pool.query<BodyRow>(
    `SELECT b.id::text, b.round::text, extract(epoch FROM b.received_at) * 1000 AS received_ms, b.content_type, b.body
       FROM remote_write_batch b WHERE b.round = $1 ORDER BY b.id`,
    [round],
  );
  return rows.map(toBody);
}

/** Drops the bodies of rounds done more than `keepMs` ago (they are records now). */
export async function pruneJournal(pool: pg.Pool, keepMs: number): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `WITH old AS (DELETE FROM remote_write_round WHERE done_at < now() - $1::float8 * interval '1 millisecond' RETURNING id),
          bodies AS (DELETE FROM remote_write_batch b USING old WHERE b.round = old.id RETURNING 1)
     SELECT count(*)::int AS n FROM bodies`,
    [keepMs],
  );
  return rows[0].n;
}

const toBody = (r: BodyRow): JournalBody => ({ id: BigInt(r.id), receivedAt: Number(r.received_ms), contentType: r.content_type, body: r.body });

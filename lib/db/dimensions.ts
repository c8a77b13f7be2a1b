import type { ClientBase } from 'pg';

/**
 * Node and model names are interned into small integer ids (compact keys for the telemetry
 * tables). Model id 0 means "no model given".
 */
export class NameIds {
  private readonly ids = new Map<string, number>();

  constructor(private readonly table: 'node' | 'model') {}

  has(name: string): boolean {
    return this.ids.has(name);
  }

  get(name: string): number {
    const id = this.ids.get(name);
    if (id === undefined) throw new Error(`${this.table} "${name}" was not resolved`);
    return id;
  }

  /** Resolves (creating where needed) every name not yet known, in one round trip. */
  async resolve(client: ClientBase, names: Iterable<string>): Promise<void> {
    const wanted = [...new Set(names)];
    // A name another ingest creates concurrently is invisible to this statement's snapshot:
    // the next attempt sees it.
    for (let attempt = 0; attempt < 3; attempt++) {
      const unknown = wanted.filter((n) => !this.ids.has(n));
      if (!unknown.length) return;
      await this.lookup(client, unknown);
    }
    const missing = wanted.filter((n) => !this.ids.has(n));
    if (missing.length) throw new Error(`could not resolve ${this.table} names: ${missing.join(', ')}`);
  }

  private async lookup(client: ClientBase, unknown: string[]): Promise<void> {
    const { rows } = await client.query<{ id: number; name: string }>(
      `WITH ins AS (
         INSERT INTO ${this.table} (name) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT (name) DO NOTHING RETURNING id, name
       ) SELECT id, name FROM ins UNION ALL SELECT id, name FROM ${this.table} WHERE name = ANY($1::text[])`,
      [unknown],
    );
    for (const r of rows) this.ids.set(r.name, r.id);
  }
}

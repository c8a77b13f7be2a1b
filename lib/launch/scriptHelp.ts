/**
 * The npm scripts and what each does, read from README's script table (its one description), so
 * `npm run help` and the README never disagree.
 */
export interface ScriptHelp {
  /** The script's name as package.json has it ("start", "bench:ingest", "postinstall"). */
  name: string;
  usage: string;
  description: string;
}

const ROW = /^\| `((?:npm (?:run )?)?([a-z:-]+)[^`]*)` \| (.+) \|$/;

export function scriptHelp(readme: string): ScriptHelp[] {
  const out: ScriptHelp[] = [];
  for (const line of readme.split('\n')) {
    const m = ROW.exec(line.trim());
    if (m) out.push({ name: m[2], usage: m[1].replaceAll('\\|', '|'), description: m[3].replaceAll('\\|', '|') });
  }
  return out;
}

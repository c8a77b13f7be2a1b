'use client';

import { useState } from 'react';
import { Status, useSaver } from './settings-forms';

/**
 * The organisation's metric mapping as JSON: which labels of Prometheus series name the node,
 * the GPU and the role (docs/formats.md "Which labels name node, GPU and role"). Empty resets
 * to the defaults. Validated on the server, the field at fault named.
 */
export function MetricMappingForm({ initial, defaults }: { initial: string; defaults: string }) {
  const [text, setText] = useState(initial);
  const { status, run } = useSaver();
  const save = () => void run('/api/settings/metric-mapping', 'PUT', JSON.stringify({ mapping: text.trim() ? (JSON.parse(text) as unknown) : null }));
  let parseError: string | null = null;
  try {
    if (text.trim()) JSON.parse(text);
  } catch (e) {
    parseError = (e as Error).message;
  }
  return (
    <section className="panel" aria-label="Metric mapping">
      <h2>Metric mapping</h2>
      <p className="muted">
        Which labels of Prometheus series (scrape files, query results, remote write) name the node, the GPU or rank and the role.
        Empty: the defaults below. Every field is optional; see docs/formats.md.
      </p>
      <textarea
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={10}
        cols={80}
        spellCheck={false}
        aria-label="Metric mapping JSON"
        data-testid="metric-mapping"
        placeholder={defaults}
      />
      {parseError && <p className="error-text" role="alert">Not JSON: {parseError}</p>}
      <p>
        <button type="button" className="button" disabled={status.busy || parseError !== null} onClick={save}>
          Save mapping
        </button>
      </p>
      <Status status={status} />
      <details>
        <summary>Defaults</summary>
        <pre>{defaults}</pre>
      </details>
    </section>
  );
}

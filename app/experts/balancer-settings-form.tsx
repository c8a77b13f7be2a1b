'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import type { BalancerSetting } from '@/lib/metrics/balancerSettings';
import { csrfHeaders } from '@/app/_components/auth/csrf';

const FIELDS = [['groups', 'Expert groups'], ['nodes', 'Nodes'], ['gpus', 'GPUs'], ['redundant', 'Redundant slots']] as const;

/** The expert-parallel unit of each role (the EPLB placement's input), saved with an audit entry. */
export function BalancerSettingsForm({ settings }: { settings: Record<'prefill' | 'decode', BalancerSetting> }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const save = async (e: FormEvent<HTMLFormElement>, role: 'prefill' | 'decode') => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.currentTarget));
    const response = await fetch(`/api/balancer-settings/${role}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(data) });
    const body = await response.json();
    setMessage(response.ok ? (body.changed ? `${role} settings saved` : 'nothing changed') : body.error.message);
    if (response.ok) router.refresh();
  };
  return (
    <section className="panel no-print" aria-labelledby="balancer-settings">
      <h2 id="balancer-settings">Load balancer settings per role</h2>
      {(['prefill', 'decode'] as const).map((role) => (
        <form key={role} className="form-row" onSubmit={(e) => save(e, role)} data-testid={`balancer-${role}`}>
          <strong style={{ width: 60 }}>{role}</strong>
          {FIELDS.map(([key, label]) => (
            <label key={key}>{label}<input name={key} type="number" min={key === 'redundant' ? 0 : 1} defaultValue={settings[role][key]} style={{ width: 90 }} /></label>
          ))}
          <button type="submit">Save</button>
        </form>
      ))}
      <p className="muted">
        DeepSeek: prefill 8 groups, 4 nodes, 32 GPUs, 32 redundant; decode 8 groups, 18 nodes, 144 GPUs, 32 redundant (groups do not divide
        over 18 nodes: the global policy applies). {message}
      </p>
    </section>
  );
}

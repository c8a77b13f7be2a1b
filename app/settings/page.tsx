import type { Metadata } from 'next';
import '@/app/_components/finance/finance.css';
import { getDb } from '@/lib/db/client';
import { listAudit } from '@/lib/settings/audit';
import { getDaySettings } from '@/lib/settings/orgSettings';
import { formatPricingFile } from '@/lib/settings/pricingFile';
import { loadPricing } from '@/lib/settings/pricingStore';
import { defaultMappingInput } from '@/lib/ingest/metrics/mapping';
import { getMetricMappingInput } from '@/lib/settings/metricMapping';
import { MetricMappingForm } from './metric-mapping-form';
import { DaySettingsForm, PricingEditor } from './settings-forms';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const access = await guardPage('/settings');
  if ('denied' in access) return access.denied;
  const db = await getDb();
  const [day, pricing, audit, mapping] = await Promise.all([getDaySettings(db), loadPricing(db), listAudit(db, 50), getMetricMappingInput(db)]);
  return (
    <>
      <header className="page-header">
        <h1>Settings</h1>
        <p className="subtitle">Organisation day and pricing. Every change is audited; a change dated inside a closed day shows there as a restatement.</p>
      </header>
      <DaySettingsForm initial={day} />
      {/* Not keyed by the stored values: a save refreshes the page, and a remount would drop its "Saved". */}
      <PricingEditor initial={JSON.parse(formatPricingFile(pricing))} />
      <MetricMappingForm
        initial={mapping ? JSON.stringify(mapping, null, 2) : ''}
        defaults={JSON.stringify(defaultMappingInput(), null, 2)}
      />
      <section className="panel">
        <h2>Audit log</h2>
        <table className="data" data-testid="audit-log">
          <thead><tr><th>When</th><th>Who</th><th>What</th><th>Entity</th></tr></thead>
          <tbody>
            {audit.map((a) => (
              <tr key={a.id}><td>{a.at}</td><td>{a.actor}</td><td>{a.action}</td><td>{a.entity}{a.entityId ? ` ${a.entityId}` : ''}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

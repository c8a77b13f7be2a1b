'use client';

import { useEffect, useRef } from 'react';
import { BarController, BarElement, Chart, Legend, LinearScale, TimeScale, Tooltip, type ChartConfiguration } from 'chart.js';
import 'chartjs-adapter-date-fns';
import { tz } from '@date-fns/tz';
import type { CostIncomeSeries } from '@/lib/report/chart';

Chart.register(BarController, BarElement, LinearScale, TimeScale, Tooltip, Legend);

type Config = ChartConfiguration<'bar', { x: number; y: number }[]>;

function datasets(series: CostIncomeSeries): Config['data']['datasets'] {
  const of = (key: 'cost' | 'theoretical' | 'actual') => series.points.map((p) => ({ x: p.x, y: p[key] }));
  return [
    { label: 'Cost', data: of('cost'), backgroundColor: '#d4a017' },
    { label: 'Theoretical income', data: of('theoretical'), backgroundColor: '#3b6fb6' },
    { label: 'Actual income', data: of('actual'), backgroundColor: '#5aa469' },
  ];
}

/**
 * DeepSeek's "Cost and Theoretical Income" hourly bars, drawn from prepared data. The chart is
 * created once; new data updates it. The hour axis reads the wall clock of the report's zone.
 * Marks itself print-ready (the PDF waits for that) once drawn.
 */
export function CostIncomeChart({ series }: { series: CostIncomeSeries }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar', { x: number; y: number }[]> | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const config: Config = {
      type: 'bar',
      data: { datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: {
            type: 'time',
            time: { unit: 'hour', displayFormats: { hour: 'HH:mm' }, tooltipFormat: 'yyyy-MM-dd HH:mm' },
            adapters: { date: { in: tz(series.timeZone) } },
            offset: true,
            grid: { display: false },
          },
          y: { beginAtZero: true, ticks: { callback: (v) => `$${Number(v).toLocaleString('en-US')}` } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    };
    chart.current = new Chart(canvas.current, config);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
    // The chart is created once per zone; data changes go through update() below.
  }, [series.timeZone]);

  useEffect(() => {
    if (!chart.current) return;
    chart.current.data.datasets = datasets(series);
    chart.current.update();
    wrapper.current?.setAttribute('data-print-ready', 'true');
  }, [series]);

  return (
    <div ref={wrapper} className="chart-box" data-testid="cost-income-chart">
      <canvas ref={canvas} role="img" aria-label="Hourly cost, theoretical income and actual income" />
    </div>
  );
}

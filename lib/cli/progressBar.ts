import cliProgress from 'cli-progress';
import type { IngestProgress } from '@/lib/ingest/ingest';

const MiB = 1024 * 1024;

/** An ingest progress bar on stderr: bytes read of the file, lines and lines per second. */
export function createProgressBar(file: string, totalBytes: number) {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${file} [{bar}] {percentage}% | {readMiB}/{totalMiB} MiB | {lines} lines | {rate} lines/s`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(Math.max(totalBytes, 1), 0, { readMiB: '0.0', totalMiB: (totalBytes / MiB).toFixed(1), lines: 0, rate: 0 });
  return {
    update: (p: IngestProgress) => {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(p.bytesRead, { readMiB: (p.bytesRead / MiB).toFixed(1), lines: p.lines, rate: Math.round(p.lines / seconds) });
    },
    stop: () => bar.stop(),
  };
}

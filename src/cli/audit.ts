// gatehouse audit: prints the audit trail as JSON lines.
import type { Command } from 'commander';
import { withLocalServices } from './local.ts';

/** Accepts an ISO time, a date, or a relative '15m' / '2h' / '7d'. */
export function parseSince(value: string, now = new Date()): string {
  const rel = /^(\d+)([smhd])$/.exec(value);
  if (rel) {
    const unit = { s: 1, m: 60, h: 3600, d: 86400 }[rel[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(rel[1]) * unit * 1000).toISOString();
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`--since: '${value}' is not a time (ISO 8601, a date, or 15m/2h/7d)`);
  return new Date(t).toISOString();
}

export function registerAuditCommand(program: Command): void {
  program.command('audit').description('print the audit trail (JSON lines)')
    .option('--data-dir <dir>', 'data directory', process.env.GATEHOUSE_DATA_DIR ?? './data')
    .option('--since <time>', 'ISO time, date, or relative 15m/2h/7d', '1970-01-01T00:00:00.000Z')
    .option('--limit <n>', 'at most this many entries', '10000')
    .action(async (o: { dataDir: string; since: string; limit: string }) => {
      const entries = await withLocalServices(o.dataDir, (s) => s.audit.since(parseSince(o.since), Number(o.limit)));
      for (const e of entries) process.stdout.write(JSON.stringify(e) + '\n');
    });
}

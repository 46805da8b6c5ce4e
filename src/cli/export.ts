// gatehouse export users|endpoints|networkdevices [--format csv|json] [--out FILE]
import type { Command } from 'commander';
import { addConnectionOptions, connect, type ConnectionOpts } from './connection.ts';
import { runExport } from './export-run.ts';
import type { ExportKind } from './import-kind.ts';
import { USERS_EXPORT } from './user-rows.ts';
import { ENDPOINTS_EXPORT } from './endpoint-rows.ts';
import { DEVICES_EXPORT } from './device-rows.ts';

const KINDS: Record<string, ExportKind> = { users: USERS_EXPORT, endpoints: ENDPOINTS_EXPORT, networkdevices: DEVICES_EXPORT };

interface ExportOpts extends ConnectionOpts {
  format: string;
  out?: string;
}

export function registerExportCommand(program: Command): void {
  const c = program.command('export').description('write every user, endpoint or network device to CSV (the import format) or JSON, over ERS')
    .argument('<what>', 'users | endpoints | networkdevices');
  addConnectionOptions(c)
    .option('--format <format>', 'csv | json', 'csv')
    .option('--out <file>', 'output file (default: standard output)')
    .addHelpText('after', `
CSV has the columns of 'gatehouse import' (passwords are never readable over ERS, so the password column is empty);
network device CSV leaves shared secrets out, while JSON carries every object as the server returns it.
Against a Gatehouse node the objects come from one export stream (the Gatehouse fast path, and the run says so);
--ers-only keeps to the calls real ISE serves.`)
    .action(async (what: string, o: ExportOpts) => {
      const kind = KINDS[what];
      if (!kind) throw new Error(`export ${what}: expected users, endpoints or networkdevices`);
      if (o.format !== 'csv' && o.format !== 'json') throw new Error('--format must be csv or json');
      const conn = await connect(o);
      try {
        const say = (line: string) => (o.out ? process.stdout : process.stderr).write(`${line}\n`);
        await runExport(conn.http, { kind, format: o.format, outFile: o.out, concurrency: conn.concurrency, extension: !conn.ersOnly }, say);
      } finally {
        conn.http.close();
      }
    });
}

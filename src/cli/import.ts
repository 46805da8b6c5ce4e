// gatehouse import users|endpoints FILE.csv
import type { Command } from 'commander';
import { HeaderError } from './csv-input.ts';
import { addConnectionOptions, connect, type ConnectionOpts } from './connection.ts';
import { checkHeader, runImport } from './import-run.ts';
import type { ImportKind } from './import-kind.ts';
import type { LookupMode } from './lookup.ts';
import { USERS } from './user-rows.ts';
import { ENDPOINTS } from './endpoint-rows.ts';
import { bulkWriterIfOffered } from './bulk.ts';

const KINDS: Record<string, ImportKind> = { users: USERS, endpoints: ENDPOINTS };

interface ImportOpts extends ConnectionOpts {
  errors: string;
  state?: string;
  dryRun?: boolean;
  resume?: boolean;
  verbose?: boolean;
  updatePasswords?: boolean;
  lookup: string;
  bulk: string;
}

export function registerImportCommand(program: Command): void {
  const c = program.command('import').description('create or update users or endpoints from a CSV file over ERS (Gatehouse or Cisco ISE)')
    .argument('<what>', 'users | endpoints')
    .argument('<file>', 'CSV file with a header row');
  addConnectionOptions(c)
    .option('--errors <file>', 'where failed rows go (original row, HTTP status, message)', 'errors.csv')
    .option('--state <file>', 'resume state file (default: FILE.state next to the CSV)')
    .option('--resume', 'skip rows done by an earlier interrupted run (from the state file)')
    .option('--dry-run', 'print the plan (create/update/unchanged/invalid) and change nothing')
    .option('--verbose', 'print one line per created, updated or failed row')
    .option('--update-passwords', 'also send CSV passwords to existing users (such rows always count as updated)')
    .option('--lookup <mode>', 'auto | name (GET by name per row) | list (read the whole list once)', 'auto')
    .option('--bulk <mode>', 'auto (use bulk requests when the server offers them) | off', 'auto')
    .addHelpText('after', `
Users CSV columns: name (required), password, enablePassword, email, firstName, lastName, description,
  identityGroup (group names, several separated by ';'), expiryDate (YYYY-MM-DD), enabled, changePassword,
  passwordNeverExpires, accountNameAlias, passwordIDStore, attr:NAME (custom attributes).
Endpoints CSV columns: mac (required), groupName, description, staticGroupAssignment, staticProfileAssignment,
  portalUser, attr:NAME.
Credentials: GATEHOUSE_USER and GATEHOUSE_PASSWORD, else a prompt. Exit code 0 only when every row succeeded.
Against a Gatehouse node the importer says so and takes its fast paths: one export stream instead of per-row
look-ups, users through the Gatehouse bulk call, endpoints through ERS bulk (--ers-only keeps to the calls ISE serves).`)
    .action(async (what: string, file: string, o: ImportOpts) => {
      const kind = KINDS[what];
      if (!kind) throw new Error(`import ${what}: expected users or endpoints`);
      const lookup = o.lookup as LookupMode;
      if (!['auto', 'name', 'list'].includes(lookup)) throw new Error(`--lookup must be auto, name or list`);
      if (!['auto', 'off'].includes(o.bulk)) throw new Error(`--bulk must be auto or off`);
      try {
        await checkHeader(file, kind);
      } catch (e) {
        if (e instanceof HeaderError) {
          process.stderr.write(`gatehouse: ${e.message}\nno call was made\n`);
          process.exit(2);
        }
        throw e;
      }
      const conn = await connect(o);
      try {
        const result = await runImport(conn.http, {
          file, kind, errorsFile: o.errors, stateFile: o.state ?? `${file}.state`, dryRun: !!o.dryRun, resume: !!o.resume,
          verbose: !!o.verbose, updatePasswords: !!o.updatePasswords, lookup, concurrency: conn.concurrency, rate: conn.rate,
          extension: !conn.ersOnly,
          writer: o.bulk === 'auto' ? (http, ext) => bulkWriterIfOffered(http, kind, ext) : undefined,
        }, (line) => process.stdout.write(`${line}\n`));
        process.exitCode = result.counts.invalid + result.counts.failed === 0 ? 0 : 1;
      } finally {
        conn.http.close();
      }
    });
}

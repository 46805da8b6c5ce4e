#!/usr/bin/env node
// gatehouse: the node (serve) and the administration commands.
import { Command } from 'commander';
import { GATEHOUSE_VERSION } from './version.ts';
import { registerServeCommand } from './cli/serve.ts';
import { registerAdminCommands } from './cli/admin.ts';
import { registerAuditCommand } from './cli/audit.ts';
import { registerImportCommand } from './cli/import.ts';
import { registerExportCommand } from './cli/export.ts';
import { registerRadtestCommand } from './cli/radtest.ts';
import { registerCertCommands } from './cli/cert.ts';
import { isGatehouseError } from './errors.ts';

const program = new Command('gatehouse').version(GATEHOUSE_VERSION).description('Gatehouse identity services engine');
registerServeCommand(program);
registerAdminCommands(program);
registerAuditCommand(program);
registerImportCommand(program);
registerExportCommand(program);
registerRadtestCommand(program);
registerCertCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.stderr.write(`gatehouse: ${isGatehouseError(e) ? e.message : (e as Error).message}\n`);
  process.exit(isGatehouseError(e) ? 1 : 2);
}

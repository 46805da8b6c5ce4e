// gatehouse admin add|passwd|list|remove
import type { Command } from 'commander';
import { ADMIN_ROLES } from '../domain/admin-user.ts';
import { LOCAL_ACTOR, withLocalServices } from './local.ts';
import { promptSecret, readStdinSecret } from './secret-input.ts';

interface Opts { dataDir: string; name?: string; role?: string; passwordStdin?: boolean }

const need = (v: string | undefined, flag: string): string => {
  if (!v) throw new Error(`${flag} is required`);
  return v;
};

async function password(opts: Opts): Promise<string> {
  if (opts.passwordStdin) return readStdinSecret();
  const first = await promptSecret('Password: ');
  const again = await promptSecret('Again: ');
  if (first !== again) throw new Error('the passwords do not match');
  return first;
}

export function registerAdminCommands(program: Command): void {
  const admin = program.command('admin').description('manage administrator accounts (works on a stopped or running node)');
  const common = (c: Command) => c.option('--data-dir <dir>', 'data directory', process.env.GATEHOUSE_DATA_DIR ?? './data');
  common(admin.command('add').description('create an admin'))
    .requiredOption('--name <name>').requiredOption('--role <role>', Object.keys(ADMIN_ROLES).join('|'))
    .option('--password-stdin', 'read the password from standard input')
    .action(async (o: Opts) => {
      const pw = await password(o);
      await withLocalServices(o.dataDir, (s) => s.admins.add(need(o.name, '--name'), need(o.role, '--role'), pw, LOCAL_ACTOR));
      console.log(`admin '${o.name}' added (${o.role})`);
    });
  common(admin.command('passwd').description('set an admin password'))
    .requiredOption('--name <name>').option('--password-stdin', 'read the password from standard input')
    .action(async (o: Opts) => {
      const pw = await password(o);
      await withLocalServices(o.dataDir, (s) => s.admins.setPassword(need(o.name, '--name'), pw, LOCAL_ACTOR));
      console.log(`password of '${o.name}' changed`);
    });
  common(admin.command('list').description('list admins')).action(async (o: Opts) => {
    const list = await withLocalServices(o.dataDir, (s) => s.admins.list());
    for (const a of list) console.log(`${a.name}\t${a.role}\t${a.enabled ? 'enabled' : 'disabled'}\t${a.createdAt}`);
  });
  common(admin.command('remove').description('remove an admin')).requiredOption('--name <name>').action(async (o: Opts) => {
    await withLocalServices(o.dataDir, (s) => s.admins.remove(need(o.name, '--name'), LOCAL_ACTOR));
    console.log(`admin '${o.name}' removed`);
  });
}

// npm run bench -- NAME [args]: runs bench/NAME.ts. Benchmarks are not tests;
// each prints figures measured side by side in one run.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const names = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('lib')).map((f) => f.slice(0, -3));
const [name, ...rest] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- NAME [args]\nbenchmarks: ${names.join(', ')}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, [join(import.meta.dirname, `${name}.ts`), ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);

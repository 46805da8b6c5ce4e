// Runs the whole test suite with Node's test runner, type-checks the tree,
// and ends with one line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = [...findTests('src', []), ...findTests('test', [])]
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

let typeFailed = 0;
if (filter.length === 0) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
  if (tsc.status !== 0) { typeFailed = 1; console.error('type check failed'); }
  else console.log('type check passed');
}

const run = spawnSync(process.execPath, [
  '--test',
  '--test-concurrency=2',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/count-reporter.ts', '--test-reporter-destination=./.test-counts.json',
  ...files,
], { stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } });

let passed = 0;
let failed = typeFailed;
let skipped = 0;
try {
  const { readFileSync, rmSync } = await import('node:fs');
  const counts = JSON.parse(readFileSync('.test-counts.json', 'utf8')) as { passed: number; failed: number; skipped: number };
  rmSync('.test-counts.json');
  passed += counts.passed; failed += counts.failed; skipped += counts.skipped;
} catch {
  failed += 1;
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);

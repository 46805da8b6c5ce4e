// gatehouse import users / export users as a subprocess against a real node
// over HTTPS: create, unchanged re-run, partial updates, bad rows,
// dry run, header errors, round trip, resume after SIGKILL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { startServer, type TestServer } from '../helpers/server.ts';
import { cliEnv, count, gatehouse, spawnCli } from './cli.ts';
import { startStub } from './stub.ts';

const EMPLOYEE = 'a1740510-8c01-11e6-996c-525400b48521';
const ALL_ACCOUNTS = 'a176c430-8c01-11e6-996c-525400b48521';

let server: TestServer;
let dir: string;
let env: Record<string, string>;
before(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-import-'));
  env = cliEnv(`https://127.0.0.1:${server.ports.ers}`);
});
after(async () => {
  await server.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const run = (args: string[]) => gatehouse([...args, '--insecure'], env, dir);
const user = async (name: string) => {
  const r = await server.request('GET', `/ers/config/internaluser/name/${encodeURIComponent(name)}`);
  return r.status === 200 ? r.json().InternalUser : undefined;
};
const errorsOf = (p: string): Record<string, string>[] => parse(readFileSync(p), { columns: true });

test('first run creates, second run is all unchanged, export round-trips', async () => {
  const csv = file('team.csv', [
    'name,password,email,firstName,lastName,description,identityGroup,expiryDate,enabled,changePassword',
    'rt-alice,Secret-Pass-11,alice@example.com,Alice,Smith,ops lead,Employee,,true,false',
    'rt-bob,Secret-Pass-12,bob@example.com,Bob,Jones,,Employee;ALL_ACCOUNTS (default),2031-01-31,false,',
    '"rt-carol",Secret-Pass-13,carol@example.com,"Carol, Jr.","O\'Neil","says ""hi""",,,,',
  ].join('\n') + '\n');
  const first = await run(['import', 'users', csv, '--errors', join(dir, 'e1.csv')]);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  assert.equal(count(first.stdout, 'created'), 3);
  assert.equal(count(first.stdout, 'failed'), 0);
  assert.ok(!existsSync(`${csv}.state`), 'the state file is removed after a fully successful run');
  const alice = await user('rt-alice');
  assert.equal(alice.email, 'alice@example.com');
  assert.equal(alice.description, 'ops lead');
  assert.equal(alice.identityGroups, EMPLOYEE);
  assert.equal(alice.changePassword, false);
  const bob = await user('rt-bob');
  assert.deepEqual(bob.identityGroups.split(',').sort(), [EMPLOYEE, ALL_ACCOUNTS].sort());
  assert.equal(bob.expiryDateEnabled, true);
  assert.equal(bob.expiryDate, '2031-01-31');
  assert.equal(bob.enabled, false);
  const carol = await user('rt-carol');
  assert.equal(carol.firstName, 'Carol, Jr.');
  assert.equal(carol.description, 'says "hi"');
  assert.equal(carol.identityGroups, '');
  for (const [lookup, shown] of [['auto', 'one Gatehouse export stream'], ['name', 'name per row'], ['list', 'one list read']]) {
    const again = await run(['import', 'users', csv, '--lookup', lookup]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, new RegExp(`lookup by ${shown}`));
    assert.equal(count(again.stdout, 'unchanged'), 3, lookup);
    assert.equal(count(again.stdout, 'created') + count(again.stdout, 'updated'), 0);
    // Credentials check, group names and extension detection, then one stream (auto) or one GET per row (name).
    if (lookup !== 'list') assert.equal(count(again.stdout, 'HTTP calls'), lookup === 'auto' ? 4 : 6, again.stdout);
  }
  // Export in the import format, then import the export: nothing to do. The
  // Gatehouse fast path and ISE's paging give the same file.
  const out = join(dir, 'export.csv');
  const exp = await run(['export', 'users', '--out', out]);
  assert.equal(exp.code, 0, exp.stderr);
  assert.match(exp.stdout, /Gatehouse fast path, one NDJSON stream of every object \(\/gatehouse\/v1\/export\/internaluser\)/);
  const viaErs = join(dir, 'export-ers.csv');
  const ers = await run(['export', 'users', '--out', viaErs, '--ers-only']);
  assert.equal(ers.code, 0, ers.stderr);
  assert.match(ers.stdout, /standard ERS paging \(size=100, following nextPage\)/);
  assert.equal(readFileSync(out, 'utf8'), readFileSync(viaErs, 'utf8'));
  const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
  const bobRow = rows.find((r) => r.name === 'rt-bob')!;
  assert.equal(bobRow.identityGroup.split(';').sort().join(';'), 'ALL_ACCOUNTS (default);Employee');
  assert.equal(bobRow.expiryDate, '2031-01-31');
  assert.equal(bobRow.password, '');
  const back = await run(['import', 'users', out]);
  assert.equal(back.code, 0, back.stdout);
  assert.equal(count(back.stdout, 'unchanged'), rows.length);
  const json = join(dir, 'export.json');
  assert.equal((await run(['export', 'users', '--format', 'json', '--out', json])).code, 0);
  const jsonErs = join(dir, 'export-ers.json');
  assert.equal((await run(['export', 'users', '--format', 'json', '--out', jsonErs, '--ers-only'])).code, 0);
  assert.equal(readFileSync(json, 'utf8'), readFileSync(jsonErs, 'utf8'));
  const objs = JSON.parse(readFileSync(json, 'utf8')) as { InternalUser: Record<string, unknown> }[];
  assert.equal(objs.length, rows.length);
  assert.equal(objs.find((o) => o.InternalUser.name === 'rt-alice')!.InternalUser.email, 'alice@example.com');
  assert.ok(objs.every((o) => o.InternalUser.link === undefined && o.InternalUser.password === '*******'));
});

test('an edited CSV updates only the changed rows and only the changed fields', async () => {
  const header = 'name,password,email,firstName,identityGroup,enabled';
  const rows = ['ed-1,Secret-Pass-21,one@example.com,One,Employee,true', 'ed-2,Secret-Pass-22,two@example.com,Two,Employee,true', 'ed-3,Secret-Pass-23,three@example.com,Three,Employee,true'];
  const csv = file('edit.csv', [header, ...rows].join('\n') + '\n');
  assert.equal((await run(['import', 'users', csv])).code, 0);
  // Fields the CSV does not carry are left alone by updates.
  await server.request('PUT', '/ers/config/internaluser/name/ed-2', { body: { InternalUser: { description: 'set by hand', lastName: 'Kept' } } });
  const before1 = await user('ed-1');
  const before3 = await user('ed-3');
  rows[1] = 'ed-2,Secret-Pass-22,two@new.example.com,Two,ALL_ACCOUNTS (default),false';
  writeFileSync(csv, [header, ...rows].join('\n') + '\n');
  const r = await run(['import', 'users', csv, '--verbose']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(count(r.stdout, 'updated'), 1);
  assert.equal(count(r.stdout, 'unchanged'), 2);
  // The fields the server reports in its UpdatedFieldsList.
  assert.match(r.stdout, /^updated\s+row 2 ed-2 \((.+)\)$/m);
  const fields = /^updated\s+row 2 ed-2 \((.+)\)$/m.exec(r.stdout)![1].split(', ').sort();
  assert.deepEqual(fields, ['email', 'enabled', 'identityGroups']);
  const ed2 = await user('ed-2');
  assert.equal(ed2.email, 'two@new.example.com');
  assert.equal(ed2.enabled, false);
  assert.equal(ed2.identityGroups, ALL_ACCOUNTS);
  assert.equal(ed2.description, 'set by hand');
  assert.equal(ed2.lastName, 'Kept');
  assert.deepEqual(await user('ed-1'), before1);
  assert.deepEqual(await user('ed-3'), before3);
  // Passwords cannot be compared; --update-passwords sends them.
  const pw = await run(['import', 'users', csv, '--update-passwords', '--verbose']);
  assert.equal(count(pw.stdout, 'updated'), 3);
  assert.match(pw.stdout, /^updated\s+row 1 ed-1 \(password\)$/m);
  assert.ok(!pw.stdout.includes('Secret-Pass-21'));
});

test('bad rows land in errors.csv with the status and message; the run goes on; passwords never leak', async () => {
  const csv = file('bad.csv', Buffer.concat([Buffer.from([
    'name,password,email,identityGroup,expiryDate,enabled',
    'bad-ok,Secret-Pass-31,ok@example.com,Employee,,true',
    'bad-weak,weakpass,weak@example.com,Employee,,',
    'bad-group,Secret-Pass-32,,No Such Group,,',
    'bad-date,Secret-Pass-33,,,2031-02-30,',
    'bad-bool,Secret-Pass-34,,,,maybe',
    'bad-ok,Secret-Pass-31,ok@example.com,Employee,,true',
    'bad-short,Secret-Pass-35',
    'bad-mail,Secret-Pass-36,not-an-email,,,',
    ',Secret-Pass-37,,,,',
    '',
  ].join('\n')), Buffer.from('bad-latin1,Secret-Pass-38,caf\xe9@example.com,,,\n', 'latin1')]));
  const errors = join(dir, 'bad-errors.csv');
  // The calls real ISE serves: each row has its own call and HTTP status.
  const r = await run(['import', 'users', csv, '--errors', errors, '--ers-only']);
  assert.equal(r.code, 1);
  assert.equal(count(r.stdout, 'created'), 1);
  assert.equal(count(r.stdout, 'invalid') + count(r.stdout, 'failed'), 9);
  const rows = errorsOf(errors);
  const by = (row: number) => rows.find((x) => x.row === String(row))!;
  assert.equal(by(2).status, '400');
  assert.match(by(2).message, /Password/);
  assert.equal(by(2).name, 'bad-weak');
  assert.equal(by(3).status, '');
  assert.match(by(3).message, /unknown identity group 'No Such Group'/);
  assert.match(by(4).message, /expiryDate: '2031-02-30' is not a date/);
  assert.match(by(5).message, /enabled: 'maybe' is not true or false/);
  assert.match(by(6).message, /duplicate of row 1/);
  assert.match(by(7).message, /2 fields, the header has 6/);
  assert.equal(by(8).status, '400');
  assert.match(by(8).message, /mail/i);
  assert.match(by(9).message, /name: is empty/);
  assert.match(by(10).message, /not valid UTF-8/);
  const text = readFileSync(errors, 'utf8') + r.stdout + r.stderr;
  for (let i = 31; i <= 38; i++) assert.ok(!text.includes(`Secret-Pass-${i}`), `password ${i} leaked`);
  assert.ok(!text.includes('weakpass'));
  assert.ok(rows.every((x) => x.password === ''));
  assert.equal((await user('bad-ok'))?.email, 'ok@example.com');
  assert.equal(await user('bad-weak'), undefined);
  // The failed rows are retried by --resume (through the Gatehouse bulk now); the good one is skipped.
  const again = await run(['import', 'users', csv, '--errors', errors, '--resume']);
  assert.match(again.stdout, /Gatehouse fast path: bulk requests/);
  assert.equal(count(again.stdout, 'skipped (done before)'), 1);
  assert.equal(count(again.stdout, 'invalid') + count(again.stdout, 'failed'), 9);
  const bulkRows = errorsOf(errors);
  const bulkBy = (row: number) => bulkRows.find((x) => x.row === String(row))!;
  assert.equal(bulkBy(2).message, by(2).message);
  assert.equal(bulkBy(2).status, '');
  assert.equal(bulkBy(8).message, by(8).message);
  const text2 = readFileSync(errors, 'utf8') + again.stdout + again.stderr;
  for (let i = 31; i <= 38; i++) assert.ok(!text2.includes(`Secret-Pass-${i}`), `password ${i} leaked`);
  assert.equal(await user('bad-weak'), undefined);
});

test('--dry-run prints the plan and changes nothing', async () => {
  const csv = file('dry.csv', 'name,password,email\ndry-1,Secret-Pass-41,a@example.com\n');
  assert.equal((await run(['import', 'users', csv])).code, 0);
  writeFileSync(csv, 'name,password,email\ndry-1,Secret-Pass-41,b@example.com\ndry-2,Secret-Pass-42,c@example.com\ndry-3,x,\n');
  const before = await user('dry-1');
  const r = await run(['import', 'users', csv, '--dry-run', '--errors', join(dir, 'dry-errors.csv')]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /dry run, nothing is changed/);
  assert.match(r.stdout, /^update\s+row 1 dry-1 \(email\)$/m);
  assert.match(r.stdout, /^create\s+row 2 dry-2$/m);
  assert.match(r.stdout, /^create\s+row 3 dry-3$/m);
  assert.equal(count(r.stdout, 'to create'), 2);
  assert.equal(count(r.stdout, 'to update'), 1);
  assert.deepEqual(await user('dry-1'), before);
  assert.equal(await user('dry-2'), undefined);
  assert.ok(!existsSync(`${csv}.state`));
  assert.ok(!r.stdout.includes('Secret-Pass'));
});

test('header errors stop the run before any call', async () => {
  const stub = await startStub((_req, res) => { res.writeHead(500); res.end(); });
  try {
    const stubEnv = { ...env, GATEHOUSE_URL: stub.url };
    for (const [text, pattern] of [
      ['name,pasword,email\nx,y,z\n', /unknown column 'pasword'/],
      ['email,password\nx,y\n', /required column 'name' is missing/],
      ['name,email,Email\nx,y,z\n', /column 'Email' appears twice/],
      ['', /is empty/],
    ] as const) {
      const r = await gatehouse(['import', 'users', file('hdr.csv', text), '--insecure'], stubEnv, dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, pattern);
      assert.match(r.stderr, /no call was made/);
    }
    const ep = await gatehouse(['import', 'endpoints', file('hdr2.csv', 'mac,groupname,colour\n'), '--insecure'], stubEnv, dir);
    assert.equal(ep.code, 2);
    assert.match(ep.stderr, /unknown column 'colour'/);
    assert.equal(stub.requests.length, 0);
  } finally {
    await stub.close();
  }
});

test('--resume after SIGKILL mid-run: no row lost, none duplicated', async () => {
  const n = 1500;
  const lines = ['name,password,firstName'];
  for (let i = 0; i < n; i++) lines.push(`rs-${String(i).padStart(5, '0')},Secret-Pass-${i % 50}x,R${i}`);
  const csv = file('resume.csv', lines.join('\n') + '\n');
  const state = `${csv}.state`;
  const child = spawnCli(['import', 'users', csv, '--insecure', '--concurrency', '4', '--rate', '400'], env, dir);
  const deadline = Date.now() + 60_000;
  while (!(existsSync(state) && readFileSync(state, 'utf8').split('\n').length > 300)) {
    assert.ok(Date.now() < deadline, 'the import did not progress');
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const recorded = readFileSync(state, 'utf8').split('\n').filter((l) => /^\d+ /.test(l)).length;
  assert.ok(recorded > 0 && recorded < n, `recorded ${recorded}`);
  const r = await run(['import', 'users', csv, '--resume', '--rate', '0']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const skipped = count(r.stdout, 'skipped (done before)');
  assert.ok(skipped >= recorded, `${skipped} < ${recorded}`);
  // Rows created before the kill but not yet recorded are found and unchanged.
  assert.equal(skipped + count(r.stdout, 'created') + count(r.stdout, 'unchanged'), n);
  assert.equal(count(r.stdout, 'failed'), 0);
  const list = await server.request('GET', '/ers/config/internaluser?filter=name.STARTSW.rs-&size=1');
  assert.equal(list.json().SearchResult.total, n);
});

// `npm run bench -- radius --eap`: full 802.1X authentications/s,
// Gatehouse beside FreeRADIUS 3.2, PEAP-MSCHAPv2 and EAP-TLS, TLS 1.2 and
// 1.3, both driven by the same C load generator (bench/eapload.c and
// bench/eapload-peer.c, compiled here with gcc against OpenSSL 3).
//
// The same material on both sides: one data directory seeded through the
// service layer (the NAD for 127.0.0.1, an internal user, an ECDSA P-256
// client template and certificate from the internal CA, the node's EAP
// server certificate, RSA 2048, from the same CA), and a FreeRADIUS copy
// given that server key and certificate (with the Endpoint Sub CA and Node
// CA above it, as Gatehouse sends them), the internal CA chain to validate
// EAP-TLS clients, the same user (Cleartext-Password) and an inner-tunnel
// server for EAP-MSCHAPv2. Both propose PEAP first, so an EAP-TLS
// conversation takes one Legacy-Nak on each. TLS session caches and
// tickets play no part: the generator never resumes.
//
// A correctness pass comes first on both servers (PEAP with the right and
// a wrong password, EAP-TLS with the CA's certificate and with a
// self-signed one, every outcome checked), then a warm-up, then runs
// alternating Gatehouse / FreeRADIUS per TLS version, round and method.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { SqliteStore } from '../src/store/sqlite/index.ts';
import { createServices } from '../src/services/index.ts';
import { SYSTEM_ACTOR } from '../src/services/context.ts';
import { Code, encodePacket, RadiusPacket } from '../src/radius/codec.ts';
import { cpuSeconds } from './lib-wrk.ts';
import {
  FREERADIUS, firstReply, freePort, freeradiusBase, freeradiusBenchServer, gatehouseReady, load, rssMiB, runqueueWait, runqueueWaitSince, mainThreadProfile, startGatehouse, stop, summarise, type CpuProfile, type Server,
} from './lib-radius.ts';

export interface EapBenchOptions {
  seconds: number;
  rounds: number;
  window: number;
  sockets: number;
  keep: boolean;
  tls: string[];
  /** Afterwards, Gatehouse again under --cpu-prof, one run per measured case, time by function. */
  profile: boolean;
  /** Gatehouse's --radius-threads. */
  radiusThreads: number;
}

const SECRET = 'bench-Secret-123';
const NODE_NAME = 'gatehouse-bench';
const USER = 'bench-peap';
const PASSWORD = 'Lantern-Pass-1';
const CLIENT_CN = 'bench-host';
const P8_PASSWORD = 'Bench_p8_pw1';
const WARMUP_SECONDS = 2;
const METHODS = ['peap', 'tls'] as const;
type Method = (typeof METHODS)[number];
const METHOD_NAME: Record<Method, string> = { peap: 'PEAP-MSCHAPv2', tls: 'EAP-TLS' };

interface Material { dir: string; serverKey: string; serverChain: string; caFile: string; clientCert: string; clientKey: string; rogueCert: string; rogueKey: string }

/** Seeds the data directory and writes the PEM files both servers and the generator use. */
async function seed(dataDir: string, dir: string): Promise<Material> {
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(dir, { recursive: true });
  const store = SqliteStore.open(dataDir);
  try {
    const services = await createServices(store, { ca: { dir: join(dataDir, 'ca') } });
    await services.networkDevices.create({
      name: 'bench-nad', ipList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET },
    }, SYSTEM_ACTOR);
    await services.internalUsers.create({ name: USER, password: PASSWORD, changePassword: false }, SYSTEM_ACTOR);
    // The certificate the node's EAP server will find in its CA directory, for the name it is started with.
    const server = await services.ca.serverCertificate([NODE_NAME]);
    const cas = await services.ca.caCertificates();
    await services.ca.createTemplate({ name: 'Bench_ECDSA_P256', keyType: 'ECDSA', keySize: 256, validityPeriod: 30, extendedKeyUsages: ['clientAuth'] }, SYSTEM_ACTOR);
    const bundle = await services.ca.requestCertificate({
      certTemplateName: 'Bench_ECDSA_P256', format: 'PKCS8', password: P8_PASSWORD, certificateRequest: { cn: CLIENT_CN, san: '02-00-00-00-AA-AA' },
    }, { actor: SYSTEM_ACTOR, anyCn: true });
    const files = unzipSync(bundle.zip);
    const entry = (ext: string) => new TextDecoder().decode(Object.entries(files).find(([n]) => n.endsWith(ext))![1]);
    const m: Material = {
      dir,
      serverKey: join(dir, 'server.key'), serverChain: join(dir, 'server.pem'), caFile: join(dir, 'ca.pem'),
      clientCert: join(dir, 'client.pem'), clientKey: join(dir, 'client.key'), rogueCert: join(dir, 'rogue.pem'), rogueKey: join(dir, 'rogue.key'),
    };
    writeFileSync(m.serverKey, server.key, { mode: 0o600 });
    // What Gatehouse sends: the leaf and the CAs above it but the root.
    writeFileSync(m.serverChain, [server.cert, ...server.chain.slice(0, -1)].join('\n'));
    writeFileSync(m.caFile, [cas.issuing, cas.node, cas.root].join('\n'));
    writeFileSync(m.clientCert, entry('.pem'));
    writeFileSync(m.clientKey, createPrivateKey({ key: entry('.pkcs8'), format: 'pem', passphrase: P8_PASSWORD }).export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const rogue = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
      '-subj', `/CN=${CLIENT_CN}`, '-keyout', m.rogueKey, '-out', m.rogueCert], { encoding: 'utf8' });
    if (rogue.status !== 0) throw new Error(`openssl req: ${rogue.stderr}`);
    return m;
  } finally {
    await store.close();
  }
}

/** FreeRADIUS with EAP only: PEAP first, EAP-TLS on a Nak, MSCHAPv2 in the inner tunnel; no TLS cache. */
function configureFreeradius(dir: string, port: number, m: Material, tlsMax: string): void {
  freeradiusBase(dir, SECRET);
  rmSync(join(dir, 'mods-enabled', 'eap'), { force: true });
  writeFileSync(join(dir, 'mods-enabled', 'eap'), `eap {
	default_eap_type = peap
	timer_expire = 60
	ignore_unknown_eap_types = no
	cisco_accounting_username_bug = no
	max_sessions = \${max_requests}
	tls-config tls-common {
		private_key_file = ${m.serverKey}
		certificate_file = ${m.serverChain}
		ca_file = ${m.caFile}
		auto_chain = no
		cipher_list = "DEFAULT"
		cipher_server_preference = no
		tls_min_version = "1.2"
		tls_max_version = "${tlsMax}"
		ecdh_curve = ""
		cache {
			enable = no
		}
		verify {
		}
		ocsp {
			enable = no
		}
	}
	tls {
		tls = tls-common
	}
	peap {
		tls = tls-common
		default_eap_type = mschapv2
		copy_request_to_tunnel = no
		use_tunneled_reply = no
		virtual_server = "inner-tunnel"
	}
	mschapv2 {
	}
}
`);
  freeradiusBenchServer(dir, port, `	authorize {
		eap {
			ok = return
		}
	}
	authenticate {
		Auth-Type EAP {
			eap
		}
	}
	post-auth {
		Post-Auth-Type REJECT {
			eap
		}
	}
`);
  writeFileSync(join(dir, 'sites-enabled', 'inner-tunnel'), `server inner-tunnel {
	authorize {
		mschap
		eap {
			ok = return
		}
		files
	}
	authenticate {
		Auth-Type MS-CHAP {
			mschap
		}
		eap
	}
	post-auth {
		Post-Auth-Type REJECT {
		}
	}
}
`);
  writeFileSync(join(dir, 'mods-config', 'files', 'authorize'), `${USER}\tCleartext-Password := "${PASSWORD}"\n`);
}

interface LoadResult {
  started: number; accept: number; reject: number; timeouts: number; errors: number; unfinished: number; mismatches: number; resumed: number; tls13: number;
  retransmits: number; stale: number; badReplies: number; sendErrors: number; roundTrips: number; seconds: number; elapsed: number;
  authsPerSecond: number; meanMs: number; cpu: number; firstError: string;
}

interface LoadSpec { method: Method; tls: string; seconds?: number; count?: number; expect?: 2 | 3; password?: string; rogue?: boolean }

interface Run { server: string; method: Method; tls: string; r: LoadResult; cpu: number; runqWait: number; load: string }

/** The 1-minute load averages seen after each run, as "lowest–highest". */
function loadRange(loads: string[]): string {
  const one = loads.map((l) => Number(l.split(' ')[0]));
  const lo = Math.min(...one).toFixed(1), hi = Math.max(...one).toFixed(1);
  return lo === hi ? lo : `${lo}–${hi}`;
}

/** Gatehouse under the V8 profiler: one run per case, then self and inclusive time by function for each. */
async function profile(
  dataDir: string, children: ChildProcess[], probe: Buffer, cases: { tls: string; method: Method }[],
  run: (port: number, c: { tls: string; method: Method }) => number, seconds: number,
): Promise<void> {
  const dir = join(dataDir, '..', 'profile');
  console.log('\nprofiling Gatehouse (node --cpu-prof) …');
  // One thread, so the profile of the node's thread holds every request.
  const g = startGatehouse(dataDir, children, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250'], ['--node-name', NODE_NAME, '--radius-threads', '1']);
  await gatehouseReady(g, probe);
  for (const c of cases) run(g.port, c);
  const spans: [string, number, number][] = [];
  for (const c of cases) {
    const from = Number(process.hrtime.bigint() / 1000n);
    const rate = run(g.port, c);
    spans.push([`TLS ${c.tls} ${METHOD_NAME[c.method]}`, from, Number(process.hrtime.bigint() / 1000n)]);
    console.log(`  TLS ${c.tls} ${METHOD_NAME[c.method]} under the profiler: ${rate.toFixed(0)} auths/s (${seconds} s)`);
  }
  await stop(g.child);
  const file = mainThreadProfile(dir);
  if (!file) throw new Error('no CPU profile written');
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  for (const [name, from, to] of spans) {
    console.log(`\nGatehouse CPU profile, ${name} (share of busy samples; samples are wall-clock, time blocked in a system call counts):`);
    for (const line of summarise(prof, from, to, 25)) console.log(`  ${line}`);
  }
  const kept = join(tmpdir(), `gatehouse-eap-${Date.now()}.cpuprofile`);
  cpSync(join(dir, file), kept);
  console.log(`\nprofile kept at ${kept}`);
}

export async function runEapBench(o: EapBenchOptions): Promise<number> {
  for (const v of o.tls) if (v !== '1.2' && v !== '1.3') throw new Error(`--tls takes 1.2, 1.3 or both (1.2,1.3), not ${v}`);
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-eap-'));
  const children: ChildProcess[] = [];
  const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
  const bin = join(work, 'eapload');
  try {
    const here = import.meta.dirname;
    const cc = spawnSync('gcc', ['-O2', '-Wall', '-o', bin, join(here, 'eapload.c'), join(here, 'eapload-peer.c'), '-lssl', '-lcrypto'], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`gcc failed (is libssl-dev installed?):\n${cc.stderr}`);

    let t = performance.now();
    const dataDir = join(work, 'gatehouse');
    const m = await seed(dataDir, join(work, 'certs'));
    console.log(`seeded ${dataDir}: NAD, user ${USER}, EAP server certificate (RSA 2048) and ECDSA P-256 client certificate from the internal CA (${secs(t)} s)`);

    const probe = encodePacket(new RadiusPacket(Code.AccessRequest, 1).add('User-Name', 'probe').add('User-Password', 'probe')
      .add('Calling-Station-Id', '02-00-00-00-00-01'), SECRET, { messageAuthenticator: true });
    const tlsMax = o.tls.includes('1.3') ? '1.3' : '1.2';
    const frDir = join(work, 'freeradius');
    const frPort = await freePort();
    configureFreeradius(frDir, frPort, m, tlsMax);
    t = performance.now();
    const frChild = spawn(FREERADIUS, ['-f', '-d', frDir, '-n', 'radiusd'], { stdio: ['ignore', 'inherit', 'inherit'] });
    children.push(frChild);
    await firstReply(frPort, probe, frChild);
    const fr: Server = { name: 'FreeRADIUS', port: frPort, child: frChild };
    const frStart = secs(t);
    t = performance.now();
    const gh = startGatehouse(dataDir, children, [], ['--node-name', NODE_NAME, '--radius-threads', String(o.radiusThreads)]);
    await gatehouseReady(gh, probe);
    console.log(`start until the first reply: FreeRADIUS ${frStart} s (tls_max_version ${tlsMax}), Gatehouse ${secs(t)} s (--radius-threads ${o.radiusThreads})`);
    console.log(`FreeRADIUS ${spawnSync(FREERADIUS, ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0]}; OpenSSL ${spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim()}`);

    const eapload = (port: number, s: LoadSpec): LoadResult => {
      const args = ['-p', String(port), '-s', SECRET, '-m', s.method, '-v', s.tls, '-S', String(o.sockets), '-w', String(Math.min(o.window, s.count ?? o.window)), '-t', '2000', '-r', '2'];
      if (s.method === 'peap') args.push('-i', 'anonymous', '-u', USER, '-P', s.password ?? PASSWORD);
      else args.push('-i', CLIENT_CN, '-c', s.rogue ? m.rogueCert : m.clientCert, '-k', s.rogue ? m.rogueKey : m.clientKey);
      if (s.count !== undefined) args.push('-n', String(s.count));
      else args.push('-d', String(s.seconds));
      if (s.expect) args.push('-x', String(s.expect));
      const r = spawnSync(bin, args, { encoding: 'utf8', timeout: ((s.seconds ?? 60) + 40) * 1000 });
      if (r.status !== 0) throw new Error(`eapload failed (${r.status ?? r.signal}): ${r.stderr}`);
      return JSON.parse(r.stdout) as LoadResult;
    };

    // Correctness: every conversation ends as expected on both servers.
    const checks: { what: string; spec: LoadSpec }[] = [];
    for (const tls of o.tls) {
      checks.push(
        { what: `TLS ${tls} PEAP-MSCHAPv2, right password`, spec: { method: 'peap', tls, count: 20, expect: 2 } },
        { what: `TLS ${tls} PEAP-MSCHAPv2, wrong password`, spec: { method: 'peap', tls, count: 10, expect: 3, password: 'Wrong-Pass-9' } },
        { what: `TLS ${tls} EAP-TLS, certificate of the internal CA`, spec: { method: 'tls', tls, count: 20, expect: 2 } },
        { what: `TLS ${tls} EAP-TLS, self-signed certificate`, spec: { method: 'tls', tls, count: 10, expect: 3, rogue: true } },
      );
    }
    const works = new Map<string, boolean>(); // `${server}|${method}|${tls}` → every check passed
    for (const c of checks) {
      for (const s of [gh, fr]) {
        const r = eapload(s.port, c.spec);
        // Every handshake that finished did so at the version asked for (a rejected EAP-TLS client may end before).
        const version = c.spec.tls === '1.3' ? r.tls13 === r.accept + r.reject || (c.spec.expect === 3 && r.tls13 <= r.reject) : r.tls13 === 0;
        const ok = r.mismatches === 0 && r.timeouts === 0 && r.errors === 0 && r.unfinished === 0 && r.resumed === 0 && version &&
          r.accept + r.reject === c.spec.count;
        const key = `${s.name}|${c.spec.method}|${c.spec.tls}`;
        works.set(key, (works.get(key) ?? true) && ok);
        console.log(`correctness ${c.what.padEnd(52)} ${s.name.padEnd(10)} accept ${r.accept} reject ${r.reject} timeouts ${r.timeouts} errors ${r.errors}` +
          `${r.firstError ? ` (${r.firstError})` : ''}, ${(r.roundTrips / Math.max(1, r.accept + r.reject)).toFixed(1)} round trips each: ${ok ? 'ok' : 'FAILED'}`);
      }
    }
    const cases = o.tls.flatMap((tls) => METHODS.map((method) => ({ tls, method })))
      .filter((c) => works.get(`Gatehouse|${c.method}|${c.tls}`) && works.get(`FreeRADIUS|${c.method}|${c.tls}`));
    for (const c of o.tls.flatMap((tls) => METHODS.map((method) => ({ tls, method })))) {
      if (!cases.some((x) => x.tls === c.tls && x.method === c.method)) {
        console.log(`not measured: ${METHOD_NAME[c.method]} over TLS ${c.tls} (the correctness pass failed on one of the servers)`);
      }
    }

    for (const s of [gh, fr]) for (const c of cases) eapload(s.port, { ...c, seconds: WARMUP_SECONDS });
    console.log(`\nwindow ${o.window} conversations over ${o.sockets} sockets, ${o.seconds} s per run, ${o.rounds} rounds; load average before: ${load()}`);
    const runs: Run[] = [];
    for (const c of cases) {
      for (let round = 0; round < o.rounds; round++) {
        for (const s of [gh, fr]) {
          const pid = s.child.pid!;
          const before = { cpu: cpuSeconds(pid), wait: runqueueWait(pid) };
          const r = eapload(s.port, { ...c, seconds: o.seconds });
          const run: Run = { server: s.name, ...c, r, cpu: cpuSeconds(pid) - before.cpu, runqWait: runqueueWaitSince(before.wait, pid), load: load() };
          runs.push(run);
          const per = (x: number) => (x / Math.max(1, r.accept) * 1000).toFixed(2);
          console.log(`  TLS ${c.tls} ${METHOD_NAME[c.method].padEnd(13)} round ${round + 1} ${s.name.padEnd(10)} ${r.authsPerSecond.toFixed(0).padStart(6)} auths/s  ` +
            `accept ${r.accept} reject ${r.reject} timeouts ${r.timeouts} errors ${r.errors} resumed ${r.resumed}  server ${per(run.cpu)} CPU-s/1k ` +
            `(${(run.cpu / r.elapsed).toFixed(2)} cores busy, ${(run.runqWait / r.elapsed).toFixed(2)} waiting)  generator ${per(r.cpu)} CPU-s/1k  ` +
            `${(r.roundTrips / Math.max(1, r.accept + r.reject)).toFixed(1)} round trips/auth  load ${run.load}`);
        }
      }
    }
    console.log(`load average after: ${load()}; RSS: Gatehouse ${rssMiB(gh.child.pid!).toFixed(0)} MiB, FreeRADIUS ${rssMiB(fr.child.pid!).toFixed(0)} MiB`);

    console.log('\n| TLS | method | server | auths/s | server CPU-s / 1k auths | cores busy | waiting for a core | generator CPU-s / 1k auths | round trips / auth | accepted | timeouts + errors | load average |');
    console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const rate = new Map<string, number>();
    let allGood = true;
    for (const c of cases) {
      for (const name of [gh.name, fr.name]) {
        const rs = runs.filter((x) => x.server === name && x.method === c.method && x.tls === c.tls);
        const sum = (f: (x: Run) => number) => rs.reduce((a, x) => a + f(x), 0);
        const rps = sum((x) => x.r.authsPerSecond * x.r.seconds) / sum((x) => x.r.seconds);
        const accepts = sum((x) => x.r.accept);
        const ended = sum((x) => x.r.accept + x.r.reject);
        const failed = sum((x) => x.r.timeouts + x.r.errors + x.r.unfinished);
        rate.set(`${name}|${c.method}|${c.tls}`, rps);
        const tls13 = sum((x) => x.r.tls13);
        if (accepts !== ended || failed > sum((x) => x.r.started) * 0.001 || sum((x) => x.r.resumed) > 0 || tls13 !== (c.tls === '1.3' ? ended : 0)) allGood = false;
        console.log(`| ${c.tls} | ${METHOD_NAME[c.method]} | ${name} | ${rps.toFixed(0)} | ${(sum((x) => x.cpu) / accepts * 1000).toFixed(2)} | ` +
          `${(sum((x) => x.cpu) / sum((x) => x.r.elapsed)).toFixed(2)} | ${(sum((x) => x.runqWait) / sum((x) => x.r.elapsed)).toFixed(2)} | ` +
          `${(sum((x) => x.r.cpu) / accepts * 1000).toFixed(2)} | ${(sum((x) => x.r.roundTrips) / Math.max(1, ended)).toFixed(1)} | ` +
          `${(accepts / Math.max(1, ended) * 100).toFixed(2)}% | ${failed} of ${sum((x) => x.r.started)} | ${loadRange(rs.map((x) => x.load))} |`);
      }
    }
    console.log('\nratios Gatehouse / FreeRADIUS, authentications/s (target >= 1.0):');
    for (const c of cases) {
      const ratio = rate.get(`Gatehouse|${c.method}|${c.tls}`)! / rate.get(`FreeRADIUS|${c.method}|${c.tls}`)!;
      console.log(`  TLS ${c.tls} ${METHOD_NAME[c.method].padEnd(13)} ${ratio.toFixed(2)}  ${ratio >= 1 ? 'meets the target' : 'below the target'}`);
    }
    console.log(`correctness under load (all accepted at the TLS version asked for, none resumed, timeouts and errors <= 0.1%): ${allGood ? 'ok' : 'FAILED'}`);
    await stop(gh.child);
    await stop(fr.child);
    if (o.profile) await profile(dataDir, children, probe, cases, (port, c) => eapload(port, { ...c, seconds: o.seconds }).authsPerSecond, o.seconds);
    const complete = cases.length === o.tls.length * METHODS.length;
    return allGood && complete ? 0 : 1;
  } finally {
    for (const c of children) await stop(c);
    if (o.keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

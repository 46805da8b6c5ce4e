// 802.1X throughput: full PEAP-MSCHAPv2 and EAP-TLS authentications per
// second, wpa_supplicant's eapol_test as the load generator.
//
// Starts a node, creates the NAD, a user and (through certRequest) a client
// certificate, then per method runs --clients eapol_test processes at once,
// each doing --auths authentications in a row (-r; the supplicants keep
// session tickets off, so every one is a full TLS handshake). Prints
// authentications/s, the node's CPU and the generator's CPU.
//   npm run bench -- eap [--clients 8] [--auths 25] [--tls 1.2|1.3]
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { requestP12 } from '../test/helpers/cert-request.ts';
import { startServer } from '../test/helpers/server.ts';
import { openssl, scratch } from '../test/helpers/openssl.ts';
import { SKIP_NO_EAPOL } from '../test/radius/eapol.ts';
import { cpuSeconds } from './lib-wrk.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '8' },
    auths: { type: 'string', default: '25' },
    tls: { type: 'string', default: '1.2' },
  },
});
const CLIENTS = Number(values.clients);
const AUTHS = Number(values.auths);
const TLS13 = values.tls === '1.3';
const SECRET = 'bench-secret';
const P12_PASSWORD = 'Bench_p12_pw1';

if (SKIP_NO_EAPOL) {
  console.error(SKIP_NO_EAPOL);
  process.exit(2);
}

const CLK_TCK = 100;
/** CPU seconds of this process's reaped children (the eapol_test runs). */
function childrenCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLK_TCK;
}

const tmp = scratch('gatehouse-bench-eap-');
const server = await startServer();

const certRequest = () => requestP12(server.ports.ers, { cn: 'bench-host', san: '02-00-00-00-aa-aa', password: P12_PASSWORD });

interface Run { auths: number; failures: number }

/** One eapol_test process: AUTHS authentications with its own MAC; counts the accepted ones. */
function eapol(conf: string, index: number): Promise<Run> {
  const mac = `02:00:00:01:${((index >> 8) & 0xff).toString(16).padStart(2, '0')}:${(index & 0xff).toString(16).padStart(2, '0')}`;
  const args = ['-c', conf, '-a', '127.0.0.1', '-p', String(server.ports.radiusAuth), '-s', SECRET, '-t', '60', '-M', mac];
  if (AUTHS > 1) args.push('-r', String(AUTHS - 1));
  return new Promise((resolve) => {
    const child = spawn('eapol_test', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let tail = '';
    child.stdout.on('data', (d: Buffer) => { tail = (tail + d.toString('latin1')).slice(-4096); });
    child.on('exit', () => {
      const m = /MPPE keys OK: (\d+)\s+mismatch: (\d+)/.exec(tail);
      const ok = Number(m?.[1] ?? 0);
      resolve({ auths: ok, failures: AUTHS - ok });
    });
  });
}

async function measure(name: string, conf: string): Promise<void> {
  const warm = await eapol(conf, 9999);
  if (warm.auths === 0) throw new Error(`${name}: the warm-up authentication failed`);
  const cpu0 = cpuSeconds(server.process.pid!);
  const gen0 = childrenCpu();
  const t0 = performance.now();
  const runs = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => eapol(conf, i)));
  const seconds = (performance.now() - t0) / 1000;
  const nodeCpu = cpuSeconds(server.process.pid!) - cpu0;
  const genCpu = childrenCpu() - gen0;
  const auths = runs.reduce((a, r) => a + r.auths, 0);
  const failures = runs.reduce((a, r) => a + r.failures, 0);
  console.log(
    `| ${name} | ${auths} | ${failures} | ${seconds.toFixed(2)} s | ${(auths / seconds).toFixed(1)} | ${nodeCpu.toFixed(2)} s (${((nodeCpu / auths) * 1000).toFixed(1)} ms/auth) | ${genCpu.toFixed(2)} s |`,
  );
}

try {
  const dev = await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'bench-wlc', NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET } } },
  });
  if (dev.status !== 201) throw new Error(`network device: ${dev.status} ${dev.body}`);
  const user = await server.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'bench', password: 'Lantern-Pass-1' } } });
  if (user.status !== 201) throw new Error(`internal user: ${user.status} ${user.body}`);
  const p12 = tmp.file('bench.p12', await certRequest());
  const cas = openssl(['pkcs12', '-in', p12, '-passin', `pass:${P12_PASSWORD}`, '-nokeys', '-cacerts']);
  if (cas.status !== 0) throw new Error(cas.all);
  const ca = tmp.file('ca.pem', cas.stdout);
  const phase1 = `tls_disable_tlsv1_3=${TLS13 ? 0 : 1}`;
  const conf = (name: string, lines: string[]) => {
    const path = join(tmp.dir, `${name}.conf`);
    writeFileSync(path, ['network={', '  key_mgmt=IEEE8021X', ...lines.map((l) => `  ${l}`), '}', ''].join('\n'));
    return path;
  };
  const peap = conf('peap', ['eap=PEAP', 'identity="bench"', 'anonymous_identity="anonymous"', 'password="Lantern-Pass-1"', `ca_cert="${ca}"`, 'phase2="auth=MSCHAPV2"', `phase1="${phase1}"`]);
  const tls = conf('tls', ['eap=TLS', 'identity="bench-host"', `ca_cert="${ca}"`, `private_key="${p12}"`, `private_key_passwd="${P12_PASSWORD}"`, `phase1="${phase1}"`]);
  console.log(`eapol_test: ${CLIENTS} processes at once, ${AUTHS} full authentications each, TLS ${TLS13 ? '1.3' : '1.2'}`);
  console.log('| method | accepted | failed | wall | auths/s | Gatehouse CPU | eapol_test CPU |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  await measure('PEAP-MSCHAPv2', peap);
  await measure('EAP-TLS', tls);
} finally {
  await server.cleanup();
  tmp.remove();
}

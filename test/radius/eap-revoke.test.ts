// A certificate revoked through the Gatehouse extension API stops EAP-TLS at
// once on every RADIUS thread: a node with two threads on the
// authentication port (the node's and a worker) accepts eapol_test with a
// certificate issued through certRequest, then, after POST
// /gatehouse/v1/certificates/{serial}/revoke and without a restart, rejects
// it with 12517. Each eapol_test run comes from a source port of its own, so
// the kernel spreads the attempts over both threads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { requestP12 } from '../helpers/cert-request.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { openssl, scratch } from '../helpers/openssl.ts';
import { settledLiveLog } from '../helpers/hot-rows.ts';
import { eapolTest, SKIP_NO_EAPOL } from './eapol.ts';

const SECRET = 'revoke-secret';
const P12_PASSWORD = 'Printer_42a';
/** eapol_test runs per phase: with two threads, the chance that all of them land on one thread is 2 / 2^ATTEMPTS. */
const ATTEMPTS = 8;
let server: TestServer;
const tmp = scratch('gatehouse-eap-revoke-');
let caFile: string;
let p12File: string;
let serial: string;


const issueP12 = (cn: string, san: string) => requestP12(server.ports.ers, { cn, san, password: P12_PASSWORD });

before(async () => {
  server = await startServer({ args: ['--radius-threads', '2'] });
  const dev = await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'revoke-wlc', NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET } } },
  });
  assert.equal(dev.status, 201, dev.body);
  if (SKIP_NO_EAPOL) return;
  p12File = tmp.file('badge-reader.p12', await issueP12('badge-reader', '02-00-00-00-00-01'));
  const cas = openssl(['pkcs12', '-in', p12File, '-passin', `pass:${P12_PASSWORD}`, '-nokeys', '-cacerts']);
  assert.equal(cas.status, 0, cas.all);
  caFile = tmp.file('gatehouse-ca.pem', cas.stdout);
  const leaf = openssl(['pkcs12', '-in', p12File, '-passin', `pass:${P12_PASSWORD}`, '-nokeys', '-clcerts']);
  assert.equal(leaf.status, 0, leaf.all);
  serial = new X509Certificate(leaf.stdout).serialNumber.toLowerCase().replace(/^0+(?=.)/, '');
});

after(async () => {
  await server.cleanup();
  tmp.remove();
});

const eapTls = (phase1: string) => [
  'eap=TLS', 'identity="badge-reader"', `ca_cert="${caFile}"`, `private_key="${p12File}"`, `private_key_passwd="${P12_PASSWORD}"`, `phase1="${phase1}"`,
];

/** ATTEMPTS eapol_test runs, TLS 1.2 and 1.3 alternating; each outcome with the live-log row it left. */
async function attempts(): Promise<{ success: boolean; stdout: string; log: any }[]> {
  const out = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    const before = (await settledLiveLog(server)).length;
    const r = await eapolTest(server.ports.radiusAuth, SECRET, eapTls(`tls_disable_tlsv1_3=${i % 2}`));
    let rows = await settledLiveLog(server);
    for (let k = 0; k < 100 && rows.length <= before; k++) {
      await new Promise((res) => setTimeout(res, 50));
      rows = await settledLiveLog(server);
    }
    assert.equal(rows.length, before + 1, 'one live-log row per attempt');
    out.push({ success: r.success, stdout: r.stdout, log: rows.at(-1) });
  }
  return out;
}

test('EAP-TLS with a certificate revoked through the extension API: accepted before, 12517 on every thread right after', { skip: SKIP_NO_EAPOL }, async () => {
  for (const a of await attempts()) {
    assert.ok(a.success, a.stdout.slice(-3000));
    assert.equal(a.log.messageCode, 5200);
    assert.equal(a.log.userName, 'badge-reader');
  }

  const r = await server.request('POST', `/gatehouse/v1/certificates/${serial}/revoke`, { body: { reason: 'keyCompromise' } });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json().status, 'revoked');

  for (const a of await attempts()) {
    assert.equal(a.success, false, a.stdout.slice(-3000));
    assert.equal(a.log.messageCode, 5400);
    assert.match(a.log.failureReason, /^12517 EAP-TLS failed SSL\/TLS handshake because of a revoked certificate/);
    assert.equal(a.log.details['Serial Number'], serial);
  }
});

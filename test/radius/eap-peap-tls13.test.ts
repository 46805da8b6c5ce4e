// PEAP-MSCHAPv2 over TLS 1.3 against wpa_supplicant's eapol_test: phase 2
// starts in the message that carries the session tickets (no round trip
// for the peer's acknowledgement of them), and a re-authentication
// resumes. eap.test.ts covers PEAP over TLS 1.2, eapol_test's default.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer, type TestServer } from '../helpers/server.ts';
import { eapolTest, RadiusTap, SKIP_NO_EAPOL } from './eapol.ts';
import { Code } from '../../src/radius/codec.ts';

const SECRET = 'testing123';
const PASSWORD = 'Wonder-Land1';
let server: TestServer;

before(async () => {
  server = await startServer();
  const dev = await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'wlc', NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET } } },
  });
  assert.equal(dev.status, 201, dev.body);
  const user = await server.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'alice', password: PASSWORD } } });
  assert.equal(user.status, 201, user.body);
});

after(async () => {
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
});

const peap = (password: string) => [
  'eap=PEAP', 'identity="alice"', 'anonymous_identity="anonymous"', `password="${password}"`, 'phase2="auth=MSCHAPV2"', 'phase1="tls_disable_tlsv1_3=0"',
];

test('PEAP-MSCHAPv2 over TLS 1.3: phase 2 begins with the tickets; MPPE keys match; a wrong password is refused', { skip: SKIP_NO_EAPOL }, async () => {
  const tap = await RadiusTap.open(server.ports.radiusAuth);
  try {
    const r = await eapolTest(tap.port, SECRET, peap(PASSWORD), { reauth: 1 });
    assert.ok(r.success, r.stdout.slice(-3000));
    assert.deepEqual(r.tlsVersions, ['TLSv1.3']);
    assert.equal(r.mppeOk, 2, r.stdout.slice(-2000));
    assert.equal(r.mppeMismatch, 0);
    assert.equal(r.resumed, 1, 'the second authentication resumes');
    const accepts = tap.exchanges.filter((x) => x.reply.code === Code.AccessAccept);
    assert.equal(accepts.length, 2);
    // Identity, PEAP Start, ClientHello → server flight (fragments acknowledged), client Finished → tickets and the
    // inner Identity request, then MSCHAPv2 and the Result TLV: no empty round between the handshake and phase 2.
    const challenges = tap.exchanges.slice(0, tap.exchanges.indexOf(accepts[0])).filter((x) => x.reply.code === Code.AccessChallenge);
    const empty = challenges.filter((x) => { const eap = x.request.getBuffer('EAP-Message'); return eap !== undefined && eap.length === 6; });
    const fragments = challenges.filter((x) => ((x.reply.getBuffer('EAP-Message')?.[5] ?? 0) & 0x40) !== 0).length;
    assert.equal(empty.length, fragments, 'the peer sends empty messages only to acknowledge fragments');
    const bad = await eapolTest(tap.port, SECRET, peap('Wonder-Land9'));
    assert.equal(bad.success, false);
  } finally {
    tap.close();
  }
});

// 802.1X against wpa_supplicant's eapol_test: EAP-MD5, PEAP-MSCHAPv2 (with
// the crypto binding required, optional or off on either side, over TLS 1.2
// and 1.3), EAP-TLS over TLS 1.2 and 1.3 with a certificate issued through
// certRequest in the same run, EAP-TTLS with PAP/MSCHAPv2/EAP-MD5, session
// resumption, refused certificates (unknown CA, revoked) and refused server
// certificates. A UDP tap between eapol_test and the node shows what
// Gatehouse sent, so the MS-MPPE keys are compared with eapol_test's own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { settledLiveLog } from '../helpers/hot-rows.ts';
import { requestP12 } from '../helpers/cert-request.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { openssl, scratch } from '../helpers/openssl.ts';
import { eapolTest, RadiusTap, SKIP_NO_EAPOL, type EapolOptions, type EapolResult, type Exchange } from './eapol.ts';
import { radclient, SKIP_NO_RADCLIENT } from './radclient.ts';
import { Code } from '../../src/radius/codec.ts';
import { SqliteStore } from '../../src/store/sqlite/index.ts';
import { createServices } from '../../src/services/index.ts';
import { SYSTEM_ACTOR } from '../../src/services/context.ts';

const SECRET = 'testing123';
const EMPLOYEE = 'a1740510-8c01-11e6-996c-525400b48521';
const P12_PASSWORD = 'Printer_42a';
const PASSWORD = 'Wonder-Land1';
let server: TestServer;
let dataDir: string;
const tmp = scratch('gatehouse-eap-');
/** PEM of Gatehouse's CA chain (from the PKCS12_CHAIN bundle), what supplicants trust. */
let caFile: string;
/** The client certificate issued through certRequest, as a .p12 file, and its serial. */
let p12File: string;
let p12Serial: string;


/** PUT certRequest and unzip the bundle: the .p12 bytes. */
const issueP12 = (cn: string, san: string, format: 'PKCS12' | 'PKCS12_CHAIN') => requestP12(server.ports.ers, { cn, san, format, password: P12_PASSWORD });

/** The leaf of a .p12 (openssl reads it with the password given at issuance). */
function p12Leaf(path: string): X509Certificate {
  const r = openssl(['pkcs12', '-in', path, '-passin', `pass:${P12_PASSWORD}`, '-nokeys', '-clcerts']);
  assert.equal(r.status, 0, r.all);
  return new X509Certificate(r.stdout);
}

const liveLog = (): Promise<any[]> => settledLiveLog(server);

/** The newest live-log row once `count` rows were written after the first `since`, waiting for the write-behind flush. */
async function nextLog(since: number, count = 1): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const rows = await liveLog();
    if (rows.length >= since + count) return rows.at(-1);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${count} live-log rows were expected`);
}

/** Runs eapol_test through a tap; returns its result, the exchanges, and the live-log row of the last authentication. */
async function authenticate(lines: string[], opts: EapolOptions = {}): Promise<{ r: EapolResult; exchanges: Exchange[]; log: any }> {
  const rows = (await liveLog()).length;
  const tap = await RadiusTap.open(server.ports.radiusAuth);
  try {
    const r = await eapolTest(tap.port, SECRET, lines, opts);
    return { r, exchanges: tap.exchanges, log: await nextLog(rows, (opts.reauth ?? 0) + 1) };
  } finally {
    tap.close();
  }
}

const hex = (b: Buffer | undefined) => b?.toString('hex');

/** Every reply starts with Message-Authenticator; challenges carry State; the keys sent equal eapol_test's. */
function checkExchanges(r: EapolResult, exchanges: Exchange[], accepts: number): void {
  assert.ok(exchanges.length >= 2, 'several rounds');
  for (const { reply } of exchanges) {
    assert.equal(reply.types[0], 80, 'Message-Authenticator first');
    if (reply.code === Code.AccessChallenge) assert.ok(reply.has('State') && reply.has('EAP-Message'));
  }
  const accepted = exchanges.filter((x) => x.reply.code === Code.AccessAccept);
  assert.equal(accepted.length, accepts);
  assert.equal(r.mppeOk, accepts, r.stdout.slice(-2000));
  assert.equal(r.mppeMismatch, 0);
  accepted.forEach(({ request, reply }, i) => {
    assert.equal(reply.getBuffer('EAP-Message')?.[0], 3, 'EAP-Success');
    const recv = reply.getHidden('MS-MPPE-Recv-Key', SECRET, request.authenticator);
    const send = reply.getHidden('MS-MPPE-Send-Key', SECRET, request.authenticator);
    assert.equal(recv?.length, 32);
    assert.equal(send?.length, 32);
    assert.equal(hex(recv), r.recvKeys[i], 'Recv-Key as eapol_test decrypted it');
    assert.equal(hex(send), r.sendKeys[i], 'Send-Key as eapol_test decrypted it');
    assert.equal(hex(recv), r.pmks[i], 'Recv-Key is the PMK eapol_test derived itself');
  });
}

before(async () => {
  server = await startServer();
  dataDir = server.dataDir;
  const dev = await server.request('POST', '/ers/config/networkdevice', {
    body: { NetworkDevice: { name: 'wlc', NetworkDeviceIPList: [{ ipaddress: '127.0.0.1', mask: 32 }], authenticationSettings: { radiusSharedSecret: SECRET } } },
  });
  assert.equal(dev.status, 201, dev.body);
  const user = await server.request('POST', '/ers/config/internaluser', { body: { InternalUser: { name: 'alice', password: PASSWORD, identityGroups: EMPLOYEE } } });
  assert.equal(user.status, 201, user.body);
  if (SKIP_NO_EAPOL) return;
  const chain = tmp.file('printer.p12', await issueP12('printer-floor3', '02-00-00-00-00-01', 'PKCS12_CHAIN'));
  const cas = openssl(['pkcs12', '-in', chain, '-passin', `pass:${P12_PASSWORD}`, '-nokeys', '-cacerts']);
  assert.equal(cas.status, 0, cas.all);
  caFile = tmp.file('gatehouse-ca.pem', cas.stdout);
  p12File = chain;
  p12Serial = p12Leaf(chain).serialNumber.toLowerCase();
});

after(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  tmp.remove();
});

const peap = (password: string, phase1 = '') => [
  'eap=PEAP', 'identity="alice"', 'anonymous_identity="anonymous"', `password="${password}"`, `ca_cert="${caFile}"`, 'phase2="auth=MSCHAPV2"',
  ...(phase1 ? [`phase1="${phase1}"`] : []),
];
const eapTls = (p12: string, phase1: string) => [
  'eap=TLS', 'identity="printer-floor3"', `ca_cert="${caFile}"`, `private_key="${p12}"`, `private_key_passwd="${P12_PASSWORD}"`, `phase1="${phase1}"`,
];

test('EAP-MD5: the right password is accepted, a wrong one rejected with 22040', { skip: SKIP_NO_EAPOL }, async () => {
  const ok = await authenticate(['eap=MD5', 'identity="alice"', `password="${PASSWORD}"`], { noKeys: true });
  assert.ok(ok.r.success, ok.r.stdout.slice(-3000));
  assert.equal(ok.log.messageCode, 5200);
  assert.equal(ok.log.authenticationProtocol, 'EAP-MD5');
  assert.equal(ok.log.userName, 'alice');
  assert.deepEqual(ok.log.selectedAznProfiles, ['PermitAccess']);
  assert.equal(ok.exchanges.at(-1)?.reply.code, Code.AccessAccept);
  const bad = await authenticate(['eap=MD5', 'identity="alice"', 'password="Wonder-Land2"'], { noKeys: true });
  assert.equal(bad.r.success, false);
  assert.equal(bad.exchanges.at(-1)?.reply.getBuffer('EAP-Message')?.[0], 4, 'EAP-Failure');
  assert.equal(bad.log.messageCode, 5400);
  assert.match(bad.log.failureReason, /^22040 /);
});

test('PEAP-MSCHAPv2: Access-Accept with the MPPE keys eapol_test derives; the inner identity is the user name', { skip: SKIP_NO_EAPOL }, async () => {
  const { r, exchanges, log } = await authenticate(peap(PASSWORD));
  assert.ok(r.success, r.stdout.slice(-3000));
  checkExchanges(r, exchanges, 1);
  assert.equal(r.cryptobindings, 1, 'eapol_test answers the optional binding by default: the keys checked are the CSK\'s');
  assert.equal(exchanges[0].request.getString('User-Name'), 'anonymous');
  assert.equal(exchanges.at(-1)?.reply.getString('User-Name'), 'alice');
  assert.equal(log.messageCode, 5200);
  assert.equal(log.userName, 'alice');
  assert.equal(log.authenticationProtocol, 'PEAP (EAP-MSCHAPv2)');
  assert.equal(log.details.EapTunnel, 'PEAP');
  assert.equal(log.details.EapAuthentication, 'EAP-MSCHAPv2');
  assert.equal(log.details.TLSVersion, 'TLSv1.2');
  assert.equal(log.identityGroup, 'User Identity Groups:Employee');
  assert.equal(log.authorizationPolicyMatchedRule, 'Basic_Authenticated_Access');
  for (const step of [11507, 12300, 12302, 12816, 11521, 11522, 11806, 11814, 22037, 11503, 11002]) assert.ok(log.executionSteps.includes(step), `step ${step}`);
});

test('PEAP-MSCHAPv2 with a wrong password: Access-Reject with EAP-Failure, 22040', { skip: SKIP_NO_EAPOL }, async () => {
  const { r, exchanges, log } = await authenticate(peap('Wonder-Land9'));
  assert.equal(r.success, false);
  const last = exchanges.at(-1)!.reply;
  assert.equal(last.code, Code.AccessReject);
  assert.equal(last.getBuffer('EAP-Message')?.[0], 4);
  assert.equal(last.has('MS-MPPE-Recv-Key'), false);
  assert.ok(exchanges.every((x) => x.reply.code !== Code.AccessAccept));
  assert.equal(log.messageCode, 5400);
  assert.match(log.failureReason, /^22040 Wrong password/);
  assert.equal(log.userName, 'alice');
  assert.equal(log.authenticationProtocol, 'PEAP (EAP-MSCHAPv2)');
  assert.ok(log.executionSteps.includes(11823));
});

/** Sets the PEAP settings' "Require cryptobinding TLV" of the Default Network Access service. */
async function requireCryptobinding(required: boolean): Promise<void> {
  const ap = (await server.request('GET', '/ers/config/allowedprotocols/name/Default%20Network%20Access')).json().AllowedProtocols;
  const put = await server.request('PUT', `/ers/config/allowedprotocols/${ap.id}`, {
    body: { AllowedProtocols: { ...ap, peap: { ...ap.peap, requireCryptobinding: required } } },
  });
  assert.equal(put.status, 200, put.body);
}

test('PEAP crypto binding: a peer requiring it (crypto_binding=2) is accepted over TLS 1.2 and 1.3; the MPPE keys are the CSK\'s', { skip: SKIP_NO_EAPOL }, async () => {
  for (const [version, tls] of [['tls_disable_tlsv1_3=1', 'TLSv1.2'], ['tls_disable_tlsv1_3=0', 'TLSv1.3']]) {
    const { r, exchanges, log } = await authenticate(peap(PASSWORD, `peapver=0 crypto_binding=2 ${version}`));
    assert.ok(r.success, r.stdout.slice(-3000));
    assert.deepEqual(r.tlsVersions, [tls]);
    assert.equal(r.cryptobindings, 1, 'eapol_test verified the server\'s Compound MAC');
    checkExchanges(r, exchanges, 1);
    assert.equal(log.messageCode, 5200);
    assert.equal(log.details.TLSVersion, tls);
  }
});

test('PEAP crypto binding: a peer without it (crypto_binding=0) is accepted unless the allowed protocols require it (12307)', { skip: SKIP_NO_EAPOL }, async () => {
  const off = await authenticate(peap(PASSWORD, 'peapver=0 crypto_binding=0'));
  assert.ok(off.r.success, off.r.stdout.slice(-3000));
  assert.equal(off.r.cryptobindings, 0);
  checkExchanges(off.r, off.exchanges, 1);
  await requireCryptobinding(true);
  try {
    const refused = await authenticate(peap(PASSWORD, 'peapver=0 crypto_binding=0'));
    assert.equal(refused.r.success, false);
    const last = refused.exchanges.at(-1)!.reply;
    assert.equal(last.code, Code.AccessReject);
    assert.equal(last.getBuffer('EAP-Message')?.[0], 4, 'EAP-Failure');
    assert.equal(last.has('MS-MPPE-Recv-Key'), false);
    assert.equal(refused.log.messageCode, 5400);
    assert.match(refused.log.failureReason, /^12307 PEAP authentication failed: the client sent no Cryptobinding TLV/);
    assert.equal(refused.log.userName, 'alice');
    // Peers that answer the binding, whether they require it or not, still get in.
    for (const binding of ['crypto_binding=1', 'crypto_binding=2']) {
      const { r, exchanges } = await authenticate(peap(PASSWORD, `peapver=0 ${binding}`));
      assert.ok(r.success, r.stdout.slice(-3000));
      assert.equal(r.cryptobindings, 1);
      checkExchanges(r, exchanges, 1);
    }
  } finally {
    await requireCryptobinding(false);
  }
});

test('EAP-TLS over TLS 1.2 and TLS 1.3 with the certificate issued through certRequest', { skip: SKIP_NO_EAPOL }, async () => {
  for (const [phase1, version] of [['tls_disable_tlsv1_3=1', 'TLSv1.2'], ['tls_disable_tlsv1_3=0', 'TLSv1.3']]) {
    const { r, exchanges, log } = await authenticate(eapTls(p12File, phase1));
    assert.ok(r.success, r.stdout.slice(-3000));
    assert.deepEqual(r.tlsVersions, [version]);
    checkExchanges(r, exchanges, 1);
    assert.equal(log.messageCode, 5200);
    assert.equal(log.userName, 'printer-floor3');
    assert.equal(log.authenticationMethod, 'x509_PKI');
    assert.equal(log.authenticationProtocol, 'EAP-TLS');
    assert.equal(log.details.TLSVersion, version);
    assert.equal(log.details['Subject - Common Name'], 'printer-floor3');
    assert.equal(log.details['Subject Alternative Name'], '02-00-00-00-00-01');
    assert.match(log.details['Issuer - Common Name'], /^Certificate Services Endpoint Sub CA - /);
    assert.equal(log.details['Serial Number'], p12Serial.replace(/^0+/, ''));
  }
});

test('EAP-TLS with a PKCS12 (leaf only) bundle: the chain is completed from the trusted CAs', { skip: SKIP_NO_EAPOL }, async () => {
  const leafOnly = tmp.file('leaf.p12', await issueP12('laptop-7', '02-00-00-00-00-07', 'PKCS12'));
  const { r, log } = await authenticate(eapTls(leafOnly, 'tls_disable_tlsv1_3=0'), { mac: '02:00:00:00:00:07' });
  assert.ok(r.success, r.stdout.slice(-3000));
  assert.equal(log.userName, 'laptop-7');
});

test('EAP-TTLS with inner PAP, MSCHAPv2 and EAP-MD5', { skip: SKIP_NO_EAPOL }, async () => {
  const cases: Array<[string, string, string]> = [
    ['auth=PAP', 'EAP-TTLS (PAP_ASCII)', 'PAP_ASCII'],
    ['auth=MSCHAPV2', 'EAP-TTLS (MSCHAPV2)', 'MSCHAPV2'],
    ['autheap=MD5', 'EAP-TTLS (EAP-MD5)', 'EAP-MD5'],
  ];
  for (const [phase2, protocol, inner] of cases) {
    const { r, exchanges, log } = await authenticate([
      'eap=TTLS', 'identity="alice"', 'anonymous_identity="anonymous"', `password="${PASSWORD}"`, `ca_cert="${caFile}"`, `phase2="${phase2}"`,
    ]);
    assert.ok(r.success, `${phase2}: ${r.stdout.slice(-3000)}`);
    checkExchanges(r, exchanges, 1);
    assert.equal(log.authenticationProtocol, protocol);
    assert.equal(log.details.EapTunnel, 'EAP-TTLS');
    assert.equal(log.details.EapAuthentication, inner);
    assert.equal(log.userName, 'alice');
  }
  const bad = await authenticate(['eap=TTLS', 'identity="alice"', 'password="nope"', `ca_cert="${caFile}"`, 'phase2="auth=PAP"']);
  assert.equal(bad.r.success, false);
  assert.match(bad.log.failureReason, /^22040 /);
});

test('session resumption: PEAP always, EAP-TLS when the allowed protocols enable stateless resume', { skip: SKIP_NO_EAPOL }, async () => {
  const tickets = 'tls_disable_session_ticket=0';
  const p = await authenticate(peap(PASSWORD, tickets), { reauth: 1 });
  assert.ok(p.r.success, p.r.stdout.slice(-3000));
  assert.ok(p.r.resumed >= 1);
  checkExchanges(p.r, p.exchanges, 2);
  assert.equal(p.log.details.TLSSessionResumed, 'true');

  const before = await authenticate(eapTls(p12File, `tls_disable_tlsv1_3=1 ${tickets}`), { reauth: 1 });
  assert.ok(before.r.success);
  assert.equal(before.r.resumed, 0, 'the factory allowed protocols do not resume EAP-TLS');

  const ap = (await server.request('GET', '/ers/config/allowedprotocols/name/Default%20Network%20Access')).json().AllowedProtocols;
  const resumable = {
    ...ap.eapTls, eapTlsEnableStatelessSessionResume: true, eapTlsSessionTicketTtl: 2, eapTlsSessionTicketTtlUnits: 'HOURS', eapTlsSessionTicketPrecentage: 10,
  };
  const put = (resume: boolean) => server.request('PUT', `/ers/config/allowedprotocols/${ap.id}`, {
    body: { AllowedProtocols: { ...ap, eapTls: resume ? resumable : ap.eapTls } },
  });
  const enabled = await put(true);
  assert.equal(enabled.status, 200, enabled.body);
  try {
    for (const version of ['tls_disable_tlsv1_3=1', 'tls_disable_tlsv1_3=0']) {
      const { r, exchanges, log } = await authenticate(eapTls(p12File, `${version} ${tickets}`), { reauth: 1 });
      assert.ok(r.success, r.stdout.slice(-3000));
      assert.ok(r.resumed >= 1, version);
      checkExchanges(r, exchanges, 2);
      assert.equal(log.details.TLSSessionResumed, 'true');
      assert.equal(log.userName, 'printer-floor3', 'the identity comes from the certificate kept in the session');
    }
  } finally {
    assert.equal((await put(false)).status, 200);
  }
});

/** A CA Gatehouse does not know, and a client certificate it issued. */
function foreignCa(): { ca: string; cert: string; key: string } {
  const caKey = tmp.file('foreign-ca.key', '');
  const caCert = tmp.file('foreign-ca.pem', '');
  let r = openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', caCert, '-days', '30', '-subj', '/CN=Foreign Root CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  assert.equal(r.status, 0, r.all);
  const key = tmp.file('foreign.key', '');
  const csr = tmp.file('foreign.csr', '');
  r = openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=intruder']);
  assert.equal(r.status, 0, r.all);
  const ext = tmp.file('client.ext', 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
  const cert = tmp.file('foreign.pem', '');
  r = openssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '30', '-extfile', ext]);
  assert.equal(r.status, 0, r.all);
  return { ca: caCert, cert, key };
}

test('EAP-TLS with a certificate of an unknown CA is rejected with 12514; a supplicant refusing the server certificate gives 12321', { skip: SKIP_NO_EAPOL }, async () => {
  const foreign = foreignCa();
  for (const version of ['tls_disable_tlsv1_3=1', 'tls_disable_tlsv1_3=0']) {
    const { r, exchanges, log } = await authenticate([
      'eap=TLS', 'identity="intruder"', `ca_cert="${caFile}"`, `client_cert="${foreign.cert}"`, `private_key="${foreign.key}"`, `phase1="${version}"`,
    ]);
    assert.equal(r.success, false);
    assert.ok(exchanges.every((x) => x.reply.code !== Code.AccessAccept));
    assert.equal(exchanges.at(-1)?.reply.code, Code.AccessReject);
    assert.equal(log.messageCode, 5400);
    assert.match(log.failureReason, /^12514 EAP-TLS failed SSL\/TLS handshake because of an unknown CA/);
    assert.equal(log.details['Subject - Common Name'], 'intruder');
  }
  const refused = await authenticate(['eap=PEAP', 'identity="alice"', `password="${PASSWORD}"`, `ca_cert="${foreign.ca}"`, 'phase2="auth=MSCHAPV2"']);
  assert.equal(refused.r.success, false);
  assert.match(refused.log.failureReason, /^12321 PEAP failed SSL\/TLS handshake because the client rejected the ISE local-certificate/);
});

test('a NAK asking for a method Gatehouse does not run ends with 11512', { skip: SKIP_NO_EAPOL }, async () => {
  const { r, exchanges, log } = await authenticate(['eap=LEAP', 'identity="alice"', `password="${PASSWORD}"`], { noKeys: true });
  assert.equal(r.success, false);
  assert.equal(exchanges.at(-1)?.reply.code, Code.AccessReject);
  assert.match(log.failureReason, /^11512 /);
});

test('an EAP-Message with an unknown State is rejected with 11051 and EAP-Failure', { skip: SKIP_NO_RADCLIENT }, async () => {
  const rows = (await liveLog()).length;
  const r = await radclient(server.ports.radiusAuth, 'auth', SECRET, [
    'User-Name = "alice"', 'EAP-Message = 0x020700060d00', 'State = 0x000102030405060708090a0b0c0d0e0f', 'Message-Authenticator = 0x00',
  ]);
  assert.equal(r.reply, 'Access-Reject', r.stdout);
  assert.ok(r.attributes.includes('EAP-Message = 0x04070004'), r.attributes.join('\n'));
  assert.match((await nextLog(rows)).failureReason, /^11051 /);
});

test('a revoked certificate is rejected with 12517', { skip: SKIP_NO_EAPOL }, async () => {
  // Revocation through the CA service of the stopped node, then the node starts again on the same data.
  await server.stop();
  const store = SqliteStore.open(dataDir);
  try {
    const services = await createServices(store, { ca: { dir: join(dataDir, 'ca') } });
    await services.ca.revoke(p12Serial, 'keyCompromise', SYSTEM_ACTOR);
  } finally {
    await store.close();
  }
  server = await startServer({ dataDir });
  for (const version of ['tls_disable_tlsv1_3=1', 'tls_disable_tlsv1_3=0']) {
    const { r, exchanges, log } = await authenticate(eapTls(p12File, version));
    assert.equal(r.success, false);
    assert.ok(exchanges.every((x) => x.reply.code !== Code.AccessAccept));
    assert.match(log.failureReason, /^12517 EAP-TLS failed SSL\/TLS handshake because of a revoked certificate/);
    assert.equal(log.details['Serial Number'], p12Serial.replace(/^0+/, ''));
  }
});

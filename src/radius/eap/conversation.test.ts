// EAP conversations driven in process: negotiation and NAK, EAP-MD5, EAP-TLS
// over TLS 1.2 and 1.3 against Node's TLS client with small fragments (the
// MSK checked against the client's own exporter), PEAP-MSCHAPv2 with the
// crypto binding answered, ignored (optional or required) or forged, and
// hostile peers: malformed EAP, wrong identifiers, TLS garbage, fragments
// that never end, too many rounds. None of them crashes and none is
// accepted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';
import { createHierarchy, chainOf, type CaHierarchy } from '../../ca/hierarchy.ts';
import { issueCertificate } from '../../ca/issue.ts';
import { validateClientChain } from '../../ca/verify.ts';
import { pem } from '../../ca/x509.ts';
import { factoryAllowedProtocols } from '../../domain/policy/factory-elements.ts';
import type { AllowedProtocols } from '../../domain/policy/allowed-protocols.ts';
import { EAP_FAILURE } from './codes.ts';
import { EapServer, eapPolicyOf, type EapResult, type TlsCredentials } from './conversation.ts';
import type { MethodEnv } from './method.ts';
import { EapCode, EapType, decodeEap, encodeEap } from './packet.ts';
import { ntPasswordHash, ntResponse } from '../mschap.ts';
import { MSCHAPV2_OP, mppeMasterKey, mppeServerKeys } from './methods/mschapv2.ts';
import { BINDING_RESPONSE, compoundKeys, compoundMac, compoundMsk, cryptobindingTlv, innerSessionKey } from './methods/peap-binding.ts';
import { RESULT_SUCCESS, parseExtensions } from './methods/peap.ts';
import { Fragmenter, Reassembly, TLS_FLAG_MORE, TLS_FLAG_START, buildTlsFrame, parseTlsFrame, tlsAck } from './tls-framing.ts';
import type { EapSession } from './session.ts';

const NOW = new Date();
let ca: CaHierarchy;
let credentials: TlsCredentials;
let client: { key: string; cert: string };
const ended: string[] = [];

before(async () => {
  ({ hierarchy: ca } = await createHierarchy('unit', NOW, 2048));
  const chain = chainOf(ca).map((c) => pem('CERTIFICATE', c.rawData));
  const issue = async (cn: string, eku: 'serverAuth' | 'clientAuth') => {
    const i = await issueCertificate(ca.issuing, { cn, dnsNames: [cn], key: { type: 'ECDSA', size: 256 }, validityDays: 30, extendedKeyUsages: [eku], urls: {}, now: NOW });
    return { key: i.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert: pem('CERTIFICATE', i.certificate.rawData) };
  };
  const server = await issue('radius.unit', 'serverAuth');
  credentials = { ...server, chain, clientCas: chain };
  client = await issue('laptop-1', 'clientAuth');
});

const servers: EapServer<string>[] = [];
after(() => { for (const s of servers) s.close(); });

function newServer(over: { fragmentSize?: number; maxRounds?: number; maxTlsMessage?: number; ticketSecret?: Buffer } = {}): EapServer<string> {
  const s = new EapServer<string>({
    serverName: 'unit', fragmentSize: over.fragmentSize ?? 300, maxTlsMessage: over.maxTlsMessage ?? 64 * 1024, maxRounds: over.maxRounds ?? 60,
    timeoutMs: 30_000, maxSessions: 100, ticketLifetimeSeconds: 300, credentials: async () => credentials, ticketSecret: over.ticketSecret,
  }, (session, reason) => ended.push(`${session.data}:${reason}`));
  servers.push(s);
  return s;
}

const steps: number[] = [];
const env: MethodEnv = {
  now: NOW,
  step: (c) => { steps.push(c); },
  passwordOf: (name) => (name === 'alice' ? { ok: true, password: 'Wonder-Land1' } : { ok: false, failure: EAP_FAILURE.userNotFound }),
  passwordChecked: (_name, ok) => (ok ? undefined : EAP_FAILURE.wrongPassword),
  certificate: async (peer) => {
    const r = await validateClientChain([peer.leaf], { anchors: chainOf(ca) }, NOW);
    return r.ok ? { ok: true, identity: r.fields.subjectCn, fields: r.fields } : { ok: false, failure: { code: r.code, text: r.reason } };
  },
};

const policy = (change: (ap: AllowedProtocols) => void = () => undefined) => {
  const ap = factoryAllowedProtocols()[0];
  change(ap);
  return eapPolicyOf(ap, true);
};

const response = (id: number, type: number, data: Buffer | number[] = []) =>
  encodeEap({ code: EapCode.Response, id, type, data: Buffer.from(data) });

/** Opens a conversation with an identity; returns the session and the first Request. */
async function open(server: EapServer<string>, identity: string, p = policy()): Promise<{ s: EapSession<string>; first: EapResult }> {
  const s = server.sessions.create('nad', '', identity);
  const first = await server.converse(s, response(1, EapType.Identity, [...Buffer.from(identity)]), env, p);
  return { s, first };
}

const requestOf = (r: EapResult) => {
  assert.equal(r.kind, 'challenge', JSON.stringify(r));
  return decodeEap((r as { eap: Buffer }).eap);
};

test('the EAP policy of an allowed-protocols service: runnable methods only, preferred first', () => {
  assert.deepEqual(policy().methods, ['PEAP', 'EAP-TLS', 'EAP-TTLS', 'EAP-MD5']);
  assert.deepEqual(eapPolicyOf(factoryAllowedProtocols()[0], false).methods, ['EAP-MD5'], 'no server certificate, no TLS method');
  // Requiring the crypto binding keeps PEAP: the binding is then mandatory for the peer.
  const binding = policy((ap) => { ap.peap!.requireCryptobinding = true; });
  assert.deepEqual(binding.methods, ['PEAP', 'EAP-TLS', 'EAP-TTLS', 'EAP-MD5']);
  assert.equal(binding.peapRequireCryptobinding, true);
  assert.equal(policy().peapRequireCryptobinding, false);
  assert.deepEqual(policy((ap) => { ap.peap!.allowPeapEapMsChapV2 = false; }).methods, ['EAP-TLS', 'EAP-TTLS', 'EAP-MD5']);
  assert.equal(policy((ap) => { ap.allowPreferredEapProtocol = true; ap.preferredEapProtocol = 'EAP_TTLS'; }).methods[0], 'EAP-TTLS');
  assert.deepEqual(policy((ap) => { ap.allowEapTls = false; }).refusal('EAP-TLS').code, 12503);
});

test('negotiation: the preferred allowed method first, a NAK switches once, EAP-MD5 succeeds', async () => {
  const server = newServer();
  const { s, first } = await open(server, 'alice');
  const peap = requestOf(first);
  assert.equal(peap.type, EapType.Peap);
  assert.deepEqual(peap.data, Buffer.of(TLS_FLAG_START));
  const md5 = requestOf(await server.converse(s, response(peap.id, EapType.Nak, [EapType.Md5]), env, policy()));
  assert.equal(md5.type, EapType.Md5);
  assert.equal(md5.data[0], 16);
  const challenge = md5.data.subarray(1, 17);
  const answer = createHash('md5').update(Buffer.of(md5.id)).update('Wonder-Land1').update(challenge).digest();
  const done = await server.converse(s, response(md5.id, EapType.Md5, [16, ...answer]), env, policy());
  assert.equal(done.kind, 'success');
  assert.equal((done as { eap: Buffer }).eap.toString('hex'), `03${md5.id.toString(16).padStart(2, '0')}0004`);
  assert.equal(server.sessions.size, 0);
});

test('EAP-MD5 with a wrong password fails with 22040; the preferred protocol setting is honoured', async () => {
  const server = newServer();
  const md5First = policy((ap) => { ap.allowPreferredEapProtocol = true; ap.preferredEapProtocol = 'EAP_MD5'; });
  const { s, first } = await open(server, 'alice', md5First);
  const md5 = requestOf(first);
  assert.equal(md5.type, EapType.Md5);
  const done = await server.converse(s, response(md5.id, EapType.Md5, [16, ...Buffer.alloc(16)]), env, md5First);
  assert.deepEqual(done.kind === 'failure' && done.failure, EAP_FAILURE.wrongPassword);
  assert.equal(decodeEap((done as { eap: Buffer }).eap).code, EapCode.Failure);
});

test('NAK handling: a method not allowed, an unknown one, a second NAK, a NAK after answering', async () => {
  const server = newServer();
  const noTls = policy((ap) => { ap.allowEapTls = false; });
  let { s, first } = await open(server, 'alice', noTls);
  let r = await server.converse(s, response(requestOf(first).id, EapType.Nak, [EapType.Tls]), env, noTls);
  assert.deepEqual(r.kind === 'failure' && r.failure.code, 12503);
  ({ s, first } = await open(server, 'alice'));
  r = await server.converse(s, response(requestOf(first).id, EapType.Nak, [EapType.Gtc]), env, policy());
  assert.deepEqual(r.kind === 'failure' && r.failure.code, 11512);
  ({ s, first } = await open(server, 'alice'));
  const ttls = requestOf(await server.converse(s, response(requestOf(first).id, EapType.Nak, [EapType.Ttls]), env, policy()));
  assert.equal(ttls.type, EapType.Ttls);
  r = await server.converse(s, response(ttls.id, EapType.Nak, [EapType.Md5]), env, policy());
  assert.deepEqual(r.kind === 'failure' && r.failure, EAP_FAILURE.invalidPayload);
  const none = policy((ap) => { for (const k of ['allowEapMd5', 'allowEapTls', 'allowPeap', 'allowEapTtls', 'allowEapFast', 'allowTeap', 'allowLeap'] as const) ap[k] = false; });
  ({ first } = await open(server, 'alice', none));
  assert.deepEqual(first.kind === 'failure' && first.failure.code, 11509);
});

test('identifiers: a repeated Response gets the same Request, a stray identifier is discarded, a Request from the peer fails', async () => {
  const server = newServer();
  const { s, first } = await open(server, 'alice');
  const req = requestOf(first);
  const nak = response(req.id, EapType.Nak, [EapType.Md5]);
  const md5 = await server.converse(s, nak, env, policy());
  const again = await server.converse(s, nak, env, policy());
  assert.deepEqual(again, { kind: 'challenge', eap: (md5 as { eap: Buffer }).eap, info: (md5 as { info: unknown }).info });
  const stray = await server.converse(s, response((requestOf(md5).id + 5) & 0xff, EapType.Md5, [16, ...Buffer.alloc(16)]), env, policy());
  assert.equal(stray.kind, 'drop');
  assert.equal(server.sessions.size, 1);
  const wrongCode = await server.converse(s, encodeEap({ code: EapCode.Request, id: requestOf(md5).id, type: EapType.Md5, data: Buffer.alloc(17) }), env, policy());
  assert.equal(wrongCode.kind, 'failure');
  assert.equal(server.sessions.size, 0);
});

test('a conversation that does not start with an Identity is asked for one', async () => {
  const server = newServer();
  const s = server.sessions.create('nad', '', 'x');
  const r = requestOf(await server.converse(s, response(9, EapType.Md5, [16, ...Buffer.alloc(16)]), env, policy()));
  assert.equal(r.type, EapType.Identity);
});

/** Node's TLS client as an EAP-TLS peer: frames, fragments, acknowledgements. */
class TlsPeer {
  readonly socket: TLSSocket;
  readonly #out: Buffer[] = [];
  #raw: Duplex;
  #tx: Fragmenter | undefined;
  readonly #rx = new Reassembly(1 << 20);
  #events = 0;
  #app: Buffer[] = [];
  error: Error | undefined;

  /** The session (ticket) the server handed out, to resume with. */
  session: Buffer | undefined;

  constructor(maxVersion: 'TLSv1.2' | 'TLSv1.3', session?: Buffer) {
    this.#raw = new Duplex({ read: () => undefined, write: (c: Buffer, _e, cb) => { this.#out.push(c); this.#events++; cb(); } });
    this.socket = connect({
      socket: this.#raw, key: client.key, cert: client.cert, ca: credentials.chain, servername: 'radius.unit', maxVersion, minVersion: 'TLSv1.2',
      checkServerIdentity: () => undefined, session,
    });
    this.socket.on('session', (s: Buffer) => { this.session = s; });
    this.socket.on('error', (e) => { this.error = e; });
    this.socket.on('secureConnect', () => { this.#events++; });
    this.socket.on('data', (d: Buffer) => { this.#app.push(d); this.#events++; });
  }

  async #settle(): Promise<void> {
    let quiet = 0;
    let seen = this.#events;
    while (quiet < 2) {
      await new Promise((r) => setImmediate(r));
      if (this.#events === seen) quiet++;
      else { quiet = 0; seen = this.#events; }
    }
  }

  /** The type-data answering the server's type-data; `reply` answers the application data that came in the tunnel. */
  async answer(data: Buffer, fragment = 250, reply?: (app: Buffer) => Buffer): Promise<Buffer> {
    const frame = parseTlsFrame(data);
    if (this.#tx?.pending) return this.#tx.next();
    if ((frame.flags & TLS_FLAG_START) === 0) {
      const message = this.#rx.add(frame);
      if (message === undefined) return tlsAck(0);
      if (message.length > 0) this.#raw.push(message);
    }
    await this.#settle();
    const app = Buffer.concat(this.#app.splice(0));
    if (app.length > 0 && reply) {
      this.socket.write(reply(app));
      await this.#settle();
    }
    const out = Buffer.concat(this.#out.splice(0));
    if (out.length === 0) return tlsAck(0);
    this.#tx = new Fragmenter(out, fragment, 0);
    return this.#tx.next();
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Runs an EAP-TLS conversation to its end; `tamper` may replace the peer's type-data. */
async function runEapTls(server: EapServer<string>, peer: TlsPeer, tamper?: (data: Buffer, round: number) => Buffer, resumption = false): Promise<{ result: EapResult; rounds: number }> {
  const eapTlsFirst = (ap: AllowedProtocols) => {
    ap.allowPreferredEapProtocol = true;
    ap.preferredEapProtocol = 'EAP_TLS';
    if (resumption && ap.eapTls) ap.eapTls.eapTlsEnableStatelessSessionResume = true;
  };
  const { s, first } = await open(server, 'laptop-1', policy(eapTlsFirst));
  let result = first;
  let rounds = 0;
  while (result.kind === 'challenge') {
    const req = decodeEap(result.eap);
    assert.equal(req.type, EapType.Tls);
    let data = await peer.answer(req.data);
    if (tamper) data = tamper(data, rounds);
    result = await server.converse(s, response(req.id, EapType.Tls, data), env, policy(eapTlsFirst));
    rounds++;
  }
  return { result, rounds };
}

for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
  test(`EAP-TLS over ${version} with 300-octet fragments: success, MSK from the exporter as the client computes it`, async () => {
    const server = newServer({ fragmentSize: 300 });
    const peer = new TlsPeer(version);
    try {
      const { result, rounds } = await runEapTls(server, peer);
      assert.equal(result.kind, 'success', JSON.stringify(result));
      assert.ok(rounds > 6, `fragmented over ${rounds} rounds`);
      const auth = (result as Extract<EapResult, { kind: 'success' }>).auth;
      assert.equal(auth.info.userName, 'laptop-1');
      assert.equal(auth.info.tls?.version, version);
      assert.equal(auth.info.certificate?.subjectCn, 'laptop-1');
      const expected = version === 'TLSv1.3'
        ? peer.socket.exportKeyingMaterial(128, 'EXPORTER_EAP_TLS_Key_Material', Buffer.of(EapType.Tls))
        : (peer.socket.exportKeyingMaterial as (n: number, l: string) => Buffer)(128, 'client EAP encryption');
      assert.deepEqual(auth.msk, expected.subarray(0, 64));
    } finally {
      peer.close();
    }
  });
}

/** How the PEAP peer ends phase 2: its Extensions Response to the server's TLVs, given the binding keys it derived. */
type Finish = (tlvs: Buffer, cmk: Buffer) => Buffer;

const extensionsResponse = (id: number, tlvs: Buffer) => encodeEap({ code: EapCode.Response, id, type: EapType.Tlv, data: tlvs });
const RESULT_OK = Buffer.from('800300020001', 'hex');

/** A PEAPv0 peer: EAP-MSCHAPv2 as alice inside the tunnel, then `finish`; returns the result and the peer's IPMK. */
async function runPeap(server: EapServer<string>, peer: TlsPeer, p: ReturnType<typeof policy>, finish: Finish): Promise<{ result: EapResult; ipmk?: Buffer }> {
  const { s, first } = await open(server, 'anonymous', p);
  let result = first;
  let nt: Buffer = Buffer.alloc(0);
  let ipmk: Buffer | undefined;
  const reply = (app: Buffer): Buffer => {
    if (app[0] === EapCode.Request && app[4] === EapType.Tlv) {
      // The Extensions Request comes with its EAP header; the peer's keys are TK (exporter) and its own ISK (Send | Recv).
      const tls13 = peer.socket.getProtocol() === 'TLSv1.3';
      const material = tls13
        ? peer.socket.exportKeyingMaterial(128, 'EXPORTER_EAP_TLS_Key_Material', Buffer.of(EapType.Peap))
        : (peer.socket.exportKeyingMaterial as (n: number, l: string) => Buffer)(128, 'client EAP encryption');
      const keys = compoundKeys(material.subarray(0, 60), innerSessionKey(mppeServerKeys(mppeMasterKey(ntPasswordHash('Wonder-Land1'), nt))));
      ipmk = keys.ipmk;
      return extensionsResponse(app[1], finish(app.subarray(5), keys.cmk));
    }
    if (app[0] === EapType.Identity) return Buffer.concat([Buffer.of(EapType.Identity), Buffer.from('alice')]);
    assert.equal(app[0], EapType.MsChapV2);
    if (app[1] === MSCHAPV2_OP.success) return Buffer.of(EapType.MsChapV2, MSCHAPV2_OP.success);
    assert.equal(app[1], MSCHAPV2_OP.challenge);
    const peerChallenge = Buffer.alloc(16, 0x42);
    nt = ntResponse(app.subarray(6, 22), peerChallenge, 'alice', ntPasswordHash('Wonder-Land1'));
    const body = Buffer.concat([Buffer.of(MSCHAPV2_OP.response, app[2], 0, 0, 49), peerChallenge, Buffer.alloc(8), nt, Buffer.of(0), Buffer.from('alice')]);
    body.writeUInt16BE(body.length, 2);
    return Buffer.concat([Buffer.of(EapType.MsChapV2), body]);
  };
  while (result.kind === 'challenge') {
    const req = decodeEap(result.eap);
    assert.equal(req.type, EapType.Peap);
    result = await server.converse(s, response(req.id, EapType.Peap, await peer.answer(req.data, 250, reply)), env, p);
  }
  return { result, ipmk };
}

/** The peer that implements the binding: checks the server's request and answers it. */
const answerBinding: Finish = (tlvs, cmk) => {
  const { status, binding } = parseExtensions(tlvs);
  assert.equal(status, RESULT_SUCCESS);
  assert.ok(binding, 'the server sends a Cryptobinding TLV with a successful Result TLV');
  assert.equal(binding.readUInt16BE(0), 12, 'type 12, M bit clear');
  assert.deepEqual(binding.subarray(4, 8), Buffer.of(0, 0, 0, 0), 'version 0, received version 0, sub-type request');
  assert.deepEqual(compoundMac(cmk, binding), binding.subarray(40), 'the server\'s Compound MAC');
  return Buffer.concat([RESULT_OK, cryptobindingTlv(cmk, BINDING_RESPONSE, binding.subarray(8, 40))]);
};

const successOf = (r: EapResult) => {
  assert.equal(r.kind, 'success', JSON.stringify(r));
  return (r as Extract<EapResult, { kind: 'success' }>).auth;
};

for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
  test(`PEAP-MSCHAPv2 over ${version} with the crypto binding answered: success, MSK from the Compound Session Key`, async () => {
    for (const required of [false, true]) {
      const server = newServer();
      const peer = new TlsPeer(version);
      try {
        const { result, ipmk } = await runPeap(server, peer, policy((ap) => { ap.peap!.requireCryptobinding = required; }), answerBinding);
        const auth = successOf(result);
        assert.equal(auth.info.userName, 'alice');
        assert.equal(auth.info.tls?.version, version);
        assert.deepEqual(auth.msk, compoundMsk(ipmk!));
      } finally {
        peer.close();
      }
    }
  });
}

test('PEAP: a peer ignoring the binding is accepted with the TLS MSK unless the allowed protocols require it (12307)', async () => {
  for (const required of [false, true]) {
    const server = newServer();
    const peer = new TlsPeer('TLSv1.2');
    try {
      const { result } = await runPeap(server, peer, policy((ap) => { ap.peap!.requireCryptobinding = required; }), () => RESULT_OK);
      if (required) {
        assert.deepEqual(result.kind === 'failure' && result.failure, EAP_FAILURE.peapCryptobindingMissing);
        assert.equal(result.kind === 'failure' && result.eap[0], EapCode.Failure);
      } else {
        const material = (peer.socket.exportKeyingMaterial as (n: number, l: string) => Buffer)(128, 'client EAP encryption');
        assert.deepEqual(successOf(result).msk, material.subarray(0, 64));
      }
    } finally {
      peer.close();
    }
  }
});

test('PEAP: a forged Compound MAC, a request sent back, a wrong version or a short TLV fails with 12307; a failed Result TLV with 12308', async () => {
  const forged: Finish[] = [
    (tlvs, cmk) => { const r = answerBinding(tlvs, cmk); r[r.length - 1] ^= 1; return r; },
    (tlvs) => Buffer.concat([RESULT_OK, parseExtensions(tlvs).binding!]),
    (tlvs, cmk) => { const r = answerBinding(tlvs, cmk); r[6 + 5] = 1; r.set(compoundMac(cmk, r.subarray(6)), 6 + 40); return r; },
    () => Buffer.concat([RESULT_OK, Buffer.from('000c000400000001', 'hex')]),
    // A MAC keyed by another session's CMK, as a relay into another tunnel would have.
    (tlvs) => Buffer.concat([RESULT_OK, cryptobindingTlv(compoundKeys(Buffer.alloc(60, 1), Buffer.alloc(32)).cmk, BINDING_RESPONSE, parseExtensions(tlvs).binding!.subarray(8, 40))]),
  ];
  for (const [i, finish] of forged.entries()) {
    const server = newServer();
    const peer = new TlsPeer('TLSv1.2');
    try {
      const { result } = await runPeap(server, peer, policy(), finish);
      assert.deepEqual(result.kind === 'failure' && result.failure, EAP_FAILURE.peapCryptobindingInvalid, `case ${i}`);
    } finally {
      peer.close();
    }
  }
  const server = newServer();
  const peer = new TlsPeer('TLSv1.2');
  try {
    const { result } = await runPeap(server, peer, policy(), () => Buffer.from('800300020002', 'hex'));
    assert.deepEqual(result.kind === 'failure' && result.failure, EAP_FAILURE.peapResultFailure);
  } finally {
    peer.close();
  }
});

test('TLS garbage from the peer fails the handshake (12508), never succeeds', async () => {
  const server = newServer();
  const peer = new TlsPeer('TLSv1.3');
  try {
    const { result } = await runEapTls(server, peer, (data, round) => (round === 0 ? buildTlsFrame(0, 0, Buffer.from('\x16\x03\x03\x00\x05garbage-garbage')) : data));
    assert.deepEqual(result.kind === 'failure' && result.failure.code, 12508);
  } finally {
    peer.close();
  }
});

test('fragments that never end: refused at the TLS message bound, or at the round limit', async () => {
  for (const [opts, code] of [[{ maxTlsMessage: 8 * 1024 }, 11500], [{ maxRounds: 12 }, 11500]] as const) {
    const server = newServer(opts);
    const peer = new TlsPeer('TLSv1.3');
    try {
      const { result, rounds } = await runEapTls(server, peer, (_data, round) => (round === 0 ? buildTlsFrame(TLS_FLAG_MORE, 0, Buffer.alloc(1000, 0x16), 1 << 20) : buildTlsFrame(TLS_FLAG_MORE, 0, Buffer.alloc(1000, 0x16))));
      assert.deepEqual(result.kind === 'failure' && result.failure.code, code);
      assert.ok(rounds <= 13, `${rounds} rounds`);
    } finally {
      peer.close();
    }
  }
});

test('malformed EAP in a running conversation fails it; random type-data never succeeds', async () => {
  const server = newServer();
  const { s, first } = await open(server, 'alice');
  const r = await server.converse(s, Buffer.from('0201ffff', 'hex'), env, policy());
  assert.deepEqual(r.kind === 'failure' && r.failure, EAP_FAILURE.invalidPayload);
  assert.equal(first.kind, 'challenge');
  let seed = 7;
  const rand = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
  for (let i = 0; i < 300; i++) {
    const { s: t, first: f } = await open(server, 'alice');
    let result = f;
    for (let round = 0; round < 5 && result.kind === 'challenge'; round++) {
      const req = decodeEap(result.eap);
      const data = Buffer.from(Array.from({ length: rand() % 40 }, () => rand() & 0xff));
      const type = round === 0 && rand() % 2 === 0 ? EapType.Nak : req.type!;
      result = await server.converse(t, response(req.id, type, data), env, policy());
    }
    assert.notEqual(result.kind, 'success');
    server.sessions.finish(t);
  }
});

test('session-ticket keys: the same secret gives every server the same 48 octets per context; none gives random ones', async () => {
  const { ticketKeyFor } = await import('./conversation.ts');
  const secret = Buffer.alloc(32, 7);
  const a = ticketKeyFor(secret, 'peap');
  assert.equal(a.length, 48);
  assert.deepEqual(ticketKeyFor(Buffer.from(secret), 'peap'), a, 'another thread with the same secret derives the same keys');
  assert.notDeepEqual(ticketKeyFor(secret, 'tls'), a, 'each TLS context has keys of its own');
  assert.notDeepEqual(ticketKeyFor(Buffer.alloc(32, 8), 'peap'), a);
  assert.notDeepEqual(ticketKeyFor(undefined, 'peap'), ticketKeyFor(undefined, 'peap'));
});

test('EAP-TLS session tickets of one server resume on another with the same ticket secret (the node\'s RADIUS threads), not on one without', async () => {
  const secret = Buffer.alloc(32, 9);
  const a = newServer({ ticketSecret: secret });
  const b = newServer({ ticketSecret: Buffer.from(secret) });
  const stranger = newServer();
  const first = new TlsPeer('TLSv1.2');
  try {
    assert.equal((await runEapTls(a, first, undefined, true)).result.kind, 'success');
    await new Promise((r) => setImmediate(r));
    assert.ok(first.session, 'the server handed out a ticket');
  } finally {
    first.close();
  }
  /** Whether an EAP-TLS authentication with the ticket succeeds on `server` by resuming. */
  const resumesOn = async (server: EapServer<string>): Promise<boolean> => {
    const peer = new TlsPeer('TLSv1.2', first.session);
    try {
      assert.equal((await runEapTls(server, peer, undefined, true)).result.kind, 'success');
      return peer.socket.isSessionReused();
    } finally {
      peer.close();
    }
  };
  assert.equal(await resumesOn(b), true, 'resumed on the other server');
  assert.equal(await resumesOn(stranger), false, 'a full handshake where the ticket key differs');
});

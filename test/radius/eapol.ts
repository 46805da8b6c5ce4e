// Runs wpa_supplicant's eapol_test against a node, optionally through a
// UDP tap that records every Access-Request and its reply, so that tests
// can read what Gatehouse sent (the MS-MPPE keys) beside what eapol_test
// derived. Interop tests skip with a message when eapol_test is missing;
// .ci/run installs it (Debian package eapoltest).
import { spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePacket, type RadiusPacket } from '../../src/radius/codec.ts';

export const EAPOL_TEST = spawnSync('eapol_test', ['-v'], { stdio: 'ignore' }).error ? undefined : 'eapol_test';
export const SKIP_NO_EAPOL = EAPOL_TEST ? false : 'eapol_test not installed (apt-get install eapoltest)';

export interface EapolResult {
  code: number | null;
  stdout: string;
  /** eapol_test's last line was SUCCESS. */
  success: boolean;
  /** "MPPE keys OK: n  mismatch: m": eapol_test's own comparison of received and derived keys. */
  mppeOk: number;
  mppeMismatch: number;
  /** The keys as eapol_test decrypted them from each Access-Accept (hex), and the PMK it derived itself. */
  recvKeys: string[];
  sendKeys: string[];
  pmks: string[];
  /** TLS versions negotiated (distinct). */
  tlsVersions: string[];
  /** Handshakes eapol_test reports as resumed. */
  resumed: number;
  /** PEAP Cryptobinding TLVs from the server that eapol_test found valid. */
  cryptobindings: number;
}

export interface EapolOptions {
  /** Re-authentications after the first (-r). */
  reauth?: number;
  timeoutSeconds?: number;
  /** Calling-Station-Id (-M), default 02:00:00:00:00:01. */
  mac?: string;
  /** The method yields no MPPE keys (-n). */
  noKeys?: boolean;
}

const hexdump = (out: string, label: string): string[] =>
  [...out.matchAll(new RegExp(`^${label} - hexdump\\(len=\\d+\\): ([0-9a-f ]+)$`, 'gm'))].map((m) => m[1].replaceAll(' ', ''));

/** Runs one eapol_test with a `network={…}` block made of `lines`. */
export function eapolTest(port: number, secret: string, lines: string[], opts: EapolOptions = {}): Promise<EapolResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-eapol-'));
  const conf = join(dir, 'eapol.conf');
  writeFileSync(conf, ['network={', '  key_mgmt=IEEE8021X', ...lines.map((l) => `  ${l}`), '}', ''].join('\n'));
  const args = ['-c', conf, '-a', '127.0.0.1', '-p', String(port), '-s', secret, '-t', String(opts.timeoutSeconds ?? 15)];
  if (opts.reauth) args.push('-r', String(opts.reauth));
  if (opts.mac) args.push('-M', opts.mac);
  if (opts.noKeys) args.push('-n');
  return new Promise((resolve) => {
    const child = spawn(EAPOL_TEST ?? 'eapol_test', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stdout += d; });
    // 'close', not 'exit': only then has all of its output been read.
    child.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      const mppe = /MPPE keys OK: (\d+)\s+mismatch: (\d+)/.exec(stdout);
      resolve({
        code, stdout,
        success: /^SUCCESS\s*$/m.test(stdout.trimEnd().split('\n').at(-1) ?? ''),
        mppeOk: Number(mppe?.[1] ?? -1), mppeMismatch: Number(mppe?.[2] ?? -1),
        recvKeys: hexdump(stdout, 'MS-MPPE-Recv-Key \\(crypt\\)'),
        sendKeys: hexdump(stdout, 'MS-MPPE-Send-Key \\(sign\\)'),
        pmks: hexdump(stdout, 'PMK from EAPOL'),
        tlsVersions: [...new Set([...stdout.matchAll(/^SSL: Using TLS version (\S+)$/gm)].map((m) => m[1]))],
        resumed: (stdout.match(/^OpenSSL: Handshake finished - resumed=1$/gm) ?? []).length,
        cryptobindings: (stdout.match(/^EAP-PEAP: Valid cryptobinding TLV received$/gm) ?? []).length,
      });
    });
  });
}

export interface Exchange {
  request: RadiusPacket;
  reply: RadiusPacket;
}

/**
 * A UDP relay between eapol_test and the node that keeps each request and
 * its reply (matched by identifier) for inspection.
 */
export class RadiusTap {
  readonly exchanges: Exchange[] = [];
  readonly #front: Socket;
  readonly #target: number;
  readonly #pending = new Map<number, { request: Buffer; client: { address: string; port: number } }>();
  #back: Socket;

  private constructor(front: Socket, back: Socket, target: number) {
    this.#front = front;
    this.#back = back;
    this.#target = target;
    front.on('message', (msg, from) => {
      this.#pending.set(msg[1], { request: msg, client: { address: from.address, port: from.port } });
      this.#back.send(msg, this.#target, '127.0.0.1');
    });
    back.on('message', (msg) => {
      const p = this.#pending.get(msg[1]);
      if (!p) return;
      this.#pending.delete(msg[1]);
      this.exchanges.push({ request: decodePacket(p.request), reply: decodePacket(msg) });
      this.#front.send(msg, p.client.port, p.client.address);
    });
  }

  /** Listens on an ephemeral port of 127.0.0.1 and relays to `target` there. */
  static async open(target: number): Promise<RadiusTap> {
    const bind = (s: Socket) => new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
    const front = createSocket('udp4');
    const back = createSocket('udp4');
    await Promise.all([bind(front), bind(back)]);
    return new RadiusTap(front, back, target);
  }

  get port(): number {
    return this.#front.address().port;
  }

  close(): void {
    this.#front.close();
    this.#back.close();
  }
}

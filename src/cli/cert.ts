// gatehouse cert list [--mac M] [--cn CN] [--status active|revoked]
// gatehouse cert revoke --serial S [--reason R]
// The internal CA's issued certificates through the Gatehouse extension API
// (/gatehouse/v1/certificates); real ISE has no API for either (its GUI
// does it), so against ISE these commands say so. list prints one JSON
// record per line, newest first; revoke prints the revoked record.
import type { Command } from 'commander';
import { addConnectionOptions, connect, type ConnectionOpts } from './connection.ts';
import { EXT_PREFIX } from './gatehouse-ext.ts';
import { ersMessage, jsonOf, type ErsHttp, type HttpResult } from './ers-http.ts';

const PAGE_SIZE = 100;

interface ListOpts extends ConnectionOpts {
  mac?: string;
  cn?: string;
  status?: string;
}

interface RevokeOpts extends ConnectionOpts {
  serial: string;
  reason: string;
}

/** The failure as one line; exit code 1 like every refused call. */
function refused(what: string, r: HttpResult): void {
  const hint = r.status === 404 && jsonOf<{ error?: string }>(r)?.error === undefined
    ? ' (the server is not a Gatehouse node: ISE revokes certificates only in its GUI)' : '';
  process.stderr.write(`gatehouse: ${what}: ${r.status} ${ersMessage(r)}${hint}\n`);
  process.exitCode = 1;
}

async function list(http: ErsHttp, o: ListOpts): Promise<void> {
  const q = new URLSearchParams();
  if (o.mac !== undefined) q.set('mac', o.mac);
  if (o.cn !== undefined) q.set('cn', o.cn);
  if (o.status !== undefined) q.set('status', o.status);
  q.set('size', String(PAGE_SIZE));
  let next: string | undefined = `${EXT_PREFIX}/certificates?${q}`;
  while (next) {
    const r = await http.request('GET', next);
    if (r.status !== 200) return refused('list certificates', r);
    const page = jsonOf<{ certificates?: unknown[]; nextPage?: string }>(r) ?? {};
    for (const c of page.certificates ?? []) process.stdout.write(`${JSON.stringify(c)}\n`);
    next = page.nextPage;
  }
}

export function registerCertCommands(program: Command): void {
  const cert = program.command('cert').description("the internal CA's issued certificates (Gatehouse nodes)");
  addConnectionOptions(cert.command('list').description('print the issued certificates as JSON lines, newest first'))
    .option('--mac <mac>', 'only those issued to this MAC (any notation)')
    .option('--cn <cn>', 'only those with this subject CN')
    .option('--status <status>', 'active | revoked')
    .action(async (o: ListOpts) => {
      const conn = await connect(o);
      try {
        await list(conn.http, o);
      } finally {
        conn.http.close();
      }
    });
  addConnectionOptions(cert.command('revoke').description('revoke a certificate: at once in the CRL, OCSP and EAP-TLS'))
    .requiredOption('--serial <hex>', 'serial number (hex, colons allowed)')
    .option('--reason <reason>', 'RFC 5280 reason: unspecified, keyCompromise, cACompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn', 'unspecified')
    .action(async (o: RevokeOpts) => {
      const conn = await connect(o);
      try {
        const r = await conn.http.request('POST', `${EXT_PREFIX}/certificates/${encodeURIComponent(o.serial)}/revoke`, { reason: o.reason });
        if (r.status !== 200) return refused(`revoke ${o.serial}`, r);
        process.stdout.write(`${JSON.stringify(jsonOf(r))}\n`);
      } finally {
        conn.http.close();
      }
    });
}

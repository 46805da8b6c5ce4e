// Validation of ERS `downloadableacl` bodies (policy-api.md §10). The DACL
// text is stored exactly as sent; each line must be an ACE
// (`permit|deny <protocol> <source> <destination> …` or `remark …`) that
// fits one Cisco AV-pair, and the whole download reply must fit a RADIUS
// packet (radius-policy.md §8). A content or type change moves the version.

import { checkText } from '../names.ts';
import type { DaclType, DownloadableAcl } from './dacl.ts';
import { DACL_REPLY_BUDGET, DACL_TYPES, MAX_AVPAIR_TEXT, daclEntries, daclReplyOctets, nextDaclVersion } from './dacl.ts';
import { FACTORY_DACL_IDS } from './factory-elements.ts';
import type { Checked } from './validation.ts';
import { Fields, checked, invalid, nameTaken } from './validation.ts';

const title = (reason: string): string => reason;

const DACL_NAME = /^[A-Za-z0-9_.\-]+$/;
const ACTIONS = new Set(['permit', 'deny']);

export interface DaclOptions {
  id: string;
  existing?: DownloadableAcl;
  /** Every stored DACL (the existing one included on update). */
  dacls: readonly DownloadableAcl[];
  /** When the change is made: sets the new version. */
  now: Date;
}

/** The first problem of a DACL text for its type, or null. */
export function checkDaclText(text: string, type: DaclType): string | null {
  const lines = text.split(/\r?\n/);
  let aces = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const tokens = line.split(/\s+/);
    const action = tokens[0].toLowerCase();
    if (action === 'remark') { aces++; continue; }
    if (!ACTIONS.has(action)) return `DACL line ${i + 1} '${line}' must start with permit, deny or remark`;
    if (tokens.length < 4) return `DACL line ${i + 1} '${line}' needs a protocol, a source and a destination`;
    const protocol = tokens[1].toLowerCase();
    if (type === 'IPV4' && protocol === 'ipv6') return `DACL line ${i + 1} '${line}' is IPv6 in an IPV4 DACL`;
    if (type === 'IPV6' && protocol === 'ip') return `DACL line ${i + 1} '${line}' is IPv4 in an IPV6 DACL`;
    aces++;
  }
  if (aces === 0) return 'Validation Error - Mandatory fields missing: [dacl]';
  for (const entry of daclEntries({ dacl: text, daclType: type })) {
    if (Buffer.byteLength(entry, 'utf8') > MAX_AVPAIR_TEXT) return `DACL entry '${entry}' is longer than one RADIUS attribute (${MAX_AVPAIR_TEXT} octets)`;
  }
  const size = daclReplyOctets({ dacl: text, daclType: type });
  if (size > DACL_REPLY_BUDGET) return `DACL is too large for one RADIUS reply (${size} octets, at most ${DACL_REPLY_BUDGET})`;
  return null;
}

/** A downloadable ACL from a POST or PUT body. */
export function validateDacl(input: unknown, o: DaclOptions): Checked<DownloadableAcl> {
  return checked(() => {
    const f: Fields = new Fields(input, title);
    const name = f.reqStr('name');
    if (!DACL_NAME.test(name) || name.length > 255) f.fail(`name '${name}' may contain only letters, digits, underscore, hyphen and period`);
    if (nameTaken(name, o.dacls, o.id)) f.fail(`Downloadable ACL ${o.existing ? 'Update' : 'Create'} failed: DACL Name Already Exist`);
    const dacl = f.str('dacl') ?? f.missing('dacl');
    const daclType = f.oneOf('daclType', DACL_TYPES) ?? o.existing?.daclType ?? 'IPV4';
    const problem = checkDaclText(dacl, daclType);
    if (problem) f.fail(problem, problem.startsWith('Validation Error') ? 'schema' : 'validation');
    const description = f.str('description');
    if (description !== undefined) {
      const e = checkText(description, 'description');
      if (e) f.fail(e);
    }
    const old = o.existing;
    const changed = old === undefined || old.dacl !== dacl || old.daclType !== daclType;
    const out: DownloadableAcl = { id: o.id, name, dacl, daclType, version: changed ? nextDaclVersion(old?.version ?? 0, o.now) : old.version };
    if (description !== undefined && description !== '') out.description = description;
    return out;
  });
}

const BUILTIN_DACL_IDS: ReadonlySet<string> = new Set(FACTORY_DACL_IDS);

/** Refuses deleting a built-in DACL or one a profile still names (`usedBy`: profile names). */
export function checkDeleteDacl(d: DownloadableAcl, usedBy: readonly string[]): Checked<true> {
  return checked(() => {
    if (BUILTIN_DACL_IDS.has(d.id)) invalid(`Downloadable ACL '${d.name}' is a system DACL and cannot be deleted`, 'inUse');
    if (usedBy.length > 0) invalid(`Downloadable ACL '${d.name}' is in use by authorization profile '${usedBy[0]}'`, 'inUse');
    return true as const;
  });
}

// Downloadable ACLs (ERS `downloadableacl`, policy-api.md §10) and their
// RADIUS forms (radius-policy.md §8):
// - in an Access-Accept: `Cisco-AVPair = ACS:CiscoSecure-Defined-ACL=#ACSACL#-IP-<name>-<version>`
//   (`#ACSACL#-IPV6-` for IPv6 DACLs);
// - the NAD then fetches it with User-Name = `#ACSACL#-IP-<name>-<version>`
//   and gets one `Cisco-AVPair = ip:inacl#<n>=<ACE>` per line, numbered from 1
//   (`ipv6:inacl#<n>=` for IPv6 lines).
//
// The version is 8 hex digits that change whenever the content changes.
// ISE's look like the modification time in Unix seconds (`4f57e406`);
// `nextDaclVersion` keeps that form and stays monotonic.

import type { ReplyAttribute } from './reply-attribute.ts';

export const DACL_TYPES = ['IPV4', 'IPV6', 'IP_AGNOSTIC'] as const;
export type DaclType = (typeof DACL_TYPES)[number];

export interface DownloadableAcl {
  id: string;
  name: string;
  description?: string;
  /** ACEs separated by `\n`, stored exactly as given. */
  dacl: string;
  daclType: DaclType;
  /** Content version (32-bit), rendered as 8 hex digits; not part of the ERS object. */
  version: number;
}

export const DACL_PREFIX = '#ACSACL#-';

/** The version that follows `previous` when the content changes at `now`. */
export function nextDaclVersion(previous: number, now: Date): number {
  const seconds = Math.floor(now.getTime() / 1000) >>> 0;
  return seconds > previous ? seconds : (previous + 1) >>> 0;
}

export const daclVersionText = (version: number): string => (version >>> 0).toString(16).padStart(8, '0');

/** `#ACSACL#-IP-<name>-<version>` (IPv6 DACLs: `#ACSACL#-IPV6-…`). */
export function daclAclName(d: Pick<DownloadableAcl, 'name' | 'daclType' | 'version'>): string {
  return `${DACL_PREFIX}${d.daclType === 'IPV6' ? 'IPV6' : 'IP'}-${d.name}-${daclVersionText(d.version)}`;
}

/** The Access-Accept AV-pair that names a DACL. */
export function daclAvPair(d: Pick<DownloadableAcl, 'name' | 'daclType' | 'version'>): string {
  return `ACS:CiscoSecure-Defined-ACL=${daclAclName(d)}`;
}

export interface DaclRequestName {
  family: 'IP' | 'IPV6';
  name: string;
  version: number;
}

const REQUEST_NAME = /^#ACSACL#-(IP|IPV6)-(.+)-([0-9a-fA-F]{8})$/;

/** True when a User-Name asks for a DACL download. */
export const isDaclRequest = (userName: string): boolean => userName.startsWith(DACL_PREFIX);

export function parseDaclRequestName(userName: string): DaclRequestName | null {
  const m = REQUEST_NAME.exec(userName);
  return m === null ? null : { family: m[1] as 'IP' | 'IPV6', name: m[2], version: parseInt(m[3], 16) };
}

/** The ACE lines of a DACL: trimmed, blank lines dropped. */
export function daclLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

const IPV6_ACE = /^\S+\s+ipv6\b|\b[0-9a-fA-F]*:[0-9a-fA-F]*:/i;

/** The AV-pair texts of a DACL download reply, in DACL order. */
export function daclEntries(d: Pick<DownloadableAcl, 'dacl' | 'daclType'>): string[] {
  let v4 = 0;
  let v6 = 0;
  return daclLines(d.dacl).map((line) => {
    const ipv6 = d.daclType === 'IPV6' || (d.daclType === 'IP_AGNOSTIC' && IPV6_ACE.test(line));
    return ipv6 ? `ipv6:inacl#${++v6}=${line}` : `ip:inacl#${++v4}=${line}`;
  });
}

/** Failure codes of a DACL download (radius-policy.md §8, §13). */
export const DACL_FAILURES = {
  11023: 'The requested dACL is not found. This is an unknown dACL name',
  11024: 'The Access-Request for the requested dACL is missing a Message-Authenticator attribute. The request is rejected',
  11025: 'The Access-Request for the requested dACL is missing a cisco-av-pair attribute with the value aaa:event=acl-download. The request is rejected',
  11026: 'The requested dACL is not found',
} as const;
export type DaclFailureCode = keyof typeof DACL_FAILURES;

export type DaclDownload =
  | { ok: true; dacl: DownloadableAcl; attributes: ReplyAttribute[] }
  | { ok: false; code: DaclFailureCode; reason: string };

export interface DaclDownloadRequest {
  userName: string;
  hasMessageAuthenticator: boolean;
  /** Every Cisco-AVPair text of the request. */
  avPairs: readonly string[];
}

/**
 * Answers a DACL download request: the Access-Accept attributes, or the
 * failure that makes it an Access-Reject (5419). Unknown name → 11023; the
 * name exists but the version is not the current one → 11026.
 */
export function daclDownload(req: DaclDownloadRequest, find: (name: string) => DownloadableAcl | undefined): DaclDownload {
  const fail = (code: DaclFailureCode): DaclDownload => ({ ok: false, code, reason: DACL_FAILURES[code] });
  if (!req.hasMessageAuthenticator) return fail(11024);
  if (!req.avPairs.some((p) => p.trim().toLowerCase() === 'aaa:event=acl-download')) return fail(11025);
  const wanted = parseDaclRequestName(req.userName);
  if (wanted === null) return fail(11023);
  const dacl = find(wanted.name);
  if (dacl === undefined || (wanted.family === 'IPV6') !== (dacl.daclType === 'IPV6')) return fail(11023);
  if (dacl.version >>> 0 !== wanted.version) return fail(11026);
  return { ok: true, dacl, attributes: daclEntries(dacl).map((value) => ({ name: 'Cisco-AVPair', value })) };
}

/** Octets one Cisco-AVPair VSA takes: attribute header 2, vendor id 4, sub-attribute header 2, text. */
export const avPairOctets = (text: string): number => 8 + Buffer.byteLength(text, 'utf8');

/** Largest AV-pair text one VSA can carry (255 − 8 octets of headers). */
export const MAX_AVPAIR_TEXT = 247;

/**
 * Room for DACL entries in a download reply: 4096 octets less the header
 * (20), Message-Authenticator (18), and a User-Name/Class allowance (2 × 255).
 */
export const DACL_REPLY_BUDGET = 4096 - 20 - 18 - 510;

/** Reply octets the DACL's entries take. */
export const daclReplyOctets = (d: Pick<DownloadableAcl, 'dacl' | 'daclType'>): number =>
  daclEntries(d).reduce((n, e) => n + avPairOctets(e), 0);

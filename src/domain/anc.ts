// Adaptive Network Control: named policies of actions, and the assignment
// of one policy to an endpoint's MAC. The action spellings differ between
// ERS and pxGrid; every spelling is accepted and the one received is kept.
import type { Entity } from './entity.ts';
import type { CoaAction } from './coa.ts';

export type AncActionKind = 'quarantine' | 'portBounce' | 'shutdown' | 'reauth';

/** Every accepted spelling (upper case) and what it means. */
const SPELLINGS: Readonly<Record<string, AncActionKind>> = {
  QUARANTINE: 'quarantine',
  PORTBOUNCE: 'portBounce',
  PORT_BOUNCE: 'portBounce',
  SHUTDOWN: 'shutdown',
  SHUT_DOWN: 'shutdown',
  RE_AUTHENTICATE: 'reauth',
  REAUTHENTICATE: 'reauth',
};

/** ERS spellings (ancpolicy) and pxGrid spellings (com.cisco.ise.config.anc). */
export const ERS_ACTION: Readonly<Record<AncActionKind, string>> = {
  quarantine: 'QUARANTINE', portBounce: 'PORTBOUNCE', shutdown: 'SHUTDOWN', reauth: 'RE_AUTHENTICATE',
};
export const PXGRID_ACTION: Readonly<Record<AncActionKind, string>> = {
  quarantine: 'QUARANTINE', portBounce: 'PORT_BOUNCE', shutdown: 'SHUT_DOWN', reauth: 'RE_AUTHENTICATE',
};

/** Actions that must stand alone in a policy. */
const EXCLUSIVE: ReadonlySet<AncActionKind> = new Set(['portBounce', 'shutdown']);

export const ANC_POLICY_NAME_MAX = 64;

export interface AncPolicy extends Entity {
  /** Action spellings as received, upper case. */
  actions: string[];
}

/** One endpoint's assignment; `name` is the MAC (AA:BB:CC:DD:EE:FF). */
export interface AncEndpoint extends Entity {
  macAddress: string;
  policyName: string;
}

export const ancActionKind = (spelling: string): AncActionKind | undefined => SPELLINGS[spelling.toUpperCase()];

/** Normalises a policy's action list; returns the error text or the actions in upper case. */
export function checkAncActions(actions: readonly string[]): { ok: true; actions: string[] } | { ok: false; error: string } {
  if (actions.length === 0) return { ok: false, error: 'actions: at least one action is required' };
  const kinds: AncActionKind[] = [];
  const out: string[] = [];
  for (const a of actions) {
    const kind = ancActionKind(a.trim());
    if (!kind) {
      return { ok: false, error: `actions: '${a}' is not an ANC action (allowed: ${Object.values(ERS_ACTION).join(', ')})` };
    }
    if (kinds.includes(kind)) return { ok: false, error: `actions: '${a}' is listed more than once` };
    kinds.push(kind);
    out.push(a.trim().toUpperCase());
  }
  if (kinds.length > 1) {
    const lone = kinds.findIndex((k) => EXCLUSIVE.has(k));
    if (lone >= 0) return { ok: false, error: `actions: ${out[lone]} cannot be combined with other actions` };
  }
  return { ok: true, actions: out };
}

/** The CoA that applying a policy sends to each active session of the endpoint. */
export function coaActionForPolicy(actions: readonly string[]): CoaAction {
  const kinds = actions.map(ancActionKind);
  if (kinds.includes('shutdown')) return 'portShutdown';
  if (kinds.includes('portBounce')) return 'portBounce';
  return 'reauth';
}

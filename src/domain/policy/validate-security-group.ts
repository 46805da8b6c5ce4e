// Validation of ERS `sgt` bodies (ers-resources.md §14): name of letters,
// digits and underscore (≤ 32), unique; value 2–65519, unique, or -1 for the
// lowest free one. The built-ins cannot be deleted; neither can a group an
// authorization rule assigns.

import type { SecurityGroup } from './security-group.ts';
import { BUILTIN_SECURITY_GROUPS } from './security-group.ts';
import { checkText } from '../names.ts';
import type { Checked } from './validation.ts';
import { Fields, checked, invalid, nameTaken } from './validation.ts';

const title = (reason: string): string => reason;

const SGT_NAME = /^[A-Za-z0-9_]+$/;
export const SGT_VALUE_MIN = 2;
export const SGT_VALUE_MAX = 65519;
/** Auto-assigned values start above the built-in range. */
const AUTO_FROM = 16;

export interface SecurityGroupOptions {
  id: string;
  existing?: SecurityGroup;
  /** Every stored group (the existing one included on update). */
  groups: readonly SecurityGroup[];
}

/** A security group from a POST or PUT body. */
export function validateSecurityGroup(input: unknown, o: SecurityGroupOptions): Checked<SecurityGroup> {
  return checked(() => {
    const f: Fields = new Fields(input, title);
    const old = o.existing;
    const name = f.reqStr('name');
    if (!SGT_NAME.test(name) || name.length > 32) f.fail(`name '${name}' may contain only letters, digits and underscore, at most 32 characters`);
    if (nameTaken(name, o.groups, o.id)) f.fail(`SGT ${old ? 'Update' : 'Create'} failed: SGT name '${name}' already exists`);
    const others = o.groups.filter((g) => g.id !== o.id);
    const taken = new Set(others.map((g) => g.value));
    let value = f.int('value', -1, SGT_VALUE_MAX) ?? old?.value ?? f.missing('value');
    if (value === -1) {
      value = AUTO_FROM;
      while (taken.has(value)) value++;
    } else if (value < SGT_VALUE_MIN && value !== old?.value) {
      f.fail(`value must be between ${SGT_VALUE_MIN} and ${SGT_VALUE_MAX}, or -1 to assign one`);
    }
    if (taken.has(value)) f.fail(`SGT ${old ? 'Update' : 'Create'} failed: SGT value ${value} is already used`);
    const description = f.str('description') ?? '';
    const e = checkText(description, 'description');
    if (e) f.fail(e);
    const changed = old === undefined || old.value !== value;
    const generation = Number.parseInt(old?.generationId ?? '0', 10) || 0;
    const out: SecurityGroup = {
      id: o.id, name, description, value, generationId: String(changed && old ? generation + 1 : generation),
      propogateToApic: f.bool('propogateToApic') ?? false,
    };
    return out;
  });
}

const BUILTIN_IDS: ReadonlySet<string> = new Set(BUILTIN_SECURITY_GROUPS.map((g) => g.id));

/** Refuses deleting a built-in group or one a rule assigns (`usedBy`: rule names). */
export function checkDeleteSecurityGroup(g: SecurityGroup, usedBy: readonly string[]): Checked<true> {
  return checked(() => {
    if (BUILTIN_IDS.has(g.id)) invalid(`SGT '${g.name}' is a system security group and cannot be deleted`, 'inUse');
    if (usedBy.length > 0) invalid(`SGT '${g.name}' is in use by rule '${usedBy[0]}'`, 'inUse');
    return true as const;
  });
}

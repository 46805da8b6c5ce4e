// Internal users as CSV rows. A column in the header manages its field; an
// empty cell means the empty value for text fields and the group list
// ("no group"), "no expiry" for expiryDate, and "leave as it is / server
// default" for booleans, passwords and passwordIDStore. Passwords are used
// when creating (and on updates only with --update-passwords: ERS never
// returns them, so they cannot be compared).
import type { ColumnSpec } from './csv-input.ts';
import type { Cells, ExportKind, ImportKind, ParseOptions, Wanted } from './import-kind.ts';
import type { GroupNames } from './listing.ts';
import {
  GROUP_SEPARATOR, RowError, asMap, attributeCells, boolCell, boolOf, checkDate, groupIds, mergeAttributes, sameMap, str, textCell,
} from './row-values.ts';

const TEXT = ['email', 'firstName', 'lastName', 'description', 'accountNameAlias'] as const;
const BOOLS = ['enabled', 'changePassword', 'passwordNeverExpires'] as const;

export const USER_COLUMNS = [
  'name', 'password', 'enablePassword', 'email', 'firstName', 'lastName', 'description', 'identityGroup',
  'expiryDate', 'enabled', 'changePassword', 'passwordNeverExpires', 'accountNameAlias', 'passwordIDStore',
] as const;

const columns: ColumnSpec = { known: USER_COLUMNS, required: ['name'], attributes: true };

function parse(cells: Cells, groups: GroupNames | undefined, opts: ParseOptions): Wanted | { error: string } {
  try {
    const name = textCell(cells, 'name') ?? '';
    if (name === '') throw new RowError('name: is empty');
    const create: Record<string, unknown> = { name };
    const text = new Map<string, string>();
    for (const f of TEXT) {
      const v = textCell(cells, f);
      if (v !== undefined) { text.set(f, v); if (v !== '') create[f] = v; }
    }
    const bools = new Map<string, boolean>();
    for (const f of BOOLS) {
      const v = boolCell(cells, f);
      if (v !== undefined) { bools.set(f, v); create[f] = v; }
    }
    const password = cells.get('password') ?? '';
    const enablePassword = cells.get('enablePassword') ?? '';
    if (password !== '') create.password = password;
    if (enablePassword !== '') create.enablePassword = enablePassword;
    const store = textCell(cells, 'passwordIDStore') ?? '';
    if (store !== '') create.passwordIDStore = store;
    const groupCell = cells.get('identityGroup');
    const groupList = groupCell === undefined ? undefined : groupIds(groupCell, groups, 'identityGroup', 'identity group');
    if (groupList && groupList.length > 0) create.identityGroups = groupList.join(',');
    const expiryCell = textCell(cells, 'expiryDate');
    const expiry = expiryCell ? checkDate('expiryDate', expiryCell) : expiryCell;
    if (expiry) Object.assign(create, { expiryDateEnabled: true, expiryDate: expiry });
    const attrs = attributeCells(cells);
    const createAttrs = mergeAttributes({}, attrs);
    if (Object.keys(createAttrs).length > 0) create.customAttributes = createAttrs;

    const changes = (cur: Record<string, unknown>): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [f, v] of text) if (str(cur[f]) !== v) out[f] = v;
      for (const [f, v] of bools) if (boolOf(cur[f]) !== v) out[f] = v;
      if (store !== '' && str(cur.passwordIDStore) !== store) out.passwordIDStore = store;
      if (groupList) {
        const have = str(cur.identityGroups).split(',').map((s) => s.trim()).filter(Boolean);
        if (have.length !== groupList.length || !groupList.every((g) => have.includes(g))) out.identityGroups = groupList.join(',');
      }
      if (expiry) {
        if (!boolOf(cur.expiryDateEnabled) || str(cur.expiryDate) !== expiry) Object.assign(out, { expiryDateEnabled: true, expiryDate: expiry });
      } else if (expiry === '' && boolOf(cur.expiryDateEnabled)) {
        out.expiryDateEnabled = false;
      }
      if (attrs.size > 0) {
        const merged = mergeAttributes(asMap(cur.customAttributes), attrs);
        if (!sameMap(merged, asMap(cur.customAttributes))) out.customAttributes = merged;
      }
      if (opts.updatePasswords) {
        if (password !== '') out.password = password;
        if (enablePassword !== '') out.enablePassword = enablePassword;
      }
      return out;
    };
    return { key: name, create, changes };
  } catch (e) {
    if (e instanceof RowError) return { error: e.message };
    throw e;
  }
}

export const USERS: ImportKind = {
  name: 'users',
  resource: 'internaluser',
  wrapper: 'InternalUser',
  groupResource: 'identitygroup',
  groupColumn: 'identityGroup',
  keyColumn: 'name',
  columns,
  secretColumns: ['password', 'enablePassword'],
  parse,
  keyOfEntry: (name) => name,
};

export const USERS_EXPORT: ExportKind = {
  name: 'users',
  resource: 'internaluser',
  wrapper: 'InternalUser',
  groupResource: 'identitygroup',
  columns: USER_COLUMNS.filter((c) => c !== 'enablePassword'),
  attributesOf: (u) => asMap(u.customAttributes),
  row(u, groups) {
    const ids = str(u.identityGroups).split(',').map((s) => s.trim()).filter(Boolean);
    return {
      name: str(u.name),
      password: '',
      email: str(u.email),
      firstName: str(u.firstName),
      lastName: str(u.lastName),
      description: str(u.description),
      identityGroup: ids.map((id) => groups?.nameOf(id) ?? id).join(GROUP_SEPARATOR),
      expiryDate: boolOf(u.expiryDateEnabled) ? str(u.expiryDate) : '',
      enabled: String(boolOf(u.enabled)),
      changePassword: String(boolOf(u.changePassword)),
      passwordNeverExpires: String(boolOf(u.passwordNeverExpires)),
      accountNameAlias: str(u.accountNameAlias),
      passwordIDStore: str(u.passwordIDStore),
    };
  },
};

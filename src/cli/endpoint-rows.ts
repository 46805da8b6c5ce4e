// Endpoints as CSV rows, found by MAC (any common notation; ISE's
// AA:BB:CC:DD:EE:FF is what is sent). `groupName` names an endpoint identity
// group; a row that names one pins the endpoint to it
// (staticGroupAssignment true) unless its staticGroupAssignment cell says
// false. Empty cells: the empty value for description and portalUser,
// "leave as it is" for the group and the booleans; `attr:NAME` cells set
// custom attributes ('' removes one).
import type { ColumnSpec } from './csv-input.ts';
import type { Cells, ExportKind, ImportKind, Wanted } from './import-kind.ts';
import type { GroupNames } from './listing.ts';
import {
  RowError, asMap, attributeCells, boolCell, boolOf, groupIds, mergeAttributes, normaliseMac, sameMap, str, textCell,
} from './row-values.ts';

const TEXT = ['description', 'portalUser'] as const;

export const ENDPOINT_COLUMNS = ['mac', 'groupName', 'description', 'staticGroupAssignment', 'staticProfileAssignment', 'portalUser'] as const;

const columns: ColumnSpec = { known: ENDPOINT_COLUMNS, required: ['mac'], attributes: true };

/** The flat attribute map of an ERSEndPoint (nested twice on the wire; a flat map is read too). */
function attributesOf(e: Record<string, unknown>): Record<string, string> {
  const outer = asMap(e.customAttributes) as Record<string, unknown>;
  return typeof outer.customAttributes === 'object' ? asMap(outer.customAttributes) : (outer as Record<string, string>);
}

function parse(cells: Cells, groups: GroupNames | undefined): Wanted | { error: string } {
  try {
    const macCell = cells.get('mac') ?? '';
    const mac = normaliseMac(macCell);
    if (!mac) throw new RowError(macCell.trim() === '' ? 'mac: is empty' : `mac: '${macCell}' is not a MAC address`);
    const create: Record<string, unknown> = { name: mac, mac };
    const text = new Map<string, string>();
    for (const f of TEXT) {
      const v = textCell(cells, f);
      if (v !== undefined) { text.set(f, v); if (v !== '') create[f] = v; }
    }
    const groupCell = textCell(cells, 'groupName') ?? '';
    if (groupCell.includes(';')) throw new RowError(`groupName: an endpoint belongs to one group ('${groupCell}')`);
    const groupId = groupCell === '' ? undefined : groupIds(groupCell, groups, 'groupName', 'endpoint identity group')[0];
    let staticGroup = boolCell(cells, 'staticGroupAssignment');
    if (staticGroup === undefined && groupId) staticGroup = true;
    const staticProfile = boolCell(cells, 'staticProfileAssignment');
    if (groupId) create.groupId = groupId;
    if (staticGroup !== undefined) create.staticGroupAssignment = staticGroup;
    if (staticProfile !== undefined) create.staticProfileAssignment = staticProfile;
    const attrs = attributeCells(cells);
    const createAttrs = mergeAttributes({}, attrs);
    if (Object.keys(createAttrs).length > 0) create.customAttributes = { customAttributes: createAttrs };

    const changes = (cur: Record<string, unknown>): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [f, v] of text) if (str(cur[f]) !== v) out[f] = v;
      if (groupId && str(cur.groupId) !== groupId) out.groupId = groupId;
      if (staticGroup !== undefined && boolOf(cur.staticGroupAssignment) !== staticGroup) out.staticGroupAssignment = staticGroup;
      if (staticProfile !== undefined && boolOf(cur.staticProfileAssignment) !== staticProfile) out.staticProfileAssignment = staticProfile;
      if (attrs.size > 0) {
        const have = attributesOf(cur);
        const merged = mergeAttributes(have, attrs);
        if (!sameMap(merged, have)) out.customAttributes = { customAttributes: merged };
      }
      return out;
    };
    return { key: mac, create, changes };
  } catch (e) {
    if (e instanceof RowError) return { error: e.message };
    throw e;
  }
}

export const ENDPOINTS: ImportKind = {
  name: 'endpoints',
  resource: 'endpoint',
  wrapper: 'ERSEndPoint',
  groupResource: 'endpointgroup',
  groupColumn: 'groupName',
  keyColumn: 'mac',
  columns,
  secretColumns: [],
  parse,
  keyOfEntry: (name) => normaliseMac(name) ?? name,
};

export const ENDPOINTS_EXPORT: ExportKind = {
  name: 'endpoints',
  resource: 'endpoint',
  wrapper: 'ERSEndPoint',
  groupResource: 'endpointgroup',
  columns: ENDPOINT_COLUMNS,
  attributesOf,
  row(e, groups) {
    const gid = str(e.groupId);
    return {
      mac: str(e.mac),
      groupName: gid ? (groups?.nameOf(gid) ?? gid) : '',
      description: str(e.description),
      staticGroupAssignment: String(boolOf(e.staticGroupAssignment)),
      staticProfileAssignment: String(boolOf(e.staticProfileAssignment)),
      portalUser: str(e.portalUser),
    };
  },
};

// ERS /ers/config/endpoint
import type { FastifyInstance } from 'fastify';
import { macFilterValue, type Endpoint, type MdmAttributes } from '../domain/endpoint.ts';
import type { EndpointDraft } from '../services/endpoints.ts';
import type { Services } from '../services/index.ts';
import { byIdService, registerErsResource } from './resource.ts';
import type { FieldSpec } from './fields.ts';

const MDM_FIELDS: FieldSpec[] = [
  { name: 'mdmServerName', type: 'string' },
  { name: 'mdmReachable', type: 'boolean' },
  { name: 'mdmEnrolled', type: 'boolean' },
  { name: 'mdmComplianceStatus', type: 'boolean' },
  { name: 'mdmOS', type: 'string' },
  { name: 'mdmManufacturer', type: 'string' },
  { name: 'mdmModel', type: 'string' },
  { name: 'mdmSerial', type: 'string' },
  { name: 'mdmEncrypted', type: 'boolean' },
  { name: 'mdmPinlock', type: 'boolean' },
  { name: 'mdmJailBroken', type: 'boolean' },
  { name: 'mdmIMEI', type: 'string' },
  { name: 'mdmPhoneNumber', type: 'string' },
];

const mfcList = (name: string): FieldSpec => ({ name, type: 'list', item: name, of: { type: 'string' } });

const FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'mac', type: 'string' },
  { name: 'profileId', type: 'string' },
  { name: 'staticProfileAssignment', type: 'boolean' },
  { name: 'staticProfileAssignmentDefined', type: 'boolean', readOnly: true },
  { name: 'groupId', type: 'string' },
  { name: 'staticGroupAssignment', type: 'boolean' },
  { name: 'staticGroupAssignmentDefined', type: 'boolean', readOnly: true },
  { name: 'portalUser', type: 'string' },
  { name: 'identityStore', type: 'string' },
  { name: 'identityStoreId', type: 'string' },
  { name: 'customAttributes', type: 'map', nested: true },
  { name: 'mdmAttributes', type: 'object', fields: MDM_FIELDS },
  {
    name: 'mfcAttributes', type: 'object', readOnly: true,
    fields: ['mfcDeviceType', 'mfcHardwareManufacturer', 'mfcHardwareModel', 'mfcOperatingSystem'].map(mfcList),
  },
];

export function toView(e: Endpoint): Record<string, unknown> {
  return {
    id: e.id,
    name: e.name,
    ...(e.description && { description: e.description }),
    mac: e.mac,
    profileId: e.profileId,
    staticProfileAssignment: e.staticProfileAssignment,
    staticProfileAssignmentDefined: e.staticProfileAssignment,
    groupId: e.groupId,
    staticGroupAssignment: e.staticGroupAssignment,
    staticGroupAssignmentDefined: e.staticGroupAssignment,
    portalUser: e.portalUser,
    identityStore: e.identityStore,
    identityStoreId: e.identityStoreId,
    customAttributes: { customAttributes: e.customAttributes },
    ...(e.mdmAttributes && { mdmAttributes: e.mdmAttributes }),
  };
}

function fromInput(p: Record<string, unknown>): EndpointDraft {
  const d: EndpointDraft = {};
  // `name` is ignored: ISE sets it to the MAC.
  const copy = ['description', 'mac', 'profileId', 'staticProfileAssignment', 'staticGroupAssignment', 'portalUser',
    'identityStore', 'identityStoreId', 'customAttributes'] as const;
  for (const k of copy) if (p[k] !== undefined) (d as Record<string, unknown>)[k] = p[k];
  // Clients send "groupId": "" on create for "no particular group".
  if (typeof p.groupId === 'string' && p.groupId !== '') d.groupId = p.groupId;
  if (p.mdmAttributes !== undefined) d.mdmAttributes = p.mdmAttributes as MdmAttributes;
  return d;
}

const boolValue = (v: string): string | null => (v === 'true' ? '1' : v === 'false' ? '0' : null);

export function registerEndpointRoutes(app: FastifyInstance, services: Services): void {
  const endpoints = services.endpoints;
  registerErsResource(app, {
    bulk: { service: services.bulk, jsonWrapper: 'EndpointBulkRequest' },
    path: 'endpoint',
    wrapper: 'ERSEndPoint',
    xmlRoot: 'endpoint',
    namespace: 'identity',
    version: { current: '1.2', supported: ['1.0', '1.1', '1.2', '1.3'] },
    fields: FIELDS,
    list: {
      filters: {
        mac: { field: 'name', value: macFilterValue },
        name: { field: 'name', value: macFilterValue },
        description: { field: 'description' },
        groupId: { field: 'groupId' },
        staticGroupAssignment: { field: 'staticGroupAssignment', value: boolValue },
        staticProfileAssignment: { field: 'staticProfileAssignment', value: boolValue },
        portalUser: { field: 'portalUser' },
        profileId: { field: 'profileId' },
      },
      sorts: { name: 'name', description: 'description' },
      defaultSort: 'name',
    },
    entryDescription: (e) => e.description || undefined,
    toView,
    fromInput,
    byName: { get: true },
    service: byIdService(endpoints),
  });
}

// ERS /ers/config/authorizationprofile (policy-api.md §9): the profiles
// authorization rules name; `GET /name/Blackhole_Wireless_Access` finds the
// renamed Block_Wireless_Access.
import type { FastifyInstance } from 'fastify';
import type { AuthorizationProfile } from '../domain/policy/index.ts';
import type { Services } from '../services/index.ts';
import type { FieldSpec } from './fields.ts';
import { asBody, booleans, collectionService, integers, strings } from './policy-elements.ts';
import { registerErsResource } from './resource.ts';
import { NAME_DESCRIPTION_LIST } from './list.ts';

const DICTIONARY_ATTRIBUTE: FieldSpec[] = strings('AdvancedAttributeValueType', 'dictionaryName', 'attributeName');

const FIELDS: FieldSpec[] = [
  ...strings('id', 'name', 'description', 'accessType', 'authzProfileType', 'profileName'),
  { name: 'vlan', type: 'object', fields: [...strings('nameID'), ...integers('tagID')] },
  ...strings('daclName', 'ipv6DaclName', 'acl', 'ipv6ACLFilter', 'airespaceACL', 'airespaceIPv6ACL'),
  {
    name: 'webRedirection', type: 'object',
    fields: [...strings('WebRedirectionType', 'acl', 'portalName', 'staticIPHostNameFQDN'), ...booleans('displayCertificatesRenewalMessages')],
  },
  { name: 'reauth', type: 'object', fields: [...integers('timer'), ...strings('connectivity')] },
  ...strings('macSecPolicy'),
  ...booleans('trackMovement', 'serviceTemplate', 'easywiredSessionCandidate', 'voiceDomainPermission', 'neat', 'webAuth', 'agentlessPosture'),
  ...strings('autoSmartPort', 'interfaceTemplate', 'avcProfile', 'asaVpn', 'uniqueIdentifier'),
  {
    name: 'advancedAttributes', type: 'list', item: 'advancedAttribute',
    of: {
      type: 'object',
      fields: [
        { name: 'leftHandSideDictionaryAttribue', type: 'object', fields: DICTIONARY_ATTRIBUTE },
        { name: 'rightHandSideAttribueValue', type: 'object', fields: [...DICTIONARY_ATTRIBUTE, ...strings('value'), ...integers('tagID')] },
      ],
    },
  },
];

/** The stored profile is already in wire form; fields never set are left out, and so is an empty advanced list. */
function toView(p: AuthorizationProfile): Record<string, unknown> {
  const { advancedAttributes, ...rest } = p;
  return advancedAttributes.length > 0 ? { ...rest, advancedAttributes } : rest;
}

export function registerAuthorizationProfileRoutes(app: FastifyInstance, services: Services): void {
  registerErsResource(app, {
    path: 'authorizationprofile',
    wrapper: 'AuthorizationProfile',
    xmlRoot: 'authorizationprofile',
    namespace: 'policy',
    version: { current: '1.5', supported: ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'] },
    fields: FIELDS,
    list: NAME_DESCRIPTION_LIST,
    entryDescription: (p) => p.description,
    toView,
    fromInput: asBody,
    byName: { get: true },
    service: collectionService(services.policy.profiles),
  });
}

// What the policy evaluator reads: attribute values by `Dictionary:Attribute`
// (radius-policy.md §4), kept under lower-case keys so that `Radius:Called-
// Station-ID` (ISE's spelling) and `Called-Station-Id` (the RADIUS
// dictionary's) are the same attribute. Multi-valued attributes (Cisco
// AV-pairs, identity groups) are arrays.
//
// The RADIUS path builds one request per Access-Request with
// `buildPolicyRequest`, and adds what it learns while authenticating
// (identity groups, endpoint, authentication status) with `applyIdentity`
// or `set`/`add` before asking for authorization.

import { attrKey } from './condition.ts';
import { authenticationMethod, classifyRequest, radiusFlowType, ssidOf } from './flow-type.ts';
import type { Classification, RadiusFlowType } from './flow-type.ts';
import { displayValue, enumNumber } from './radius-values.ts';

export type PolicyValue = string | readonly string[];

/** Read access to a request's attributes; keys are `attrKey(dictionary, attribute)`. */
export interface PolicyRequest {
  get(key: string): PolicyValue | undefined;
}

/** A mutable attribute set implementing `PolicyRequest`. */
export class PolicyAttributes implements PolicyRequest {
  readonly #values = new Map<string, PolicyValue>();

  get(key: string): PolicyValue | undefined {
    return this.#values.get(key);
  }

  /** First (or only) value of `Dictionary:Attribute`. */
  first(name: string): string | undefined {
    const v = this.#values.get(name.toLowerCase());
    return v === undefined || typeof v === 'string' ? v : v[0];
  }

  /** Sets `Dictionary:Attribute` (any letter case); undefined or an empty list removes it. */
  set(name: string, value: PolicyValue | number | undefined): this {
    const key = name.toLowerCase();
    if (value === undefined || (Array.isArray(value) && value.length === 0)) this.#values.delete(key);
    else if (typeof value === 'number') this.#values.set(key, displayValue(key, value));
    else if (typeof value === 'string') this.#values.set(key, displayValue(key, value));
    else this.#values.set(key, value.map((v) => displayValue(key, v)));
    return this;
  }

  /** Appends a value, turning a single value into a list. */
  add(name: string, value: string | number): this {
    const key = name.toLowerCase();
    const text = displayValue(key, value);
    const old = this.#values.get(key);
    if (old === undefined) this.#values.set(key, text);
    else this.#values.set(key, typeof old === 'string' ? [old, text] : [...old, text]);
    return this;
  }

  /**
   * Fast path for builders: stores a value under an already lower-case key,
   * already in display form (`undefined` is ignored), appending when the
   * attribute is present.
   */
  put(key: string, value: string | undefined): this {
    if (value === undefined) return this;
    const old = this.#values.get(key);
    if (old === undefined) this.#values.set(key, value);
    else this.#values.set(key, typeof old === 'string' ? [old, value] : [...old, value]);
    return this;
  }

  /** `[Dictionary:Attribute as stored (lower case), value]` pairs, for logs and tests. */
  entries(): IterableIterator<[string, PolicyValue]> {
    return this.#values.entries();
  }
}

/** One decoded request attribute, as the RADIUS codec names it. */
export interface RequestAttribute {
  /** Dictionary name: `User-Name`, `Service-Type`, `Cisco-AVPair`, `Airespace-Wlan-Id` … */
  readonly name: string;
  /** Vendor dictionary of a VSA (`Cisco`, `Microsoft`, `Airespace`); absent for standard attributes. */
  readonly vendor?: string;
  /** Text, a number for integer attributes (enumerated ones become their display names), or octets (read as hex). */
  readonly value: string | number | bigint | Uint8Array;
}

/** The network device the request came from (its source-address match). */
export interface DeviceFacts {
  name: string;
  /** The packet's source address. */
  ipAddress: string;
  /** Full NDG names (`Location#All Locations#Site-A`); each becomes `DEVICE:<type>` = the rest of the path. */
  groups?: readonly string[];
  modelName?: string;
  softwareVersion?: string;
  /** Network device profile name; anything but `Cisco` enables Host Lookup by User-Name = MAC. */
  profileName?: string;
}

export interface PolicyRequestInput {
  /** Request attributes in packet order (binary ones such as State or EAP-Message may be left out). */
  attributes: readonly RequestAttribute[];
  device?: DeviceFacts;
  /** True when the request carries EAP-Message (the attribute itself need not be listed). */
  hasEapMessage?: boolean;
  /** Process Host Lookup of the allowed protocols in force, when already known. */
  processHostLookup?: boolean;
  /** Further `Dictionary:Attribute` values (endpoint, session, certificate …). */
  extra?: Readonly<Record<string, PolicyValue>>;
}

export interface BuiltRequest {
  request: PolicyAttributes;
  classification: Classification;
  flowType: RadiusFlowType | undefined;
}

function keyOf(vendor: string | undefined, name: string): string {
  if (vendor === undefined || vendor === '') return attrKey('Radius', name);
  const lower = name.toLowerCase();
  if (vendor.toLowerCase() === 'cisco' && (lower === 'cisco-avpair' || lower === 'cisco-av-pair')) return 'cisco:cisco-av-pair';
  return attrKey(vendor, name);
}

/** Keys by vendor ('' for standard) and attribute name; names come from a finite dictionary, so the cache stays small. */
const keyCache = new Map<string, Map<string, string>>();
const KEY_CACHE_LIMIT = 4096;
let keyCacheSize = 0;

/** The `Dictionary:Attribute` a decoded RADIUS attribute is read as (lower case). */
export function requestAttributeKey(a: Pick<RequestAttribute, 'name' | 'vendor'>): string {
  const vendor = a.vendor ?? '';
  let names = keyCache.get(vendor);
  const hit = names?.get(a.name);
  if (hit !== undefined) return hit;
  const key = keyOf(a.vendor, a.name);
  if (keyCacheSize < KEY_CACHE_LIMIT) {
    if (names === undefined) keyCache.set(vendor, (names = new Map()));
    names.set(a.name, key);
    keyCacheSize++;
  }
  return key;
}

const K = {
  flowType: 'normalised radius:radiusflowtype',
  ssid: 'normalised radius:ssid',
  protocol: 'network access:protocol',
  userName: 'network access:username',
  method: 'network access:authenticationmethod',
  useCase: 'network access:usecase',
  deviceName: 'network access:networkdevicename',
  deviceIp: 'network access:device ip address',
  ndgIp: 'device:device ip address',
  model: 'device:model name',
  software: 'device:software version',
} as const;

/** `DEVICE:<type>` keys of NDG types, cached like attribute keys. */
const ndgKeys = new Map<string, string>();
function ndgKey(type: string): string {
  let k = ndgKeys.get(type);
  if (k === undefined) {
    k = attrKey('DEVICE', type);
    if (ndgKeys.size < KEY_CACHE_LIMIT) ndgKeys.set(type, k);
  }
  return k;
}

/**
 * Builds the request attributes of one Access-Request: every RADIUS
 * attribute under its dictionary, the derived `Normalised Radius` and
 * `Network Access` attributes, and the device's `DEVICE` attributes.
 */
export function buildPolicyRequest(input: PolicyRequestInput): BuiltRequest {
  const req = new PolicyAttributes();
  let serviceType: number | undefined;
  let nasPortType: number | undefined;
  let userName: string | undefined;
  let calling: string | undefined;
  let called: string | undefined;
  let hasUserPassword = false;
  let hasChapPassword = false;
  let msChap: 1 | 2 | undefined;
  let hasEap = input.hasEapMessage === true;

  for (const a of input.attributes) {
    const key = requestAttributeKey(a);
    switch (key) {
      // Credentials and EAP are noted, never exposed to policy.
      case 'radius:user-password': hasUserPassword = true; continue;
      case 'radius:chap-password': hasChapPassword = true; continue;
      case 'radius:eap-message': hasEap = true; continue;
      case 'microsoft:ms-chap-response': msChap = 1; continue;
      case 'microsoft:ms-chap2-response': msChap = 2; continue;
    }
    const raw = a.value;
    let text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('hex') : String(raw);
    switch (key) {
      case 'radius:service-type':
      case 'radius:nas-port-type': {
        const n = enumNumber(key, typeof raw === 'number' ? raw : text);
        if (key === 'radius:service-type') serviceType ??= n;
        else nasPortType ??= n;
        text = displayValue(key, typeof raw === 'number' ? raw : text);
        break;
      }
      case 'radius:user-name': userName ??= text; break;
      case 'radius:calling-station-id': calling ??= text; break;
      case 'radius:called-station-id': called ??= text; break;
    }
    req.put(key, text);
  }
  const device = input.device;
  const classification = classifyRequest({
    serviceType, nasPortType, userName, callingStationId: calling, hasEapMessage: hasEap, hasUserPassword,
    hasChapPassword, msChap, processHostLookup: input.processHostLookup,
    nonCiscoDevice: device?.profileName !== undefined && device.profileName !== 'Cisco',
  });
  const flowType = radiusFlowType(classification.useCase, serviceType, nasPortType);

  req.put(K.flowType, flowType);
  if (called !== undefined && called.includes(':')) req.put(K.ssid, ssidOf(called));
  req.put(K.protocol, 'Radius');
  req.put(K.userName, userName);
  req.put(K.method, authenticationMethod(classification.useCase));
  if (classification.useCase === 'HostLookup') req.put(K.useCase, 'Host Lookup');
  if (device) {
    req.put(K.deviceName, device.name);
    req.put(K.deviceIp, device.ipAddress);
    req.put(K.ndgIp, device.ipAddress);
    req.put(K.model, device.modelName);
    req.put(K.software, device.softwareVersion);
    const groups = device.groups;
    if (groups !== undefined) {
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i];
        const at = g.indexOf('#');
        if (at > 0) req.put(ndgKey(g.slice(0, at)), g.slice(at + 1));
      }
    }
  }
  if (input.extra !== undefined) for (const [name, value] of Object.entries(input.extra)) req.set(name, value);
  return { request: req, classification, flowType };
}

/** Facts learnt while authenticating, applied before authorization. */
export interface IdentityFacts {
  /** `AuthenticationPassed`, `UnknownUser`, `AuthenticationFailed` … */
  authenticationStatus?: string;
  /** Full identity group paths (`User Identity Groups:Employee`, `Endpoint Identity Groups:Profiled:Cisco-IP-Phone`). */
  identityGroups?: readonly string[];
  /** The authenticated identity (`Network Access:UserName`); for EAP the inner identity. */
  userName?: string;
  /** `Network Access:AuthenticationIdentityStore`. */
  identityStore?: string;
  /** `Network Access:EapAuthentication` (`EAP-TLS`, `EAP-MSCHAPv2` …) and `EapTunnel` (`PEAP` …). */
  eapAuthentication?: string;
  eapTunnel?: string;
  /** `InternalUser:<attribute>` values, e.g. `Name`, custom attributes. */
  internalUser?: Readonly<Record<string, string>>;
  /** `EndPoints:<attribute>` values: `LogicalProfile`, `EndPointPolicy`, `BYODRegistration`, custom attributes. */
  endpoint?: Readonly<Record<string, PolicyValue>>;
  /** `Session:<attribute>` values: `ANCPolicy`, `PostureStatus`. */
  session?: Readonly<Record<string, string>>;
  /** `CERTIFICATE:<attribute>` values of the client certificate. */
  certificate?: Readonly<Record<string, PolicyValue>>;
}

export function applyIdentity(req: PolicyAttributes, facts: IdentityFacts): PolicyAttributes {
  if (facts.authenticationStatus !== undefined) req.set('Network Access:AuthenticationStatus', facts.authenticationStatus);
  if (facts.identityGroups !== undefined) req.set('IdentityGroup:Name', facts.identityGroups);
  if (facts.userName !== undefined) req.set('Network Access:UserName', facts.userName);
  if (facts.identityStore !== undefined) req.set('Network Access:AuthenticationIdentityStore', facts.identityStore);
  if (facts.eapAuthentication !== undefined) req.set('Network Access:EapAuthentication', facts.eapAuthentication);
  if (facts.eapTunnel !== undefined) req.set('Network Access:EapTunnel', facts.eapTunnel);
  const groups: ReadonlyArray<[string, Readonly<Record<string, PolicyValue>> | undefined]> = [
    ['InternalUser', facts.internalUser], ['EndPoints', facts.endpoint], ['Session', facts.session], ['CERTIFICATE', facts.certificate],
  ];
  for (const [dictionary, values] of groups) {
    for (const [attribute, value] of Object.entries(values ?? {})) req.set(`${dictionary}:${attribute}`, value);
  }
  return req;
}

/** `User Identity Groups:<name>` as `IdentityGroup:Name` carries a user's group. */
export const userGroupPath = (name: string): string => `User Identity Groups:${name}`;

/** `Endpoint Identity Groups:<parent>:…:<name>` for an endpoint group and its ancestors (root first). */
export const endpointGroupPath = (chain: readonly string[]): string => ['Endpoint Identity Groups', ...chain].join(':');

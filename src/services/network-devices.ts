// Network devices: validation (addresses, secrets, groups), storage with
// sealed secrets, and the in-memory index the RADIUS listener consults for
// every packet. The index follows every committed change; it is never read
// from the database on the packet path.
import { randomUUID } from 'node:crypto';
import { fail } from '../errors.ts';
import type { SearchQuery, SearchResult } from '../domain/entity.ts';
import { formatIpEntry, ipEntryText, parseIpEntry, type IpEntry, type IpEntryInput } from '../domain/ip.ts';
import { NadIndex } from '../domain/nad-index.ts';
import { checkName, checkText } from '../domain/names.ts';
import { BUILTIN_NDG_ROOTS, DEFAULT_DEVICE_NDGS, ndgType } from '../domain/ndg.ts';
import { overlay } from '../domain/overlay.ts';
import {
  DEFAULT_COA_PORT, DEFAULT_PROFILE, DEVICE_NAME_MAX_LENGTH, RADIUS_DEFAULTS, SECRET_MASK, SNMP_DEFAULTS, TACACS_DEFAULTS,
  checkCoaPort, checkRadiusSettings, checkSnmpSettings, checkTacacsSettings, checkTrustsecSettings, mapDeviceSecrets,
  type NetworkDevice, type RadiusSettings, type SnmpSettings, type TacacsSettings, type TrustsecSettings,
} from '../domain/network-device.ts';
import type { StoreTables } from '../store/store.ts';
import type { Actor, Clock, Updated } from './context.ts';
import { check, write, type WriteDeps } from './writes.ts';

/** Editable fields; IP entries arrive unparsed, settings may be partial. */
export interface NetworkDeviceDraft {
  name?: string;
  description?: string;
  ipList?: IpEntryInput[];
  groups?: string[];
  profileName?: string;
  coaPort?: number;
  dtlsDnsName?: string;
  modelName?: string;
  softwareVersion?: string;
  authenticationSettings?: Partial<RadiusSettings>;
  tacacsSettings?: Partial<TacacsSettings>;
  snmpsettings?: Partial<SnmpSettings>;
  trustsecsettings?: TrustsecSettings;
}

/** What the RADIUS listener needs about the device that sent a packet. */
export interface RadiusClientInfo {
  id: string;
  name: string;
  secret: Buffer;
  /** Drop Access-Requests without a valid Message-Authenticator (Blast-RADIUS defence). */
  requireMessageAuthenticator: boolean;
  /** Network device groups, full `Root#…` names. */
  groups: readonly string[];
  coaPort: number;
}

export interface RadiusClientResolver {
  resolve(address: string): RadiusClientInfo | undefined;
}

type Ref = { id?: string; name?: string };

const TYPE = 'networkdevice';
/** IP entry fields as ERS names them. */
const IP_FIELD_LABELS = { ipaddress: 'ipaddress', mask: 'mask', exclude: 'getIpaddressExclude' } as const;

const masked = (d: NetworkDevice): NetworkDevice => mapDeviceSecrets(d, () => SECRET_MASK);

export class NetworkDeviceService {
  readonly #deps: WriteDeps;
  readonly #clock: Clock;
  #index = new NadIndex();
  /** Devices indexed by id: name and, for RADIUS devices, the client record. */
  readonly #names = new Map<string, string>();
  readonly #clients = new Map<string, RadiusClientInfo>();

  constructor(deps: WriteDeps, clock: Clock) {
    this.#deps = deps;
    this.#clock = clock;
  }

  /** Builds the index again from the store (a replica following another thread's writes). */
  async reload(): Promise<void> {
    const devices = await this.#deps.store.networkDevices.all();
    this.#index = new NadIndex();
    this.#names.clear();
    this.#clients.clear();
    for (const d of devices) this.#apply(d, d.ipList.map((ip, i) => this.#parseEntry(ip, i)));
  }

  /** Builds the in-memory index from the store (start-up). */
  async load(): Promise<void> {
    for (const d of await this.#deps.store.networkDevices.all()) {
      const entries = d.ipList.map((ip) => this.#parseEntry(ip, 0));
      const clash = this.#index.conflict(entries, d.id);
      if (clash) throw new Error(`stored network device '${d.name}' overlaps network device '${this.#names.get(clash.deviceId)}'`);
      this.#apply(d, entries);
    }
  }

  /** The client resolver for the RADIUS listeners: memory only. */
  readonly radiusClients: RadiusClientResolver = {
    resolve: (address: string) => {
      const id = this.#index.lookup(address);
      return id === undefined ? undefined : this.#clients.get(id);
    },
  };

  get(id: string): Promise<NetworkDevice | undefined> {
    return this.#deps.store.networkDevices.get(id);
  }

  getByName(name: string): Promise<NetworkDevice | undefined> {
    return this.#deps.store.networkDevices.getByName(name);
  }

  search(q: SearchQuery): Promise<SearchResult<NetworkDevice>> {
    return this.#deps.store.networkDevices.search(q);
  }

  /** Indexes a device as written in the current transaction. */
  #apply(d: NetworkDevice, entries: readonly IpEntry[]): void {
    this.#index.add(d.id, entries);
    this.#names.set(d.id, d.name);
    const s = d.authenticationSettings;
    if (s && s.networkProtocol === 'RADIUS' && s.radiusSharedSecret) {
      this.#clients.set(d.id, {
        id: d.id, name: d.name, secret: Buffer.from(s.radiusSharedSecret, 'utf8'),
        requireMessageAuthenticator: s.messageAuthenticatorCodeRequired, groups: [...d.groups], coaPort: d.coaPort,
      });
    } else {
      this.#clients.delete(d.id);
    }
  }

  #unapply(id: string): void {
    this.#index.remove(id);
    this.#names.delete(id);
    this.#clients.delete(id);
  }

  /** After a write that did not commit: index the device as the store has it. */
  async #resync(id: string): Promise<void> {
    const d = await this.#deps.store.networkDevices.get(id);
    this.#unapply(id);
    if (d) this.#apply(d, d.ipList.map((ip, i) => this.#parseEntry(ip, i)));
  }

  /**
   * Runs a write whose transaction updates the index as its last step (so
   * the next write checks overlaps against it), and puts the index back in
   * line with the store if the write fails after that step.
   */
  async #indexed<T>(id: () => string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      const changed = id();
      if (changed !== undefined) await this.#resync(changed);
      throw e;
    }
  }

  #parseEntry(input: IpEntryInput, i: number): IpEntry {
    const r = parseIpEntry(input);
    if (!r.ok) fail('validation', `NetworkDeviceIPList[${i}].${IP_FIELD_LABELS[r.error.field]}: ${r.error.message}`);
    return (r as { value: IpEntry }).value;
  }

  /** Fills defaults of the settings objects present. */
  #complete(d: NetworkDevice): NetworkDevice {
    return {
      ...d,
      ...(d.authenticationSettings && { authenticationSettings: { ...RADIUS_DEFAULTS, ...d.authenticationSettings } }),
      ...(d.tacacsSettings && { tacacsSettings: { ...TACACS_DEFAULTS, ...d.tacacsSettings } }),
      ...(d.snmpsettings && { snmpsettings: { ...SNMP_DEFAULTS, ...d.snmpsettings } }),
    };
  }

  /** Checks the device and returns its parsed IP entries. */
  async #validate(tx: StoreTables, d: NetworkDevice, ipInput: IpEntryInput[]): Promise<IpEntry[]> {
    check(checkName(d.name, 'name', DEVICE_NAME_MAX_LENGTH));
    check(checkText(d.description, 'description'));
    if (ipInput.length === 0) fail('schema', 'Validation Error - Mandatory fields missing: [NetworkDeviceIPList]');
    const entries = ipInput.map((ip, i) => this.#parseEntry(ip, i));
    d.ipList = entries.map(formatIpEntry);
    const clash = this.#index.conflict(entries, d.id);
    if (clash) {
      fail('validation', `NetworkDeviceIPList: ${ipEntryText(clash.entry)} overlaps ${ipEntryText(clash.existing)} of network device '${this.#names.get(clash.deviceId)}'`);
    }
    await this.#checkGroups(tx, d);
    if (!d.profileName) fail('validation', 'profileName must not be empty');
    check(checkText(d.profileName, 'profileName', 255));
    check(checkCoaPort(d.coaPort));
    for (const [label, v] of [['dtlsDnsName', d.dtlsDnsName], ['modelName', d.modelName], ['softwareVersion', d.softwareVersion]] as const) {
      check(checkText(v, label, 255));
    }
    if (d.authenticationSettings) check(checkRadiusSettings(d.authenticationSettings));
    if (d.tacacsSettings) check(checkTacacsSettings(d.tacacsSettings));
    if (d.snmpsettings) check(checkSnmpSettings(d.snmpsettings));
    if (d.trustsecsettings) check(checkTrustsecSettings(d.trustsecsettings));
    return entries;
  }

  /** Groups must exist, one per type; built-in types a device does not name get their top group. */
  async #checkGroups(tx: StoreTables, d: NetworkDevice): Promise<void> {
    const byType = new Map<string, string>();
    for (const g of d.groups) {
      if (!(await tx.networkDeviceGroups.getByName(g))) fail('validation', `NetworkDeviceGroupList: network device group '${g}' does not exist`);
      const type = ndgType(g);
      if (byType.has(type)) fail('validation', `NetworkDeviceGroupList: '${byType.get(type)}' and '${g}' are both of type '${type}'; a device belongs to one group per type`);
      byType.set(type, g);
    }
    for (const root of BUILTIN_NDG_ROOTS) {
      const type = ndgType(root);
      if (!byType.has(type)) d.groups.push(DEFAULT_DEVICE_NDGS.find((g) => ndgType(g) === type) ?? root);
    }
  }

  async create(draft: NetworkDeviceDraft, actor: Actor): Promise<NetworkDevice> {
    const now = this.#clock().toISOString();
    const { ipList = [], ...fields } = draft;
    const device = this.#complete({
      id: randomUUID(), name: '', description: '', ipList: [], profileName: DEFAULT_PROFILE, coaPort: DEFAULT_COA_PORT,
      dtlsDnsName: '', modelName: '', softwareVersion: '', createdAt: now, updatedAt: now,
      ...(fields as Partial<NetworkDevice>),
      groups: draft.groups ? [...draft.groups] : [...DEFAULT_DEVICE_NDGS],
    });
    let indexed: string | undefined;
    return this.#indexed(() => indexed, () => write(this.#deps, actor, { action: 'create', objectType: TYPE, objectName: device.name }, async (tx) => {
      const entries = await this.#validate(tx, device, ipList);
      await tx.networkDevices.insert(device);
      this.#apply(device, entries);
      indexed = device.id;
      return { result: device, audit: { objectId: device.id, after: masked(device) }, event: { type: TYPE, op: 'create', id: device.id } };
    }, 'Network Device Create failed: Device Name Already Exist'));
  }

  async #resolve(tx: StoreTables, ref: Ref): Promise<NetworkDevice> {
    const d = ref.id !== undefined ? await tx.networkDevices.get(ref.id) : await tx.networkDevices.getByName(ref.name ?? '');
    return d ?? fail('notFound', ref.id !== undefined ? `Network device with id '${ref.id}' not found` : `Resource not found: network device '${ref.name}'`);
  }

  /** Overlays the given fields on the stored device (ISE's PUT and PATCH); nested settings merge field by field. */
  async update(ref: Ref, draft: NetworkDeviceDraft, actor: Actor): Promise<Updated<NetworkDevice>> {
    const { ipList, ...fields } = draft;
    let indexed: string | undefined;
    const record = { action: 'update', objectType: TYPE, objectId: ref.id ?? '', objectName: ref.name ?? '' };
    return this.#indexed(() => indexed, () => write(this.#deps, actor, record, async (tx) => {
      const before = await this.#resolve(tx, ref);
      const after = this.#complete(overlay(before, { ...fields, updatedAt: this.#clock().toISOString() }));
      after.groups = [...after.groups];
      const entries = await this.#validate(tx, after, ipList ?? before.ipList);
      await tx.networkDevices.update(after);
      this.#apply(after, entries);
      indexed = after.id;
      return {
        result: { before, after, secretsChanged: [] },
        audit: { objectId: after.id, objectName: after.name, before: masked(before), after: masked(after) },
        event: { type: TYPE, op: 'update', id: after.id },
      };
    }, 'Network Device Update failed: Device Name Already Exist'));
  }

  async delete(ref: Ref, actor: Actor): Promise<void> {
    let indexed: string | undefined;
    const record = { action: 'delete', objectType: TYPE, objectId: ref.id ?? '', objectName: ref.name ?? '' };
    await this.#indexed(() => indexed, () => write(this.#deps, actor, record, async (tx) => {
      const d = await this.#resolve(tx, ref);
      await tx.networkDevices.delete(d.id);
      this.#unapply(d.id);
      indexed = d.id;
      return { result: undefined, audit: { objectId: d.id, objectName: d.name, before: masked(d) }, event: { type: TYPE, op: 'delete', id: d.id } };
    }));
  }
}

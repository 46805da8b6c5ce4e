// Network devices (NADs): the RADIUS/TACACS+ clients, their addresses,
// secrets and settings (ers-resources.md §5; radius-policy.md §2).
import type { Entity } from './entity.ts';

export const NETWORK_PROTOCOLS = ['RADIUS', 'TACACS_PLUS'] as const;
export const KEY_INPUT_FORMATS = ['ASCII', 'HEXADECIMAL'] as const;
export const TACACS_CONNECT_MODES = ['OFF', 'ON_LEGACY', 'ON_DRAFT_COMPLIANT'] as const;
export const SNMP_VERSIONS = ['ONE', 'TWO_C', 'THREE'] as const;
export const SGA_CONFIG_METHODS = ['ENABLE_USING_COA', 'ENABLE_USING_CLI', 'DISABLE_ALL'] as const;

export const DEFAULT_COA_PORT = 1700;
export const DEFAULT_PROFILE = 'Cisco';
/**
 * Shared-secret length limits (RADIUS, second RADIUS, TACACS+). The spec is
 * silent; 4–127 keeps IOS-compatible secrets and refuses trivial ones.
 */
export const SECRET_MIN_LENGTH = 4;
export const SECRET_MAX_LENGTH = 127;
export const DEVICE_NAME_MAX_LENGTH = 64;

/** One `NetworkDeviceIPList` entry as stored: canonical text (ip.ts formatIpEntry). */
export interface DeviceIp {
  ipaddress: string;
  mask: number;
  exclude?: string;
}

export interface RadiusSettings {
  networkProtocol: (typeof NETWORK_PROTOCOLS)[number];
  radiusSharedSecret: string;
  enableMultiSecret: boolean;
  secondRadiusSharedSecret: string;
  enableKeyWrap: boolean;
  keyEncryptionKey: string;
  messageAuthenticatorCodeKey: string;
  keyInputFormat: (typeof KEY_INPUT_FORMATS)[number];
  dtlsRequired: boolean;
  /** Blast-RADIUS defence: requests without a valid Message-Authenticator are dropped. */
  messageAuthenticatorCodeRequired: boolean;
  sendMAOnAllResponses: boolean;
}

export interface TacacsSettings {
  sharedSecret: string;
  connectModeOptions: (typeof TACACS_CONNECT_MODES)[number];
  previousSharedSecret?: string;
  previousSharedSecretExpiry?: number;
}

export interface SnmpSettings {
  version: (typeof SNMP_VERSIONS)[number];
  roCommunity?: string;
  pollingInterval: number;
  linkTrapQuery: boolean;
  macTrapQuery: boolean;
  originatingPolicyServicesNode: string;
  username?: string;
  securityLevel?: string;
  authProtocol?: string;
  authPassword?: string;
  privacyProtocol?: string;
  privacyPassword?: string;
}

export interface TrustsecSettings {
  deviceAuthenticationSettings?: { sgaDeviceId?: string; sgaDevicePassword?: string; restApiUsername?: string; restApiPassword?: string };
  deviceConfigurationDeployment?: { includeWhenDeployingSGTUpdates?: boolean; enableModePassword?: string; execModePassword?: string; execModeUsername?: string };
  sgaNotificationAndUpdates?: {
    downlaodEnvironmentDataEveryXSeconds?: number;
    downlaodPeerAuthorizationPolicyEveryXSeconds?: number;
    reAuthenticationEveryXSeconds?: number;
    downloadSGACLListsEveryXSeconds?: number;
    otherSGADevicesToTrustThisDevice?: boolean;
    sendConfigurationToDevice?: boolean;
    sendConfigurationToDeviceUsing?: (typeof SGA_CONFIG_METHODS)[number];
    coaSourceHost?: string;
  };
  pushIdSupport?: boolean;
}

export interface NetworkDevice extends Entity {
  ipList: DeviceIp[];
  /** NDG full names (`Location#All Locations#SF`). */
  groups: string[];
  profileName: string;
  coaPort: number;
  dtlsDnsName: string;
  modelName: string;
  softwareVersion: string;
  /** Absent: the device is not a RADIUS client. */
  authenticationSettings?: RadiusSettings;
  tacacsSettings?: TacacsSettings;
  snmpsettings?: SnmpSettings;
  trustsecsettings?: TrustsecSettings;
}

export const RADIUS_DEFAULTS: RadiusSettings = {
  networkProtocol: 'RADIUS', radiusSharedSecret: '', enableMultiSecret: false, secondRadiusSharedSecret: '',
  enableKeyWrap: false, keyEncryptionKey: '', messageAuthenticatorCodeKey: '', keyInputFormat: 'ASCII',
  dtlsRequired: false, messageAuthenticatorCodeRequired: false, sendMAOnAllResponses: false,
};

export const TACACS_DEFAULTS: TacacsSettings = { sharedSecret: '', connectModeOptions: 'OFF' };

export const SNMP_DEFAULTS: SnmpSettings = {
  version: 'TWO_C', pollingInterval: 3600, linkTrapQuery: true, macTrapQuery: true, originatingPolicyServicesNode: 'Auto',
};

export const SGA_INTERVAL_DEFAULT = 86400;

/** Every secret field, as a dotted path into the device. */
export const DEVICE_SECRET_PATHS: readonly string[] = [
  'authenticationSettings.radiusSharedSecret',
  'authenticationSettings.secondRadiusSharedSecret',
  'authenticationSettings.keyEncryptionKey',
  'authenticationSettings.messageAuthenticatorCodeKey',
  'tacacsSettings.sharedSecret',
  'tacacsSettings.previousSharedSecret',
  'snmpsettings.roCommunity',
  'snmpsettings.authPassword',
  'snmpsettings.privacyPassword',
  'trustsecsettings.deviceAuthenticationSettings.sgaDevicePassword',
  'trustsecsettings.deviceAuthenticationSettings.restApiPassword',
  'trustsecsettings.deviceConfigurationDeployment.enableModePassword',
  'trustsecsettings.deviceConfigurationDeployment.execModePassword',
];

/** A copy of the device with every non-empty secret replaced by `fn(secret)`. */
export function mapDeviceSecrets(device: NetworkDevice, fn: (secret: string) => string): NetworkDevice {
  const copy = structuredClone(device) as unknown as Record<string, unknown>;
  for (const path of DEVICE_SECRET_PATHS) {
    const keys = path.split('.');
    let node: Record<string, unknown> | undefined = copy;
    for (const k of keys.slice(0, -1)) node = node?.[k] as Record<string, unknown> | undefined;
    const leaf = keys[keys.length - 1];
    if (node && typeof node[leaf] === 'string' && node[leaf] !== '') node[leaf] = fn(node[leaf]);
  }
  return copy as unknown as NetworkDevice;
}

function checkSecret(value: string, label: string): string | null {
  if (value.length < SECRET_MIN_LENGTH) return `${label} is too short: at least ${SECRET_MIN_LENGTH} characters are required`;
  if (value.length > SECRET_MAX_LENGTH) return `${label} is too long: at most ${SECRET_MAX_LENGTH} characters are allowed`;
  if (/[\u0000-\u001f\u007f]/.test(value)) return `${label} contains control characters`;
  return null;
}

/** KeyWrap keys: 16 (KEK) or 20 (MACK) ASCII characters, or twice as many hex digits. */
function checkKeyWrapKey(value: string, label: string, asciiLength: number, format: RadiusSettings['keyInputFormat']): string | null {
  if (format === 'HEXADECIMAL') {
    return /^[0-9a-fA-F]*$/.test(value) && value.length === asciiLength * 2 ? null
      : `${label} must be ${asciiLength * 2} hexadecimal digits when keyInputFormat is HEXADECIMAL`;
  }
  return value.length === asciiLength && /^[\x20-\x7e]*$/.test(value) ? null
    : `${label} must be ${asciiLength} ASCII characters when keyInputFormat is ASCII`;
}

const oneOf = <T extends string>(allowed: readonly T[], value: string, label: string): string | null =>
  (allowed as readonly string[]).includes(value) ? null : `${label}: '${value}' is not one of ${allowed.join(', ')}`;

export function checkRadiusSettings(s: RadiusSettings): string | null {
  const p = 'authenticationSettings';
  return oneOf(NETWORK_PROTOCOLS, s.networkProtocol, `${p}.networkProtocol`)
    ?? oneOf(KEY_INPUT_FORMATS, s.keyInputFormat, `${p}.keyInputFormat`)
    ?? checkSecret(s.radiusSharedSecret, `${p}.radiusSharedSecret`)
    ?? (s.enableMultiSecret || s.secondRadiusSharedSecret !== '' ? checkSecret(s.secondRadiusSharedSecret, `${p}.secondRadiusSharedSecret`) : null)
    ?? (s.enableKeyWrap ? checkKeyWrapKey(s.keyEncryptionKey, `${p}.keyEncryptionKey`, 16, s.keyInputFormat) : null)
    ?? (s.enableKeyWrap ? checkKeyWrapKey(s.messageAuthenticatorCodeKey, `${p}.messageAuthenticatorCodeKey`, 20, s.keyInputFormat) : null);
}

export function checkTacacsSettings(s: TacacsSettings): string | null {
  const p = 'tacacsSettings';
  return oneOf(TACACS_CONNECT_MODES, s.connectModeOptions, `${p}.connectModeOptions`)
    ?? checkSecret(s.sharedSecret, `${p}.sharedSecret`)
    ?? (s.previousSharedSecret ? checkSecret(s.previousSharedSecret, `${p}.previousSharedSecret`) : null)
    ?? (s.previousSharedSecretExpiry !== undefined && s.previousSharedSecretExpiry < 0 ? `${p}.previousSharedSecretExpiry must not be negative` : null);
}

export function checkSnmpSettings(s: SnmpSettings): string | null {
  const p = 'snmpsettings';
  if (s.pollingInterval !== 0 && (s.pollingInterval < 600 || s.pollingInterval > 86400)) {
    return `${p}.pollingInterval must be 0 (no polling) or from 600 to 86400 seconds`;
  }
  return oneOf(SNMP_VERSIONS, s.version, `${p}.version`);
}

export function checkTrustsecSettings(s: TrustsecSettings): string | null {
  const n = s.sgaNotificationAndUpdates;
  if (!n) return null;
  for (const [k, v] of Object.entries(n)) {
    if (typeof v === 'number' && (v < 1 || v > 864000)) return `trustsecsettings.sgaNotificationAndUpdates.${k} must be from 1 to 864000 seconds`;
  }
  return n.sendConfigurationToDeviceUsing === undefined ? null
    : oneOf(SGA_CONFIG_METHODS, n.sendConfigurationToDeviceUsing, 'trustsecsettings.sgaNotificationAndUpdates.sendConfigurationToDeviceUsing');
}

export function checkCoaPort(port: number): string | null {
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? null : `coaPort: ${port} must be from 0 to 65535`;
}

/** How secrets appear where they must not be shown (audit trail, masked reads). */
export const SECRET_MASK = '*******';

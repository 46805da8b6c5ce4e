// Endpoints: devices known by MAC address, their group, profile and
// attributes (ISE: Context Visibility > Endpoints).
import type { Entity } from './entity.ts';
import { isUuid } from './entity.ts';
import { parseMac } from './mac.ts';

/** MDM attributes ISE keeps per endpoint (ers-resources.md §3). */
export interface MdmAttributes {
  mdmServerName?: string;
  mdmReachable?: boolean;
  mdmEnrolled?: boolean;
  mdmComplianceStatus?: boolean;
  mdmOS?: string;
  mdmManufacturer?: string;
  mdmModel?: string;
  mdmSerial?: string;
  mdmEncrypted?: boolean;
  mdmPinlock?: boolean;
  mdmJailBroken?: boolean;
  mdmIMEI?: string;
  mdmPhoneNumber?: string;
}

/** An endpoint; `name` is always the MAC in `AA:BB:CC:DD:EE:FF` form. */
export interface Endpoint extends Entity {
  mac: string;
  groupId: string;
  staticGroupAssignment: boolean;
  profileId: string;
  staticProfileAssignment: boolean;
  portalUser: string;
  identityStore: string;
  identityStoreId: string;
  customAttributes: Record<string, string>;
  mdmAttributes?: MdmAttributes;
}

/** The MAC in stored form, or an error message naming the field. */
export function checkMac(value: string): { mac: string } | { error: string } {
  const mac = parseMac(value);
  if (mac === null) {
    return { error: `mac: '${value}' is not a valid MAC address (12 hex digits as 11:22:33:44:55:66, 11-22-33-44-55-66, 1122.3344.5566 or 112233445566)` };
  }
  return { mac };
}

/** Profile ids are profiler policy UUIDs, or '' before the endpoint is profiled. */
export function checkProfileId(value: string): string | null {
  return value === '' || isUuid(value) ? null : `profileId: '${value}' is not a profiler profile id`;
}

/**
 * The stored form of a MAC filter value: a complete MAC in any accepted
 * notation becomes `AA:BB:CC:DD:EE:FF`; a fragment (for STARTSW, CONTAINS…)
 * is upper-cased with `-` read as `:`, so `aa-bb` finds `AA:BB:…`.
 */
export function macFilterValue(value: string): string {
  return parseMac(value) ?? value.toUpperCase().replaceAll('-', ':');
}

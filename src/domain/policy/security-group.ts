// Security groups (TrustSec SGTs, ERS `sgt`, ers-resources.md §14) as the
// authorization result refers to them: rules name a group, the reply carries
// its tag as `cts:security-group-tag=<4 hex digits>-<2 hex digits>`
// (value, then generation id), e.g. `000f-00` for BYOD (15).

export interface SecurityGroup {
  id: string;
  name: string;
  description?: string;
  /** 2–65519, or 0/2 for the reserved built-ins. */
  value: number;
  /** ERS `generationId` (text on the wire). */
  generationId?: string;
  /** ERS `propogateToApic` (sic). */
  propogateToApic?: boolean;
}

/** The Cisco AV-pair assigning the group's tag. */
export function sgtAvPair(sg: Pick<SecurityGroup, 'value' | 'generationId'>): string {
  const gen = Number.parseInt(sg.generationId ?? '0', 10);
  const genHex = ((Number.isFinite(gen) ? gen : 0) & 0xff).toString(16).padStart(2, '0');
  return `cts:security-group-tag=${(sg.value & 0xffff).toString(16).padStart(4, '0')}-${genHex}`;
}

const sgt = (id: string, name: string, value: number, description: string): SecurityGroup => ({ id, name, description, value, generationId: '0' });
const fixed = (prefix: string): string => `${prefix}-8c01-11e6-996c-525400b48521`;

/** Built-in security groups (ers-resources.md §14); the two without a known id carry Gatehouse-fixed ids. */
export const BUILTIN_SECURITY_GROUPS: readonly SecurityGroup[] = [
  sgt(fixed('92adf9f0'), 'Unknown', 0, 'Unknown Security Group'),
  sgt(fixed('947832a0'), 'TrustSec_Devices', 2, 'TrustSec Devices Security Group'),
  sgt(fixed('93e1bf00'), 'Network_Services', 3, 'Network Services Security Group'),
  sgt(fixed('93ad6890'), 'Employees', 4, 'Employee Security Group'),
  sgt(fixed('9370d4c0'), 'Contractors', 5, 'Contractor Security Group'),
  sgt(fixed('93c66ed0'), 'Guests', 6, 'Guest Security Group'),
  sgt(fixed('9437a730'), 'Production_Users', 7, 'Production User Security Group'),
  sgt(fixed('93837260'), 'Developers', 8, 'Developer Security Group'),
  sgt(fixed('934557f0'), 'Auditors', 9, 'Auditor Security Group'),
  sgt(fixed('940facd0'), 'Point_of_Sale_Systems', 10, 'Point of Sale Security Group'),
  sgt(fixed('9423aa00'), 'Production_Servers', 11, 'Production Servers Security Group'),
  sgt(fixed('9396d350'), 'Development_Servers', 12, 'Development Servers Security Group'),
  sgt('b5a9f1a2-4c1e-4f43-9d0e-6f1a3c2d7e11', 'Test_Servers', 13, 'Test Servers Security Group'),
  sgt(fixed('93f91790'), 'PCI_Servers', 14, 'PCI Servers Security Group'),
  sgt(fixed('935d4cc0'), 'BYOD', 15, 'BYOD Security Group'),
  sgt('c6d2e8f4-1b7a-4e55-8a3c-2f9b0d4e6a23', 'Quarantined_Systems', 255, 'Quarantine Security Group'),
];

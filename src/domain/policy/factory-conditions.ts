// ISE 3.3's built-in library conditions (policy-api.md §12.1). The
// Wired_/Wireless_ MAB and 802.1X conditions are single
// `Normalised Radius:RadiusFlowType` tests (§13.1). ISE generates these ids
// per install; Gatehouse ships fixed ones (Cisco's published example ids for
// Wired_MAB and Switch_Local_Web_Authentication) so every node seeds the
// same rows.

import type { AttributeTest, Condition, ConditionAttributes, LibraryCondition, Operator } from './condition.ts';

export const LIBRARY_IDS = {
  Wired_MAB: 'ad947f38-7063-4da2-8723-652e0ca2ea42',
  Wireless_MAB: '6cbbd9b2-c0b2-432f-8fa9-d2e09fc442ba',
  'Wired_802.1X': '490eb360-12e3-432a-b0b3-ec59a832d1ad',
  'Wireless_802.1X': '5c246a4b-8efc-4e09-b836-6e5d2fa1e9fd',
  Wireless_Access: '878e020f-5661-4e80-9ec3-496a4b381f1f',
  Switch_Local_Web_Authentication: '4c162a13-6f18-43f5-81af-aa973a2b7b6e',
  Catalyst_Switch_Local_Web_Authentication: '7f93ff83-0860-4191-9c6a-31f17cc33e9f',
  Switch_Web_Authentication: '88ea785a-3865-4f9b-8ca9-721f9051473d',
  WLC_Web_Authentication: '3d0ff45c-ee78-4c63-8d7b-ff2836ea6415',
  Network_Access_Authentication_Passed: 'cc9fd963-d77c-48b9-bb83-788fecd51daa',
  Compliance_Unknown_Devices: '7b1a59a2-90af-49ae-ba14-f4d6a79634b4',
  Non_Compliant_Devices: '5bc4739f-b53d-4533-9a8f-3fc56ab1ff53',
  Compliant_Devices: '85473f92-84f2-4c04-a1de-ef24f3262bd4',
  Guest_Flow: 'a7989cd2-319f-45d0-8820-9ce06b270580',
  'EAP-TLS': 'd2d79d22-78e7-4a26-8449-e0a88ff15ef5',
  'EAP-MSCHAPv2': '381e03aa-cc02-4cfe-9875-4c3746bd406d',
  BYOD_is_Registered: '92939259-4a7b-468e-a163-a2192322406a',
  MAC_in_SAN: '07d3e1a3-ecf1-4b0b-a166-771d44bbe9bb',
  Non_Cisco_Profiled_Phones: '0c35628f-fe33-46fd-8f24-28dbf7392d16',
  CertRenewalRequired: '6bd0a77b-c53c-4ae0-89a8-b67a08cdbb60',
} as const;

export type LibraryName = keyof typeof LIBRARY_IDS;

/** Ids of the shipped library conditions (editable, not deletable). */
export const BUILTIN_CONDITION_IDS: ReadonlySet<string> = new Set(Object.values(LIBRARY_IDS));

function test(dictionaryName: string, attributeName: string, attributeValue: string, operator: Operator = 'equals'): AttributeTest {
  return { dictionaryName, attributeName, operator, attributeValue };
}

function leaf(name: LibraryName, description: string, t: AttributeTest): LibraryCondition {
  return { conditionType: 'LibraryConditionAttributes', id: LIBRARY_IDS[name], name, description, isNegate: false, ...t };
}

const inner = (t: AttributeTest): ConditionAttributes => ({ conditionType: 'ConditionAttributes', isNegate: false, ...t });

function andBlock(name: LibraryName, description: string, children: Condition[]): LibraryCondition {
  return { conditionType: 'LibraryConditionAndBlock', id: LIBRARY_IDS[name], name, description, isNegate: false, children };
}

const flow = (value: string): AttributeTest => test('Normalised Radius', 'RadiusFlowType', value);

/** A fresh copy of the built-in library conditions. */
export function factoryLibraryConditions(): LibraryCondition[] {
  return [
    leaf('Wired_MAB', 'A condition to match MAB authentication requests from switches, according to the corresponding MAB attributes defined in the device profile.', flow('WiredMAB')),
    leaf('Wireless_MAB', 'A condition to match MAB authentication requests from Cisco Wireless LAN Controllers, according to the corresponding MAB attributes defined in the device profile.', flow('WirelessMAB')),
    leaf('Wired_802.1X', 'A condition to match 802.1X based authentication request from switches, according to the corresponding 802.1X attributes defined in the device profile.', flow('Wired802_1x')),
    leaf('Wireless_802.1X', 'A condition to match 802.1X based authentication request from Cisco Wireless LAN Controllers, according to the corresponding 802.1X attributes defined in the device profile.', flow('Wireless802_1x')),
    leaf('Wireless_Access', 'Default condition used to match any authentication request from Cisco Wireless LAN Controller.', test('Radius', 'NAS-Port-Type', 'Wireless - IEEE 802.11')),
    andBlock('Switch_Local_Web_Authentication', 'A condition to match authentication requests for Local Web Authentication from Cisco Catalyst Switches', [
      inner(test('Radius', 'Service-Type', 'Outbound')), inner(test('Radius', 'NAS-Port-Type', 'Ethernet')),
    ]),
    andBlock('Catalyst_Switch_Local_Web_Authentication', 'A condition to match authentication requests for Local Web Authentication from Cisco Catalyst Switches', [
      inner(test('Radius', 'Service-Type', 'Outbound')), inner(test('Cisco', 'cisco-av-pair', 'method=webauth')),
    ]),
    andBlock('Switch_Web_Authentication', 'A condition to match authentication requests for Web Authentication from Cisco Catalyst Switches', [
      inner(test('Radius', 'Service-Type', 'Call Check')), inner(test('Radius', 'NAS-Port-Type', 'Ethernet')),
    ]),
    andBlock('WLC_Web_Authentication', 'A condition to match authentication requests for Web Authentication from Cisco Wireless LAN Controllers', [
      inner(test('Radius', 'Service-Type', 'Login')), inner(test('Radius', 'NAS-Port-Type', 'Wireless - IEEE 802.11')),
    ]),
    leaf('Network_Access_Authentication_Passed', 'Default condition used for basic Network Access requiring that authentication was successful.', test('Network Access', 'AuthenticationStatus', 'AuthenticationPassed')),
    leaf('Compliance_Unknown_Devices', 'Default condition used to match devices whose posture compliance status is unknown.', test('Session', 'PostureStatus', 'Unknown')),
    leaf('Non_Compliant_Devices', 'Default condition used to match devices that are not compliant with the posture policy.', test('Session', 'PostureStatus', 'NonCompliant')),
    leaf('Compliant_Devices', 'Default condition used to match devices that are compliant with the posture policy.', test('Session', 'PostureStatus', 'Compliant')),
    leaf('Guest_Flow', 'Default condition used to match requests of the guest flow.', test('Network Access', 'UseCase', 'Guest Flow')),
    leaf('EAP-TLS', 'Default condition used to match EAP-TLS authentications.', test('Network Access', 'EapAuthentication', 'EAP-TLS')),
    leaf('EAP-MSCHAPv2', 'Default condition used to match EAP-MSCHAPv2 authentications.', test('Network Access', 'EapAuthentication', 'EAP-MSCHAPv2')),
    leaf('BYOD_is_Registered', 'Default condition used to match devices registered through the BYOD flow.', test('EndPoints', 'BYODRegistration', 'Yes')),
    leaf('MAC_in_SAN', 'Default condition used to match the MAC address in the certificate Subject Alternative Name with the Calling-Station-ID.', {
      dictionaryName: 'CERTIFICATE', attributeName: 'Subject Alternative Name', operator: 'equals', dictionaryValue: 'Radius', attributeValue: 'Calling-Station-ID',
    }),
    leaf('Non_Cisco_Profiled_Phones', 'Default condition used to match phones other than Cisco IP phones.', test('EndPoints', 'LogicalProfile', 'IP-Phones')),
    leaf('CertRenewalRequired', 'Default condition used to match expired certificates that must be renewed.', test('CERTIFICATE', 'Is Expired', 'True')),
  ];
}

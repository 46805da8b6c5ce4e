// ISE 3.3's default network-access policy (policy-api.md §12.2): the
// `Default` policy set with its authentication and authorization rules, and
// the whole factory configuration a fresh node starts from. Exception lists
// start empty. The posture, BYOD and guest rules ship disabled; the rest
// enabled. Ids are per install in ISE and fixed here.

import type { Condition, ConditionReference } from './condition.ts';
import type { PolicyConfig } from './evaluator.ts';
import { factoryLibraryConditions, LIBRARY_IDS } from './factory-conditions.ts';
import type { LibraryName } from './factory-conditions.ts';
import { DEFAULT_NETWORK_ACCESS, factoryAllowedProtocols, factoryDacls, factoryProfiles } from './factory-elements.ts';
import type { AuthenticationRule, AuthorizationRule, FailAction, PolicySetTree, PolicyState } from './policy-set.ts';
import { BUILTIN_SECURITY_GROUPS } from './security-group.ts';

export const DEFAULT_POLICY_SET_ID = 'b4278d98-8750-4d00-bacb-b2cc63bfe569';

const ref = (name: LibraryName): ConditionReference => ({ conditionType: 'ConditionReference', isNegate: false, id: LIBRARY_IDS[name] });
const and = (...children: Condition[]): Condition => ({ conditionType: 'ConditionAndBlock', isNegate: false, children });
const or = (...children: Condition[]): Condition => ({ conditionType: 'ConditionOrBlock', isNegate: false, children });
const groupIs = (group: string): Condition => ({
  conditionType: 'ConditionAttributes', isNegate: false, dictionaryName: 'IdentityGroup', attributeName: 'Name', operator: 'equals', attributeValue: group,
});

function authn(
  id: string, rank: number, name: string, condition: Condition | null, identitySourceName: string,
  ifUserNotFound: FailAction = 'REJECT',
): AuthenticationRule {
  return {
    rule: { id, name, rank, state: 'enabled', default: condition === null, condition, hitCounts: 0 },
    identitySourceName, ifAuthFail: 'REJECT', ifUserNotFound, ifProcessFail: 'DROP',
  };
}

function authz(
  id: string, rank: number, name: string, condition: Condition | null, profile: string, state: PolicyState = 'enabled', securityGroup?: string,
): AuthorizationRule {
  const r: AuthorizationRule = { rule: { id, name, rank, state, default: condition === null, condition, hitCounts: 0 }, profile: [profile] };
  if (securityGroup !== undefined) r.securityGroup = securityGroup;
  return r;
}

/** A fresh copy of the `Default` policy set with its rules. */
export function factoryDefaultPolicySet(): PolicySetTree {
  const passed = ref('Network_Access_Authentication_Passed');
  return {
    set: {
      id: DEFAULT_POLICY_SET_ID, name: 'Default', description: 'Default policy set', rank: 0, state: 'enabled', default: true,
      condition: null, serviceName: DEFAULT_NETWORK_ACCESS, isProxy: false, hitCounts: 0,
    },
    authentication: [
      authn('0e3c1b3c-3e84-4d6e-9a54-2b4b7b9f0a11', 0, 'MAB', or(ref('Wired_MAB'), ref('Wireless_MAB')), 'Internal Endpoints', 'CONTINUE'),
      authn('0e405671-0391-4f63-80cf-2b5012d94939', 1, 'Dot1X', or(ref('Wired_802.1X'), ref('Wireless_802.1X')), 'All_User_ID_Stores'),
      authn('7ef17716-4504-4c31-b9f5-7d6fb9f8f5da', 2, 'Default', null, 'All_User_ID_Stores'),
    ],
    authorization: [
      authz('b683b130-08e8-4eb9-aad4-8b7cb8d9fadc', 0, 'Wireless Black List Default', and(ref('Wireless_Access'), groupIs('Endpoint Identity Groups:Blocked List')), 'Block_Wireless_Access'),
      authz('76159832-3e93-4e0b-8ed3-471c7b96ca66', 1, 'Profiled Cisco IP Phones', groupIs('Endpoint Identity Groups:Profiled:Cisco-IP-Phone'), 'Cisco_IP_Phones'),
      authz('3301e2ac-0a4d-4120-8354-fc8a873f804e', 2, 'Profiled Non Cisco IP Phones', ref('Non_Cisco_Profiled_Phones'), 'Non_Cisco_IP_Phones'),
      authz('def96632-0381-4123-9e4f-51c1998fcc8e', 3, 'Unknown_Compliance_Redirect', and(passed, ref('Compliance_Unknown_Devices')), 'Cisco_Temporal_Onboard', 'disabled'),
      authz('5ed64cfd-17d9-4b70-af0f-e0f49031983b', 4, 'NonCompliant_Devices_Redirect', and(passed, ref('Non_Compliant_Devices')), 'Cisco_Temporal_Onboard', 'disabled'),
      authz('976db2cc-24ac-4ac6-8331-ec0f4763fd8f', 5, 'Compliant_Devices_Access', and(passed, ref('Compliant_Devices')), 'PermitAccess', 'disabled'),
      authz('ecbaa528-5eec-43ac-804c-39f186221391', 6, 'Employee_EAP-TLS', and(ref('Wireless_802.1X'), ref('BYOD_is_Registered'), ref('EAP-TLS'), ref('MAC_in_SAN')), 'PermitAccess', 'disabled', 'BYOD'),
      authz('f1987892-d3f2-41f5-ac9a-323785a7abe4', 7, 'Employee_Onboarding', and(ref('Wireless_802.1X'), ref('EAP-MSCHAPv2')), 'NSP_Onboard', 'disabled', 'BYOD'),
      authz('4ed08708-3f61-4a0e-86c1-df781fcacb95', 8, 'Wi-Fi_Guest_Access', and(ref('Guest_Flow'), ref('Wireless_MAB')), 'PermitAccess', 'disabled', 'Guests'),
      authz('2d5a7c1e-9b3f-4a68-8e21-5f0c7d9b3a46', 9, 'Wi-Fi_Redirect_to_Guest_Login', ref('Wireless_MAB'), 'Cisco_WebAuth', 'disabled'),
      authz('9a4e6b2c-1d8f-4c37-a5e0-3b7f2d9c6e58', 10, 'Basic_Authenticated_Access', passed, 'PermitAccess'),
      authz('e3c7a9d1-5f2b-4e86-b4a3-8d1f6c2e7b90', 11, 'Default', null, 'DenyAccess'),
    ],
    exceptions: [],
  };
}

/** The configuration of a fresh node. Every call returns new objects. */
export function factoryPolicyConfig(): PolicyConfig {
  return {
    policySets: [factoryDefaultPolicySet()],
    globalExceptions: [],
    conditions: factoryLibraryConditions(),
    timeConditions: [],
    profiles: factoryProfiles(),
    dacls: factoryDacls(),
    allowedProtocols: factoryAllowedProtocols(),
    securityGroups: BUILTIN_SECURITY_GROUPS.map((g) => ({ ...g })),
  };
}

import type { Entity } from './entity.ts';

export interface IdentityGroup extends Entity {
  parent: string;
  /** Shipped with the product: cannot be deleted or renamed. */
  system: boolean;
}

export const USER_GROUP_PARENT = 'NAC Group:NAC:IdentityGroups:User Identity Groups';

const GUEST_TYPE_TEXT = 'Identity group mirroring the guest type ';

/** The user identity groups ISE ships, with the ids every install has. */
export const BUILT_IN_IDENTITY_GROUPS: ReadonlyArray<Pick<IdentityGroup, 'id' | 'name' | 'description'>> = [
  { id: 'a176c430-8c01-11e6-996c-525400b48521', name: 'ALL_ACCOUNTS (default)', description: 'Default ALL_ACCOUNTS (default) User Group' },
  { id: 'a1740510-8c01-11e6-996c-525400b48521', name: 'Employee', description: 'Default Employee User Group' },
  { id: 'a1bb2030-8c01-11e6-996c-525400b48521', name: 'GROUP_ACCOUNTS (default)', description: 'Default GROUP_ACCOUNTS (default) User Group' },
  { id: 'a19d5f00-8c01-11e6-996c-525400b48521', name: 'OWN_ACCOUNTS (default)', description: 'Default OWN_ACCOUNTS (default) User Group' },
  { id: '9f048bb0-8c01-11e6-996c-525400b48521', name: 'GuestType_Contractor (default)', description: GUEST_TYPE_TEXT },
  { id: '9eee92b0-8c01-11e6-996c-525400b48521', name: 'GuestType_Daily (default)', description: GUEST_TYPE_TEXT },
  { id: '9efe2310-8c01-11e6-996c-525400b48521', name: 'GuestType_Weekly (default)', description: GUEST_TYPE_TEXT },
  // ISE generates this id per install; Gatehouse fixes one so scripts can rely on it.
  { id: '4179be30-2e02-11e8-ba71-005056872c7f', name: 'GuestType_SocialLogin (default)', description: GUEST_TYPE_TEXT },
];

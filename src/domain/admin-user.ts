// Administrators: the accounts that use ERS, MnT and the console.

/** Roles Gatehouse knows, and the ISE admin group each one is. */
export const ADMIN_ROLES = {
  'super-admin': 'Super Admin',
  'ers-admin': 'ERS Admin',
  'ers-operator': 'ERS Operator',
} as const;
export type AdminRole = keyof typeof ADMIN_ROLES;

export const isAdminRole = (s: string): s is AdminRole => Object.hasOwn(ADMIN_ROLES, s);

export interface AdminUser {
  id: string;
  name: string;
  description: string;
  role: AdminRole;
  enabled: boolean;
  email: string;
  firstName: string;
  lastName: string;
  createdAt: string;
  updatedAt: string;
}

/** What an authenticated admin may do through ERS. */
export function ersAccess(role: AdminRole): 'all' | 'read' {
  return role === 'ers-operator' ? 'read' : 'all';
}

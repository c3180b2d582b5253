export const STAFF_ROLES = ['sales', 'finance', 'admin', 'door'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling, as the verified token says. */
export interface Staff {
  sub: string;
  roles: StaffRole[];
}

export function isStaffRole(value: unknown): value is StaffRole {
  return (STAFF_ROLES as readonly unknown[]).includes(value);
}

/** Issuer and audience of tokens signed with the dev key (only when no identity provider is set). */
export const DEV_ISSUER = 'handoff-dev';
export const DEV_AUDIENCE = 'handoff-staff';

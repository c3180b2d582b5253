export { STAFF_ROLES, DEV_ISSUER, DEV_AUDIENCE, isStaffRole, type Staff, type StaffRole } from './staff';
export { createStaffVerifier, REMOTE_ALGORITHMS, type StaffVerifier, type StaffVerifierOptions } from './verifier';
export { carriesValidStaffToken, requireStaff, staffOf, type StaffAuth } from './require-staff';
export { mintDevStaffToken, type DevStaffTokenOptions } from './dev-token';

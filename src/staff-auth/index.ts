export { STAFF_ROLES, isStaffRole, type Staff, type StaffRole } from './staff';
export { createStaffVerifier, type StaffVerifier } from './verifier';
export { openStaffVerifier } from './staff-verifier';
export { carriesValidStaffToken, requireStaff, staffOf, type StaffAuth } from './require-staff';
export { staffActor } from './actor';
export { adminRoute } from './admin-route';
export { mintDevStaffToken } from './dev-token';
export { loadDevStaffKey, DEV_STAFF_KEY_FILE } from './dev-staff-key';

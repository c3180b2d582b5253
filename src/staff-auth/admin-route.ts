import type { RouteDoc } from '../shared/http/openapi';

/** What `requireStaff(staff, 'admin')` answers, as every admin route documents it. */
const DENIED = { 401: { description: 'No or bad staff token' }, 403: { description: 'Not an admin' } };

/**
 * How a route guarded by `requireStaff(staff, 'admin')` is documented: under the Admin tag (unless
 * it names its own), for staff with the admin role, answering the guard's 401 and 403 beside its own
 * answers (which win where they describe the same status). One place, so no two admin routes
 * describe the same guard differently.
 */
export function adminRoute(doc: Omit<RouteDoc, 'tag' | 'auth' | 'roles'> & { tag?: string }): RouteDoc {
  return { ...doc, tag: doc.tag ?? 'Admin', auth: 'staff', roles: ['admin'], responses: { ...DENIED, ...doc.responses } };
}

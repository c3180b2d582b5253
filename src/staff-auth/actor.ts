import type { Response } from 'express';
import { staffOf } from './require-staff';

/** How a staff member is named in order history and the audit log: their token's subject, marked
 * as staff so it never reads like `system` or `shopper`. */
export function staffActor(res: Response): string {
  return `staff:${staffOf(res).sub}`;
}

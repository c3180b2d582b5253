import type { Tx } from '../database';

/** What a licence key reads once its holder is erased: the signed key named them (the licensee),
 * so the stored copy goes; the licence itself, its dates and its place on the revocation list stay,
 * and the key the holder pasted into their software still verifies. */
export const ERASED_LICENCE_KEY = 'erased';

/**
 * Erasure, for what fulfilment holds of people: the attendees named on these orders, and any seat
 * anywhere that names one of these email addresses, lose name and email (the seat stays, unnamed);
 * the stored licence keys of these orders, which name the licensee, are replaced. Returns the rows
 * changed.
 */
export async function scrubFulfilmentPeople(tx: Tx, orderIds: string[], emails: string[]): Promise<number> {
  if (orderIds.length === 0 && emails.length === 0) return 0;
  const lowered = emails.map((e) => e.toLowerCase());
  const seats = await tx
    .updateTable('attendees')
    .set({ name: null, email: null, updated_at: new Date() })
    .where((eb) => {
      const any = [];
      if (orderIds.length > 0) any.push(eb('order_id', 'in', orderIds));
      if (lowered.length > 0) any.push(eb(eb.fn('lower', ['email']), 'in', lowered));
      return eb.or(any);
    })
    .where((eb) => eb.or([eb('name', 'is not', null), eb('email', 'is not', null)]))
    .executeTakeFirst();
  const licences =
    orderIds.length === 0
      ? { numUpdatedRows: 0n }
      : await tx
          .updateTable('licences')
          .set({ licence_key: ERASED_LICENCE_KEY })
          .where('order_id', 'in', orderIds)
          .where('licence_key', '!=', ERASED_LICENCE_KEY)
          .executeTakeFirst();
  return Number(seats.numUpdatedRows) + Number(licences.numUpdatedRows);
}

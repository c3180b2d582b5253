import { recordMerchantEvent } from '../merchant-webhooks';
import { retryingTransaction } from '../shared/db';
import { AppError, unprocessable } from '../shared/errors';
import { fulfilmentEvent } from './fulfilment-events';
import { TICKET_TYP, verifyToken, type Signer } from './signing';
import { admitTicket, findTicketById } from './tickets.repository';
import type { Db } from '../database';

export interface CheckinDeps {
  db: Db;
  signer: Signer;
}

/**
 * The door's scan: the signature first (a forged or altered code never reaches the database),
 * then one conditional update that admits the ticket only if nobody has and it is not revoked.
 * Two scanners at once: one update wins, the other is told when the ticket was admitted.
 */
export async function checkIn(deps: CheckinDeps, token: string, actor: string) {
  const claims = await verifyToken(deps.signer, TICKET_TYP, token.trim());
  if (!claims) throw unprocessable('ticket_invalid', 'This is not a ticket of ours, or it was altered.', [{ path: 'token', message: 'The signature does not verify.' }]);
  // The admission and the merchant's ticket.checked_in event commit together, or neither does.
  const admitted = await retryingTransaction(deps.db, async (tx) => {
    const row = await admitTicket(tx, claims.sub!, actor);
    if (row) await recordMerchantEvent(tx, fulfilmentEvent('ticket.checked_in', row));
    return row;
  });
  if (admitted)
    return { result: 'admitted' as const, code: admitted.code, sku: admitted.sku, seat_no: admitted.seat_no, checked_in_at: new Date(admitted.checked_in_at!).toISOString() };
  const ticket = await findTicketById(deps.db, claims.sub!);
  if (!ticket) throw unprocessable('ticket_invalid', 'No such ticket.', [{ path: 'token', message: 'Unknown ticket.' }]);
  if (ticket.revoked_at) {
    throw new AppError(409, 'ticket_revoked', 'Conflict', {
      detail: `Ticket ${ticket.code} was refunded and is no longer valid: do not admit.`,
      extra: { ticket_code: ticket.code },
    });
  }
  const at = new Date(ticket.checked_in_at!).toISOString();
  throw new AppError(409, 'ticket_already_checked_in', 'Conflict', {
    detail: `Ticket ${ticket.code} is already checked in at ${at}.`,
    extra: { ticket_code: ticket.code, checked_in_at: at },
  });
}

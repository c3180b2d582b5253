import type { Kysely, Transaction } from 'kysely';
import { isTransactionConflict } from './errors';

const ATTEMPTS = 3;

/**
 * Runs `callback` in a transaction, and runs the whole transaction again (up to three attempts in
 * all) when PostgreSQL aborted it for a serialization failure or a deadlock: it was rolled back,
 * so nothing of it remains. Only for callbacks whose every effect is inside the transaction (no
 * processor call, no email, no timer): those effects would happen once per attempt. A lost
 * connection is not retried: whether its COMMIT landed is unknown.
 */
export async function retryingTransaction<DB, T>(db: Kysely<DB>, callback: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(callback);
    } catch (err) {
      if (attempt >= ATTEMPTS || !isTransactionConflict(err)) throw err;
      // Jittered, so the transactions that collided do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, attempt * (10 + Math.random() * 40)));
    }
  }
}

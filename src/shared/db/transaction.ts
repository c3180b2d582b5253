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
      return await db.transaction().execute(async (tx) => {
        const last: Work[] = [];
        atCommit.set(tx, last);
        const result = await callback(tx);
        for (const work of last) await work();
        return result;
      });
    } catch (err) {
      if (attempt >= ATTEMPTS || !isTransactionConflict(err)) throw err;
      // Jittered, so the transactions that collided do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, attempt * (10 + Math.random() * 40)));
    }
  }
}

type Work = () => Promise<void>;
const atCommit = new WeakMap<object, Work[]>();

/**
 * Runs `work` as the last statements of `tx`, just before its COMMIT: for a step that takes a lock
 * everyone contends for (the next gapless invoice number), so the lock is held for that step and
 * the commit only, not for everything the transaction does after it. Works queued in the order
 * asked. In a transaction not begun by `retryingTransaction`, `work` runs at once.
 */
export async function beforeCommit(tx: object, work: Work): Promise<void> {
  const queue = atCommit.get(tx);
  if (queue) queue.push(work);
  else await work();
}

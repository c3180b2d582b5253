import type { Tx } from '../database';

/** Records a processor event in the inbox, once: false when its id is there already. Two copies
 * delivered at once both reach this insert; the second waits on the primary key until the first
 * commits, then finds it (or takes over, if the first rolled back). */
export async function recordInboxEvent(tx: Tx, e: { id: string; type: string; objectId: string | null }): Promise<boolean> {
  const inserted = await tx
    .insertInto('webhook_events')
    .values({ event_id: e.id, type: e.type, object_id: e.objectId })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function markInboxEventProcessed(tx: Tx, eventId: string, outcome: string): Promise<void> {
  await tx.updateTable('webhook_events').set({ processed_at: new Date(), outcome }).where('event_id', '=', eventId).execute();
}

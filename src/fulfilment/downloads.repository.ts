import type { DownloadLinkRow } from './fulfilment.table';
import type { Db } from '../database';

export async function insertDownloadLink(db: Db, link: { id: string; licenceId: string; expiresAt: Date; maxUses: number }): Promise<void> {
  await db.insertInto('download_links').values({ id: link.id, licence_id: link.licenceId, expires_at: link.expiresAt, max_uses: link.maxUses }).execute();
}

/** Counts one use of a live link: one statement, so concurrent downloads never exceed max_uses. */
export async function useDownloadLink(db: Db, id: string): Promise<DownloadLinkRow | undefined> {
  return db
    .updateTable('download_links')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', id)
    .where('expires_at', '>', new Date())
    .where((eb) => eb('uses', '<', eb.ref('max_uses')))
    .returningAll()
    .executeTakeFirst();
}

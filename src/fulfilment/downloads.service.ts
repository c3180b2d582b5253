import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, notFound } from '../shared/errors';
import { insertDownloadLink, useDownloadLink } from './downloads.repository';
import type { LicenceRow } from './fulfilment.table';
import { findLicenceById } from './licences.repository';
import { signToken, verifyToken, type Signer } from './signing';
import type { Db } from '../database';

export const DOWNLOAD_TYP = 'handoff-download+jwt';

export interface DownloadDeps {
  db: Db;
  signer: Signer;
  downloads: { dir: string; linkTtlHours: number; linkMaxUses: number };
  /** The file a product hands out, by sku (null when it has none). */
  fileOf(sku: string): Promise<string | null>;
}

/** A new signed link for a licence's download: it works for `linkTtlHours` and `linkMaxUses`
 * downloads; the row counts the uses, the signature keeps the link from being guessed. */
export async function newDownloadLink(deps: DownloadDeps, licence: LicenceRow): Promise<{ url: string; expires_at: string; max_uses: number }> {
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + deps.downloads.linkTtlHours * 3_600_000);
  await insertDownloadLink(deps.db, { id, licenceId: licence.id, expiresAt, maxUses: deps.downloads.linkMaxUses });
  const token = await signToken(deps.signer, DOWNLOAD_TYP, { sub: id, licence: licence.id }, expiresAt);
  return { url: `${deps.signer.issuer}/downloads?token=${token}`, expires_at: expiresAt.toISOString(), max_uses: deps.downloads.linkMaxUses };
}

const gone = (detail: string) => new AppError(410, 'download_link_expired', 'Gone', { detail });

/** The file a link opens, counting one use. A revoked licence's links open nothing. */
export async function openDownload(deps: DownloadDeps, token: string): Promise<{ file: string; name: string }> {
  const claims = await verifyToken(deps.signer, DOWNLOAD_TYP, token);
  if (!claims) throw gone('This download link is not valid or has expired; ask for a new one on your order page.');
  const licence = await findLicenceById(deps.db, String(claims.licence));
  if (!licence || licence.revoked_at) throw gone('The licence of this download was revoked.');
  const name = await deps.fileOf(licence.sku);
  const file = name && path.join(deps.downloads.dir, path.basename(name));
  if (
    !file ||
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    throw notFound('The file for this download is not available right now; please write to us.');
  if (!(await useDownloadLink(deps.db, claims.sub!))) throw gone('This download link has been used up or has expired; ask for a new one on your order page.');
  return { file, name: path.basename(file) };
}

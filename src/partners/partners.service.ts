import { audit } from '../shared/audit';
import type { Db } from '../shared/db';
import { retryingTransaction } from '../shared/db';
import { notFound } from '../shared/errors';
import { insertPartner, listPartners, lockPartnerForUpdate, updatePartner } from './partners.repository';
import type { CreatePartnerInput, PartnerView, UpdatePartnerInput } from './partners.schemas';
import type { PartnerRow } from './partners.table';

export function toPartnerView(p: PartnerRow): PartnerView {
  return {
    id: p.id,
    name: p.name,
    countries: p.countries,
    referral_url: p.referral_url,
    active: p.active,
    created_at: new Date(p.created_at).toISOString(),
    updated_at: new Date(p.updated_at).toISOString(),
  };
}

/** What the audit log keeps of a partner: all of it but the timestamps (a partner is a company,
 * not a person). */
const audited = (p: PartnerRow) => ({ name: p.name, countries: p.countries, referral_url: p.referral_url, active: p.active });

export async function getPartners(db: Db): Promise<PartnerView[]> {
  return (await listPartners(db)).map(toPartnerView);
}

export async function createPartner(db: Db, actor: string, input: CreatePartnerInput): Promise<PartnerView> {
  return retryingTransaction(db, async (tx) => {
    const partner = await insertPartner(tx, { name: input.name, countries: input.countries, referral_url: input.referral_url, active: input.active });
    await audit(tx, { actor, action: 'partner.created', subjectType: 'partner', subjectId: partner.id, after: audited(partner) });
    return toPartnerView(partner);
  });
}

export async function changePartner(db: Db, actor: string, id: string, input: UpdatePartnerInput): Promise<PartnerView> {
  return retryingTransaction(db, async (tx) => {
    const before = await lockPartnerForUpdate(tx, id);
    if (!before) throw notFound('No such partner.');
    const after = await updatePartner(tx, id, input);
    await audit(tx, { actor, action: 'partner.updated', subjectType: 'partner', subjectId: id, before: audited(before), after: audited(after) });
    return toPartnerView(after);
  });
}

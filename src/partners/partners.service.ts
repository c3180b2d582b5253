import { audit } from '../audit';
import { retryingTransaction } from '../shared/db';
import { notFound } from '../shared/errors';
import type { OutboundPolicy } from '../shared/http/outbound-address';
import { checkOutboundUrlAtSave } from '../shared/http/outbound-url';
import { insertPartner, listPartners, lockPartnerForUpdate, updatePartner } from './partners.repository';
import type { CreatePartnerInput, PartnerView, UpdatePartnerInput } from './partners.schemas';
import type { PartnerRow } from './partners.table';
import type { Db } from '../database';
import { iso } from '../shared/time';

export function toPartnerView(p: PartnerRow): PartnerView {
  return {
    id: p.id,
    name: p.name,
    countries: p.countries,
    referral_url: p.referral_url,
    active: p.active,
    created_at: iso(p.created_at),
    updated_at: iso(p.updated_at),
  };
}

/** What the audit log keeps of a partner: all of it but the timestamps (a partner is a company,
 * not a person). */
const audited = (p: PartnerRow) => ({ name: p.name, countries: p.countries, referral_url: p.referral_url, active: p.active });

export async function getPartners(db: Db): Promise<PartnerView[]> {
  return (await listPartners(db)).map(toPartnerView);
}

export interface PartnerDeps {
  db: Db;
  outbound: OutboundPolicy;
}

export async function createPartner({ db, outbound }: PartnerDeps, actor: string, input: CreatePartnerInput): Promise<PartnerView> {
  await checkReferralAddress(outbound, input.referral_url);
  return retryingTransaction(db, async (tx) => {
    const partner = await insertPartner(tx, { name: input.name, countries: input.countries, referral_url: input.referral_url, active: input.active });
    await audit(tx, { actor, action: 'partner.created', subjectType: 'partner', subjectId: partner.id, after: audited(partner) });
    return toPartnerView(partner);
  });
}

export async function changePartner({ db, outbound }: PartnerDeps, actor: string, id: string, input: UpdatePartnerInput): Promise<PartnerView> {
  if (input.referral_url !== undefined) await checkReferralAddress(outbound, input.referral_url);
  return retryingTransaction(db, async (tx) => {
    const before = await lockPartnerForUpdate(tx, id);
    if (!before) throw notFound('No such partner.');
    const after = await updatePartner(tx, id, input);
    await audit(tx, { actor, action: 'partner.updated', subjectType: 'partner', subjectId: id, before: audited(before), after: audited(after) });
    return toPartnerView(after);
  });
}

/** In production the name must resolve, and only to public addresses, when it is saved (the admin
 * hears of a mistake now) as well as at every delivery (the answer may have changed since). */
const checkReferralAddress = (outbound: OutboundPolicy, referralUrl: string) => checkOutboundUrlAtSave(outbound, referralUrl, 'referral_url');

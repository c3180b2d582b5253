import { z } from 'zod';
import { COUNTRY_CODES } from '../shared/countries';
import type { OutboundPolicy } from '../shared/http/outbound-address';
import { outboundUrlSchema } from '../shared/http/outbound-url';

const countries = z
  .array(
    z
      .string()
      .transform((c) => c.toUpperCase())
      .refine((c) => COUNTRY_CODES.has(c), 'An ISO 3166-1 alpha-2 country code, such as DE.'),
  )
  .min(1, 'At least one country.')
  .max(COUNTRY_CODES.size)
  .refine((list) => new Set(list).size === list.length, 'Each country once.');

const name = z
  .string()
  .trim()
  .min(1, 'Required.')
  .max(200, 'At most 200 characters.')
  .refine((s) => !/\p{Cc}/u.test(s), 'Control characters are not allowed.');

export function partnerBodies(outbound: OutboundPolicy) {
  // Referrals carry personal data: the outbound policy decides where they may go.
  const referral_url = outboundUrlSchema(outbound);
  return {
    create: z.object({ name, countries, referral_url, active: z.boolean().default(true) }).strict(),
    update: z
      .object({ name: name.optional(), countries: countries.optional(), referral_url: referral_url.optional(), active: z.boolean().optional() })
      .strict()
      .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.'),
  };
}
export type PartnerBodies = ReturnType<typeof partnerBodies>;
export type CreatePartnerInput = z.output<PartnerBodies['create']>;
export type UpdatePartnerInput = z.output<PartnerBodies['update']>;

export const partnerIdParams = z.object({ id: z.uuid('A partner id (UUID).') }).strict();

export const partnerView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    countries: z.array(z.string()),
    referral_url: z.string(),
    active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Partner' });
export type PartnerView = z.infer<typeof partnerView>;
export const partnersResponse = z.object({ partners: z.array(partnerView) });

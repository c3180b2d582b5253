import { SignJWT } from 'jose';
import type { OrderItemRow, OrderRow } from '../orders';
import type { SigningKey } from '../shared/keys';

export const REFERRAL_REASON = 'shopper_requested_contact';

export interface ReferralClaims {
  order_number: string;
  items: Array<{ sku: string; name: string; quantity: number }>;
  customer: { name: string; email: string; company: string | null; country: string; phone: string | null };
  reason: typeof REFERRAL_REASON;
}

/** Exactly what a partner learns: the order's number and lines and how to reach the shopper. No
 * amounts paid, no payment reference, no internal ids. */
export function referralClaims(order: OrderRow, items: OrderItemRow[]): ReferralClaims {
  return {
    order_number: order.number,
    items: items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity })),
    customer: {
      name: order.customer_name,
      email: order.customer_email,
      company: order.customer_company,
      country: order.customer_country,
      phone: order.customer_phone,
    },
    reason: REFERRAL_REASON,
  };
}

/** Field names for the disclosure log: the ones that carried a value. */
export function disclosedFields(claims: ReferralClaims): string[] {
  const customer = Object.entries(claims.customer)
    .filter(([, v]) => v !== null)
    .map(([k]) => `customer.${k}`);
  return ['order_number', 'items', ...customer];
}

/** A compact JWS (ES256, our referral key named by `kid`) that partners check against our
 * /.well-known/jwks.json. `iss` is our public URL and `aud` the partner's endpoint, so a referral
 * cannot be passed on to another partner as if it were theirs. */
export async function signReferral(key: SigningKey, claims: ReferralClaims, opts: { jti: string; issuer: string; audience: string }): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuedAt()
    .setJti(opts.jti)
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .sign(key.privateKey);
}

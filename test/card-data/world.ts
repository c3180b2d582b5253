import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { postOrder, type OrderOverrides } from '../helpers/orders';
import { staffToken } from '../helpers/staff-token';

export interface CardDataWorld {
  t: TestApp;
  tokens: Record<'sales' | 'finance' | 'admin', string>;
  /** An order and a partner that the staff routes under test write into. */
  orderId: string;
  partnerId: string;
}

/** The app with a token per staff role, one pay-via-sales order and one partner. */
export async function startCardDataWorld(order: OrderOverrides, partnerName: string): Promise<CardDataWorld> {
  const t = await startTestApp();
  const tokens = { sales: await staffToken(t, ['sales']), finance: await staffToken(t, ['finance']), admin: await staffToken(t, ['admin']) };
  const orderId = (await postOrder(t, order).expect(201)).body.order.id as string;
  const partner = await request(t.app)
    .post('/api/admin/partners')
    .set('Authorization', `Bearer ${tokens.admin}`)
    .send({ name: partnerName, countries: ['FR'], referral_url: 'https://partner.example/referrals', active: true })
    .expect(201);
  const partnerId = (partner.body.id ?? partner.body.partner.id) as string;
  return { t, tokens, orderId, partnerId };
}

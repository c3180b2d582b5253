import request from 'supertest';
import { useCardTestApp, type CardTestApp } from '../helpers/app';
import { placeCardOrder } from '../helpers/orders';

let t: CardTestApp;
useCardTestApp((app) => (t = app));

test("the hosted page's cancel link lands on a page that says nothing was charged and shows nothing of the order", async () => {
  const order = await placeCardOrder(t);
  const session = await t.ctx.stripe.checkout.sessions.retrieve(order.sessionId);
  const u = new URL(session.cancel_url!);
  const page = await request(t.app).get(`${u.pathname}${u.search}`);
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.text).toContain('nothing was charged');
  expect(page.text).toContain('Handoff store');
  expect(page.text).not.toContain('ada@example.com');
  // Without the cancel mark, no token is still no page.
  expect((await request(t.app).get(u.pathname)).status).toBe(401);
});

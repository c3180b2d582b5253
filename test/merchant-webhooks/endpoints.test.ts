import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await staffToken(t, ['admin'], { sub: 'ada' });
});
afterAll(() => t.close());

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const create = (body: Record<string, unknown>) => request(t.app).post('/api/admin/webhooks').set(as(admin)).send(body);
const valid = { url: 'https://erp.merchant.example/hooks/handoff', event_types: ['order.paid', 'licence.issued'] };

describe('admins managing webhook endpoints', () => {
  it('register one and see its whsec_ secret once; the list, the change and the audit log never show it', async () => {
    const created = await create(valid);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), url: valid.url, event_types: valid.event_types, active: true });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(created.body.secret.slice(6), 'base64')).toHaveLength(32);
    expect(created.headers['cache-control']).toBe('no-store');

    const changed = await request(t.app)
      .patch(`/api/admin/webhooks/${created.body.id}`)
      .set(as(admin))
      .send({ event_types: ['order.refunded'], active: false });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ event_types: ['order.refunded'], active: false, url: valid.url });
    const listed = await request(t.app).get('/api/admin/webhooks').set(as(admin)).expect(200);
    expect(listed.body.endpoints).toEqual([changed.body]);
    expect(JSON.stringify([changed.body, listed.body])).not.toContain('whsec_');
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('subject_type', '=', 'merchant_webhook').orderBy('id').execute();
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['staff:ada', 'merchant_webhook.created'],
      ['staff:ada', 'merchant_webhook.updated'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(created.body.secret.slice(6));
  });

  it('remove one: it is gone, and a second removal is a 404', async () => {
    const { body } = await create(valid);
    await request(t.app).delete(`/api/admin/webhooks/${body.id}`).set(as(admin)).expect(204);
    const again = await request(t.app).delete(`/api/admin/webhooks/${body.id}`).set(as(admin));
    expect(again.status).toBe(404);
    expect(again.type).toBe('application/problem+json');
    await request(t.app).get(`/api/admin/webhooks/${body.id}/deliveries`).set(as(admin)).expect(404);
  });

  it.each([
    ['an unknown event type', { ...valid, event_types: ['order.shipped'] }, 'event_types.0'],
    ['no event type', { ...valid, event_types: [] }, 'event_types'],
    ['an event type twice', { ...valid, event_types: ['order.paid', 'order.paid'] }, 'event_types'],
    ['no url', { event_types: ['order.paid'] }, 'url'],
    ['plain http to another host', { ...valid, url: 'http://erp.merchant.example/hooks' }, 'url'],
    ['a user name in the url', { ...valid, url: 'https://user:pw@erp.merchant.example/hooks' }, 'url'],
    ['a fragment', { ...valid, url: 'https://erp.merchant.example/hooks#x' }, 'url'],
    ['a field we do not know (the secret is ours to make)', { ...valid, secret: 'whsec_mine' }, 'secret'],
  ])('refuse %s with a 422 naming the field', async (_what, body, path) => {
    const res = await create(body);
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('answer 401 without a token, 403 to other roles, 400 for a bad id', async () => {
    await request(t.app).get('/api/admin/webhooks').expect(401);
    await request(t.app)
      .post('/api/admin/webhooks')
      .set(as(await staffToken(t, ['sales', 'finance'])))
      .send(valid)
      .expect(403);
    const bad = await request(t.app).get('/api/admin/webhooks/nope/deliveries').set(as(admin));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'id' })]);
  });
});

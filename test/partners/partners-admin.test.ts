import request from 'supertest';
import { useTestApp, type TestApp } from '../helpers/app';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let admin: string;
useTestApp((app) => (t = app));
beforeAll(async () => {
  admin = await staffToken(t, ['admin'], { sub: 'ada' });
});

const create = (body: Record<string, unknown>) => request(t.app).post('/api/admin/partners').set('Authorization', `Bearer ${admin}`).send(body);
const change = (id: string, body: Record<string, unknown>) => request(t.app).patch(`/api/admin/partners/${id}`).set('Authorization', `Bearer ${admin}`).send(body);
const valid = { name: 'Nordic Partners AB', countries: ['se', 'NO'], referral_url: 'https://partners.example/api/referrals?key=abc' };

describe('admins managing reseller partners', () => {
  it('add a partner, list it and change it, each change audited with before and after', async () => {
    const created = await create(valid);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'Nordic Partners AB', countries: ['SE', 'NO'], active: true });
    const changed = await change(created.body.id, { countries: ['SE', 'NO', 'FI'], active: false });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ countries: ['SE', 'NO', 'FI'], active: false, referral_url: valid.referral_url });
    const listed = await request(t.app).get('/api/admin/partners').set('Authorization', `Bearer ${admin}`);
    expect(listed.body.partners).toEqual([changed.body]);
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('subject_type', '=', 'partner').orderBy('id').execute();
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'staff:ada', action: 'partner.created', after: expect.objectContaining({ active: true }) }),
      expect.objectContaining({
        actor: 'staff:ada',
        action: 'partner.updated',
        before: expect.objectContaining({ countries: ['SE', 'NO'], active: true }),
        after: expect.objectContaining({ countries: ['SE', 'NO', 'FI'], active: false }),
      }),
    ]);
  });

  it.each([
    ['an http URL on another host', { referral_url: 'http://partners.example/referrals' }, 'referral_url'],
    ['a URL with a password', { referral_url: 'https://user:pw@partners.example/r' }, 'referral_url'],
    ['no URL at all', { referral_url: 'partners.example' }, 'referral_url'],
    ['the unspecified address (it reaches this machine), in any environment', { referral_url: 'https://0.0.0.0:5432/' }, 'referral_url'],
    ['an unknown country', { countries: ['XX'] }, 'countries.0'],
    ['no country', { countries: [] }, 'countries'],
    ['a country twice', { countries: ['DE', 'de'] }, 'countries'],
    ['an empty name', { name: ' ' }, 'name'],
    ['active as a string', { active: 'yes' }, 'active'],
    ['an unknown field', { secret: 'x' }, 'secret'],
  ])('refuse %s with 422 naming the field', async (_what, change, field) => {
    const res = await create({ ...valid, ...change });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  it('accept plain http only for a partner on this machine, outside production', async () => {
    expect((await create({ ...valid, referral_url: 'http://127.0.0.1:9/referrals' })).status).toBe(201);
    expect((await create({ ...valid, referral_url: 'http://localhost:9/referrals' })).status).toBe(201);
  });

  it('get 404 changing a partner that does not exist, 400 for an id that is not one, 422 for an empty change', async () => {
    expect((await change('00000000-0000-4000-8000-000000000000', { active: true })).status).toBe(404);
    expect((await change('nope', { active: true })).status).toBe(400);
    const { body } = await create(valid);
    expect((await change(body.id, {})).status).toBe(422);
  });
});

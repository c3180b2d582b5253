import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SignJWT } from 'jose';
import { sql } from 'kysely';
import request from 'supertest';
import { composeAlertEmail, CONSENT_WORDING, signUnsubscribeToken } from '../../src/privacy';
import { signOrderToken } from '../../src/shared/keys';
import { useTestApp, type TestApp } from '../helpers/app';
import { staffToken } from '../helpers/staff-token';
import { ADA, postOrder, ADA_BY_SALES, type Shopper } from '../helpers/orders';

let t: TestApp;
let admin: string;
useTestApp((app) => (t = app));
beforeAll(async () => {
  admin = await staffToken(t, ['admin']);
});

const shopper = (n: string): Shopper => ({ name: `Shopper ${n}`, email: `shopper.${n}@example.net`, country: 'DE' });
const consentsOf = (email: string) => t.ctx.db.selectFrom('consents').selectAll().where('email', '=', email).orderBy('id').execute();
const optIns = async () => {
  const res = await request(t.app).get('/api/admin/consents').query({ purpose: 'product_alerts' }).set('Authorization', `Bearer ${admin}`).expect(200);
  return res.body.opt_ins.map((o: { email: string }) => o.email) as string[];
};
const linkFor = async (email: string) => {
  const [consent] = await consentsOf(email);
  return (await composeAlertEmail(t.ctx.keys, t.ctx.config.http.publicBaseUrl, { email, consent_id: consent!.id }, { id: 'x', subject: 's', text: 't' })).headers[
    'List-Unsubscribe'
  ].slice(1, -1);
};
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

describe('product alerts only if you ask', () => {
  it('records nothing when the shopper does not opt in (the default)', async () => {
    const res = await postOrder(t, { ...ADA_BY_SALES, customer: shopper('quiet') }).expect(201);
    const order = await t.ctx.db.selectFrom('orders').select(['marketing_opt_in', 'gpc']).where('id', '=', res.body.order.id).executeTakeFirstOrThrow();
    expect(order).toEqual({ marketing_opt_in: false, gpc: false });
    expect(await consentsOf('shopper.quiet@example.net')).toEqual([]);
  });

  it('records an opt-in in the ledger with the exact wording shown, the order and the time', async () => {
    const res = await postOrder(t, { ...ADA_BY_SALES, customer: { ...ADA, email: 'Ada.Opt@Example.org' }, marketing_opt_in: true }).expect(201);
    const [consent, ...more] = await consentsOf('ada.opt@example.org');
    expect(more).toEqual([]);
    expect(consent).toMatchObject({
      purpose: 'product_alerts',
      order_id: res.body.order.id,
      wording_version: CONSENT_WORDING.product_alerts.version,
      wording: CONSENT_WORDING.product_alerts.text,
      source: 'checkout',
      withdrawn_at: null,
    });
    expect(consent!.given_at.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('publishes the wording a shop must show beside the checkbox', async () => {
    const res = await request(t.app).get('/api/privacy/wording').expect(200);
    expect(res.body).toEqual({ product_alerts: CONSENT_WORDING.product_alerts });
  });

  it('honours Sec-GPC: the opt-in is ignored, the signal is recorded on the order, and /.well-known/gpc.json says so', async () => {
    const res = await postOrder(t, { ...ADA_BY_SALES, customer: shopper('gpc'), marketing_opt_in: true, headers: { 'Sec-GPC': '1' } }).expect(201);
    const order = await t.ctx.db.selectFrom('orders').select(['marketing_opt_in', 'gpc']).where('id', '=', res.body.order.id).executeTakeFirstOrThrow();
    expect(order).toEqual({ marketing_opt_in: false, gpc: true });
    expect(await consentsOf('shopper.gpc@example.net')).toEqual([]);
    const gpc = await request(t.app).get('/.well-known/gpc.json').expect(200);
    expect(gpc.headers['content-type']).toMatch(/^application\/json/);
    expect(gpc.body).toEqual({ gpc: true, lastUpdate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });
});

describe('the consent ledger', () => {
  let id: number;
  beforeAll(async () => {
    await postOrder(t, { ...ADA_BY_SALES, customer: shopper('ledger'), marketing_opt_in: true }).expect(201);
    id = (await consentsOf('shopper.ledger@example.net'))[0]!.id;
  });
  const refused = (statement: ReturnType<typeof sql>) => expect(statement.execute(t.ctx.db)).rejects.toThrow(/append-only/);

  it('cannot be rewritten or deleted', async () => {
    await refused(sql`update consents set wording = 'something else' where id = ${id}`);
    await refused(sql`update consents set given_at = now() - interval '1 year' where id = ${id}`);
    await refused(sql`update consents set email = 'someone@else.example' where id = ${id}`);
    await refused(sql`delete from consents where id = ${id}`);
  });

  it('takes a withdrawal once, and never takes it back', async () => {
    await sql`update consents set withdrawn_at = now(), withdrawn_via = 'test' where id = ${id}`.execute(t.ctx.db);
    await refused(sql`update consents set withdrawn_at = null, withdrawn_via = null where id = ${id}`);
    await refused(sql`update consents set withdrawn_at = now() + interval '1 day' where id = ${id}`);
  });
});

describe('the mailing list', () => {
  beforeAll(async () => {
    await postOrder(t, { ...ADA_BY_SALES, customer: shopper('list-a'), marketing_opt_in: true }).expect(201);
    await postOrder(t, { ...ADA_BY_SALES, customer: shopper('list-a'), marketing_opt_in: true }).expect(201);
    await postOrder(t, { ...ADA_BY_SALES, customer: shopper('list-b'), marketing_opt_in: true }).expect(201);
    await postOrder(t, { ...ADA_BY_SALES, customer: shopper('list-no') }).expect(201);
  });

  it('lists each person currently opted in once, and nobody else', async () => {
    const list = await optIns();
    expect(list.filter((e) => e === 'shopper.list-a@example.net')).toHaveLength(1);
    expect(list).toContain('shopper.list-b@example.net');
    expect(list).not.toContain('shopper.list-no@example.net');
    expect(list).not.toContain('shopper.gpc@example.net');
    expect(list).not.toContain('shopper.ledger@example.net');
  });

  it('is for admins only', async () => {
    const url = '/api/admin/consents?purpose=product_alerts';
    await request(t.app).get(url).expect(401);
    for (const role of ['sales', 'finance']) {
      await request(t.app)
        .get(url)
        .set('Authorization', `Bearer ${await staffToken(t, [role])}`)
        .expect(403);
    }
  });

  it('pages by email', async () => {
    const first = await request(t.app).get('/api/admin/consents').query({ purpose: 'product_alerts', limit: 1 }).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(first.body.opt_ins).toHaveLength(1);
    const next = await request(t.app)
      .get('/api/admin/consents')
      .query({ purpose: 'product_alerts', limit: 1, cursor: first.body.next_cursor })
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(next.body.opt_ins[0].email > first.body.opt_ins[0].email).toBe(true);
  });

  it('hands out no cursor on the last page, even when it is full', async () => {
    const all = await request(t.app).get('/api/admin/consents').query({ purpose: 'product_alerts' }).set('Authorization', `Bearer ${admin}`).expect(200);
    const count = all.body.opt_ins.length as number;
    expect(count).toBeGreaterThan(1);
    expect(all.body.next_cursor).toBeNull();
    const exact = await request(t.app).get('/api/admin/consents').query({ purpose: 'product_alerts', limit: count }).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(exact.body.opt_ins).toHaveLength(count);
    expect(exact.body.next_cursor).toBeNull();
  });
});

describe('the unsubscribe link', () => {
  const email = 'shopper.unsub@example.net';
  beforeAll(async () => {
    await postOrder(t, { ...ADA_BY_SALES, customer: shopper('unsub'), marketing_opt_in: true }).expect(201);
  });

  it('is refused, and withdraws nothing, when forged or edited', async () => {
    const link = await linkFor(email);
    const [header, payload] = tokenOf(link).split('.');
    const otherKey = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('handoff')
      .setAudience('handoff:unsubscribe')
      .setSubject('1')
      .setIssuedAt()
      .sign(new Uint8Array(32));
    const orderToken = await signOrderToken(t.ctx.keys, '0b9a3c6e-6f0d-4d0e-9a47-4c1f1f0d2a11');
    const edited = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: '1' })).toString('base64url')}.${tokenOf(link).split('.')[2]}`;
    for (const token of [otherKey, orderToken, edited, 'forged', `${tokenOf(link)}x`]) {
      const page = await request(t.app).get('/api/unsubscribe').query({ token }).expect(400);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      await request(t.app).post('/api/unsubscribe').query({ token }).type('form').send('List-Unsubscribe=One-Click').expect(400);
    }
    await request(t.app).get('/api/unsubscribe').expect(400);
    expect((await consentsOf(email))[0]!.withdrawn_at).toBeNull();
  });

  it('withdraws the consent when followed, and says so again, changing nothing, when followed twice', async () => {
    const link = await linkFor(email);
    const page = await request(t.app)
      .get(new URL(link).pathname + new URL(link).search)
      .expect(200);
    expect(page.text).toContain('You are unsubscribed');
    const [withdrawn] = await consentsOf(email);
    expect(withdrawn).toMatchObject({ withdrawn_via: 'unsubscribe_link', withdrawn_at: expect.any(Date) });
    expect(await optIns()).not.toContain(email);
    await request(t.app)
      .get('/api/unsubscribe')
      .query({ token: tokenOf(link) })
      .expect(200);
    expect((await consentsOf(email))[0]).toEqual(withdrawn);
  });

  it('does not withdraw a later opt-in when an old link is used again', async () => {
    const oldLink = await linkFor(email);
    await postOrder(t, { ...ADA_BY_SALES, customer: shopper('unsub'), marketing_opt_in: true }).expect(201);
    await request(t.app)
      .get('/api/unsubscribe')
      .query({ token: tokenOf(oldLink) })
      .expect(200);
    const [, renewed] = await consentsOf(email);
    expect(renewed!.withdrawn_at).toBeNull();
    expect(await optIns()).toContain(email);
  });

  it('works with one click (RFC 8058 POST)', async () => {
    await postOrder(t, { ...ADA_BY_SALES, customer: shopper('oneclick'), marketing_opt_in: true }).expect(201);
    const link = await linkFor('shopper.oneclick@example.net');
    const res = await request(t.app)
      .post('/api/unsubscribe')
      .query({ token: tokenOf(link) })
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(res.body).toEqual({ unsubscribed: true });
    expect((await consentsOf('shopper.oneclick@example.net'))[0]).toMatchObject({ withdrawn_via: 'one_click' });
  });
});

describe('a product alert', () => {
  it('goes to everyone currently opted in, each with their own working unsubscribe link, and to nobody else', async () => {
    await postOrder(t, { ...ADA_BY_SALES, customer: shopper('alert-yes'), marketing_opt_in: true }).expect(201);
    await postOrder(t, { ...ADA_BY_SALES, customer: shopper('alert-late'), marketing_opt_in: true }).expect(201);
    const res = await request(t.app)
      .post('/api/admin/product-alerts')
      .set('Authorization', `Bearer ${admin}`)
      .send({ id: 'summit-2027', subject: 'The Handoff Summit 2027', text: 'Tickets are on sale.' })
      .expect(202);
    const list = await optIns();
    expect(res.body).toEqual({ alert_id: 'summit-2027', queued: list.length });
    // Queued again: nobody gets a second copy.
    await request(t.app)
      .post('/api/admin/product-alerts')
      .set('Authorization', `Bearer ${admin}`)
      .send({ id: 'summit-2027', subject: 'The Handoff Summit 2027', text: 'Tickets are on sale.' })
      .expect(202);
    // Withdrawn after queuing, before sending: skipped.
    await request(t.app)
      .get('/api/unsubscribe')
      .query({ token: tokenOf(await linkFor('shopper.alert-late@example.net')) })
      .expect(200);
    await t.worker.runOnce();

    const dir = path.join(t.dataDir, 'mail');
    const files = (await readdir(dir)).filter((f) => f.startsWith('alert-summit-2027-'));
    const mails = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
    const recipients = mails.map((m) => /^To: (.+)$/m.exec(m)![1]!.trim()).sort();
    expect(recipients).toEqual(list.filter((e) => e !== 'shopper.alert-late@example.net').sort());
    const mine = mails.find((m) => m.includes('To: shopper.alert-yes@example.net'))!;
    expect(mine).toContain('Tickets are on sale.');
    // Long header lines are folded (RFC 5322), so the value may start on the next line.
    expect(mine).toMatch(/^List-Unsubscribe:\s+<http:\/\/\S+\/api\/unsubscribe\?token=/m);
    expect(mine).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    const link = /(http:\/\/\S+\/api\/unsubscribe\?token=[\w.-]+)/.exec(mine.replace(/=\r?\n/g, '').replace(/=3D/g, '='))![1]!;
    await request(t.app)
      .get('/api/unsubscribe')
      .query({ token: tokenOf(link) })
      .expect(200);
    expect(await optIns()).not.toContain('shopper.alert-yes@example.net');
  });

  it('can be sent by admins only', async () => {
    await request(t.app).post('/api/admin/product-alerts').send({ id: 'a', subject: 'b', text: 'c' }).expect(401);
    await request(t.app)
      .post('/api/admin/product-alerts')
      .set('Authorization', `Bearer ${await staffToken(t, ['sales'])}`)
      .send({ id: 'a', subject: 'b', text: 'c' })
      .expect(403);
  });

  it('names the unsubscribe URL in the List-Unsubscribe headers, for one-click', async () => {
    const mail = await composeAlertEmail(t.ctx.keys, 'https://shop.example.com', { email: 'x@example.com', consent_id: 7 }, { id: 'i', subject: 's', text: 't' });
    expect(mail.headers['List-Unsubscribe']).toBe(`<https://shop.example.com/api/unsubscribe?token=${tokenOf(mail.headers['List-Unsubscribe'].slice(1, -1))}>`);
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toContain(mail.headers['List-Unsubscribe'].slice(1, -1));
    expect(await signUnsubscribeToken(t.ctx.keys, 7)).toMatch(/^eyJ/);
  });
});

describe('the API reference', () => {
  it('documents every privacy route', async () => {
    const doc = await request(t.app).get('/openapi.json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/prefill']!).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(paths['/api/unsubscribe']!).sort()).toEqual(['get', 'post']);
    for (const p of ['/api/privacy/wording', '/api/admin/consents', '/api/admin/product-alerts', '/api/admin/privacy/subjects', '/api/admin/privacy/erasures'])
      expect(paths[p]).toBeDefined();
  });
});

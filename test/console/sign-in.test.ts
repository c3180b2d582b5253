import { ConsoleBrowser } from '../helpers/console';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('console sign-in (development: no identity provider)', () => {
  it('signs in through the "sign in as" page into a session cookie that is __Host-, HttpOnly, Secure and SameSite=Strict', async () => {
    const browser = new ConsoleBrowser(t);
    const page = await browser.get('/console/sign-in');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sign in as');
    const res = await browser.post('/console/sign-in', { sub: 'sam', roles: ['sales', 'finance'] });
    expect(res.status).toBe(303);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-handoff_console='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const queue = await browser.get('/console/sales');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('Signed in as <strong>sam</strong> (sales, finance)');
  });

  it('keeps only a hash of the session secret in the database', async () => {
    const browser = new ConsoleBrowser(t);
    await browser.signIn(['sales'], 'hash-check');
    const secret = browser.cookieHeader().match(/__Host-handoff_console=([^;]+)/)![1]!;
    const rows = await t.ctx.db.selectFrom('console_sessions').select(['id_hash', 'sub']).where('sub', '=', 'hash-check').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id_hash.toString('base64url')).not.toBe(secret);
    expect(rows[0]!.id_hash.toString('utf8')).not.toContain(secret);
  });

  it('refuses a sign-in form posted without the token its page carried', async () => {
    const browser = new ConsoleBrowser(t);
    await browser.get('/console/sign-in');
    const res = await browser.post('/console/sign-in', { sub: 'mallory', roles: 'admin' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.text).toContain('not sent from a page of this console');
    expect(await t.ctx.db.selectFrom('console_sessions').select('sub').where('sub', '=', 'mallory').execute()).toHaveLength(0);
  });

  it('refuses a console form posted without its CSRF token, and changes nothing', async () => {
    const browser = new ConsoleBrowser(t);
    await browser.signIn(['sales']);
    const res = await browser.post('/console/sign-out', {}, { csrf: false });
    expect(res.status).toBe(403);
    expect((await browser.get('/console/sales')).status).toBe(200);
  });

  it('ends the session on sign-out: the same cookie, replayed, reaches nothing', async () => {
    const browser = new ConsoleBrowser(t);
    await browser.signIn(['sales']);
    const stolen = browser.cookieHeader();
    const out = await browser.post('/console/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/console/sign-in?done=signed-out');
    const replay = await (await import('supertest')).default(t.app).get('/console/sales').set('Cookie', stolen);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/console/sign-in?done=expired');
  });

  it('ends a session left idle past the idle timeout, and one past its absolute end', async () => {
    const idle = new ConsoleBrowser(t);
    await idle.signIn(['sales'], 'idle-sam');
    await t.ctx.db
      .updateTable('console_sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('sub', '=', 'idle-sam')
      .execute();
    expect((await idle.get('/console/sales')).status).toBe(303);

    const old = new ConsoleBrowser(t);
    await old.signIn(['sales'], 'old-sam');
    await t.ctx.db
      .updateTable('console_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('sub', '=', 'old-sam')
      .execute();
    expect((await old.get('/console/sales')).status).toBe(303);
  });

  it('answers 403 on a page the roles do not open', async () => {
    const browser = new ConsoleBrowser(t);
    await browser.signIn(['admin']);
    const res = await browser.get('/console/sales');
    expect(res.status).toBe(403);
    expect(res.text).toContain('needs the role sales or finance');
  });

  it('sends a browser with no session to the sign-in page', async () => {
    const res = await new ConsoleBrowser(t).get('/console/sales');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console/sign-in?done=expired');
  });
});

import { ConsoleBrowser } from '../helpers/console';
import { startTestApp, type TestApp } from '../helpers/app';
import { startIdentityProvider, type TestIdentityProvider } from '../helpers/oidc';

let idp: TestIdentityProvider;
let t: TestApp;
beforeAll(async () => {
  idp = await startIdentityProvider({ redirectUri: 'http://127.0.0.1:3000/console/auth/callback', roles: { sam: ['sales'], nobody: [] } });
  t = await startTestApp({ CONSOLE_OIDC_ISSUER: idp.issuer, CONSOLE_OIDC_CLIENT_ID: idp.clientId, CONSOLE_OIDC_CLIENT_SECRET: idp.clientSecret });
});
afterAll(async () => {
  await t.close();
  await idp.close();
});

/** Our side of the flow through supertest, the provider's through its own login form. */
async function signInThroughProvider(login: string) {
  const browser = new ConsoleBrowser(t);
  const start = await browser.get('/console/auth/start');
  expect(start.status).toBe(303);
  const authUrl = new URL(String(start.headers.location));
  expect(authUrl.origin).toBe(idp.issuer);
  expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
  const back = await idp.signIn(authUrl.href, login);
  const callbackPath = back.pathname + back.search;
  return { browser, callbackPath, callback: await browser.get(callbackPath) };
}

describe('console sign-in through the identity provider (OpenID Connect, code + PKCE)', () => {
  it('signs a clerk in with the roles the provider sends, into a console session', async () => {
    const page = await new ConsoleBrowser(t).get('/console/sign-in');
    expect(page.text).toContain('/console/auth/start');
    const { browser, callback } = await signInThroughProvider('sam');
    expect(callback.status).toBe(200);
    expect(callback.text).toContain('Signed in');
    const queue = await browser.get('/console/sales');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('Signed in as <strong>sam</strong> (sales)');
    const row = await t.ctx.db.selectFrom('console_sessions').select(['via', 'roles']).where('sub', '=', 'sam').executeTakeFirstOrThrow();
    expect(row).toEqual({ via: 'oidc', roles: ['sales'] });
  });

  it('refuses a callback that was not started in this browser, and a code used twice', async () => {
    const { browser, callback, callbackPath } = await signInThroughProvider('sam');
    expect(callback.status).toBe(200);
    const again = await browser.get(callbackPath);
    expect(again.status).toBe(400);
    expect(await new ConsoleBrowser(t).get('/console/auth/callback?code=x&state=y').then((r) => r.status)).toBe(400);
  });

  it('lets an account without console roles sign in to nothing', async () => {
    const { browser } = await signInThroughProvider('nobody');
    expect((await browser.get('/console/sales')).status).toBe(403);
  });

  it('offers no development sign-in while an identity provider is configured', async () => {
    const res = await new ConsoleBrowser(t).post('/console/sign-in', { sub: 'mallory', roles: 'admin' });
    expect(res.status).toBe(404);
  });
});

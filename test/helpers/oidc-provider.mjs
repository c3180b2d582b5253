// A real OpenID provider (oidc-provider) on loopback for the console's sign-in tests, run as its
// own process (it is ESM through and through). It prints its issuer URL on the first line of stdout.
// Any login name signs in (oidc-provider's development login form); the account's roles come from
// the OIDC_TEST_ROLES JSON ({"sam": ["sales"]}), sent in the ID token's `roles` claim.
import { createServer } from 'node:net';
import Provider from 'oidc-provider';

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const issuer = `http://127.0.0.1:${port}`;

const roles = JSON.parse(process.env.OIDC_TEST_ROLES ?? '{}');
const redirectUri = process.env.OIDC_TEST_REDIRECT_URI;
const provider = new Provider(issuer, {
  clients: [{ client_id: 'handoff-console', client_secret: 'console-secret', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
  claims: { openid: ['sub'], profile: ['name', 'roles'] },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  cookies: { keys: ['test-only-cookie-key'] },
  async findAccount(_ctx, id) {
    return { accountId: id, claims: () => ({ sub: id, name: id, roles: roles[id] ?? [] }) };
  },
  // Staff consent to their own employer's console once, here always: no consent screen.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile');
    grant.addOIDCClaims(['roles', 'name']);
    await grant.save();
    return grant;
  },
});
provider.listen(port, '127.0.0.1', () => process.stdout.write(`${issuer}\n`));

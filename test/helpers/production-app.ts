import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { HostResolver, ResolvedAddress } from '../../src/shared/http/outbound-address';
import { startTestApp, type TestApp } from './app';
import { serveJson, type JsonServer } from './json-server';

const ISSUER = 'https://idp.handoff.test/';
const AUDIENCE = 'handoff-api';

export interface ProductionApp extends TestApp {
  /** A staff token as the identity provider would issue it. */
  staffToken(roles: string[], sub?: string): Promise<string>;
}

/** The app with NODE_ENV=production and every setting production insists on. Staff tokens come
 * from an identity provider on this machine; the database and processor are the test ones. */
export async function startProductionApp(opts: { resolveHost?: HostResolver; env?: Record<string, string> } = {}): Promise<ProductionApp> {
  const idp = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
  const jwks: JsonServer = await serveJson(() => ({ keys: [jwk] }));
  const referralKey = await generateKeyPair('ES256', { extractable: true });
  const t = await startTestApp(
    {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://configured@127.0.0.1:5432/unused-by-tests',
      STRIPE_SECRET_KEY: 'sk_test_unused_by_tests',
      STRIPE_WEBHOOK_SECRET: 'whsec_unused_by_tests',
      STAFF_JWKS_URL: jwks.url,
      STAFF_JWT_ISSUER: ISSUER,
      STAFF_JWT_AUDIENCE: AUDIENCE,
      COOKIE_KEY: randomBytes(32).toString('base64url'),
      ORDER_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      SIGNING_KEY_JWK: JSON.stringify({ ...(await exportJWK(referralKey.privateKey)), kid: 'referral-1', alg: 'ES256' }),
      PUBLIC_BASE_URL: 'https://shop.handoff.example',
      ...opts.env,
    },
    opts.resolveHost ? { resolveHost: opts.resolveHost } : {},
  );
  return {
    ...t,
    staffToken: (roles, sub = 'ada') =>
      new SignJWT({ roles })
        .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(idp.privateKey),
    close: async () => {
      await t.close();
      await jwks.close();
    },
  };
}

/** A resolver whose answers the test sets, name by name; an unknown name does not resolve. */
export function testResolver() {
  const answers = new Map<string, ResolvedAddress[] | { code: string }>();
  const resolve: HostResolver = async (hostname) => {
    const answer = answers.get(hostname);
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    if ('code' in answer) throw Object.assign(new Error(`getaddrinfo ${answer.code} ${hostname}`), { code: answer.code });
    return answer;
  };
  return {
    resolve,
    answer(hostname: string, ...addresses: string[]) {
      answers.set(
        hostname,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    },
    fail(hostname: string, code: string) {
      answers.set(hostname, { code });
    },
  };
}

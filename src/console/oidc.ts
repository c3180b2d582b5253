import type { Configuration } from 'openid-client';
import { AppError, unavailable } from '../shared/errors';
import { isStaffRole, type Staff } from '../staff-auth';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  rolesClaim: string;
  /** PUBLIC_BASE_URL/console/auth/callback, as registered with the provider. */
  redirectUri: string;
  /** Plain-http issuers are allowed only on loopback outside production (a provider under test). */
  allowLoopbackHttp: boolean;
}

/** What the callback needs to finish a sign-in; kept in console_sign_ins between the two steps. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcSignIn {
  start(): Promise<{ url: URL; pending: PendingSignIn }>;
  finish(callbackUrl: URL, pending: PendingSignIn): Promise<Staff>;
}

/** openid-client is loaded on the first sign-in, not at start (README, Benchmarks). */
const openidClient = () => import('openid-client');

/** Authorization code flow with PKCE (S256), state and nonce, through openid-client. Discovery is
 * fetched on first use and kept; a failed discovery is tried again on the next sign-in. */
export function oidcSignIn(s: OidcSettings): OidcSignIn {
  let discovered: Promise<Configuration> | undefined;
  const configuration = () => {
    discovered ??= discover(s).catch((err: unknown) => {
      discovered = undefined;
      throw providerDown(err);
    });
    return discovered;
  };
  return {
    async start() {
      const config = await configuration();
      const client = await openidClient();
      const pending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: s.redirectUri,
        scope: 'openid profile',
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url, pending };
    },
    async finish(callbackUrl, pending) {
      const config = await configuration();
      const client = await openidClient();
      const tokens = await client
        .authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true })
        .catch((err: unknown) => {
          throw err instanceof client.ClientError || err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError
            ? signInRefused()
            : providerDown(err);
        });
      const claims = tokens.claims();
      if (!claims?.sub) throw signInRefused();
      return { sub: claims.sub, roles: rolesFrom(claims[s.rolesClaim]) };
    },
  };
}

async function discover(s: OidcSettings): Promise<Configuration> {
  const client = await openidClient();
  const issuer = new URL(s.issuer);
  const insecure = issuer.protocol === 'http:' && s.allowLoopbackHttp && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  return client.discovery(issuer, s.clientId, s.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
}

/** Roles the console knows; anything else the provider sends is ignored rather than refused. */
function rolesFrom(claim: unknown): Staff['roles'] {
  const list = Array.isArray(claim) ? (claim as unknown[]) : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  return [...new Set(list.filter(isStaffRole))];
}

const signInRefused = () => new AppError(401, 'sign_in_refused', 'Sign-in refused', { detail: 'The identity provider did not confirm this sign-in. Start again.' });

function providerDown(err: unknown): AppError {
  return unavailable('identity_provider_unavailable', `The identity provider cannot be reached right now (${err instanceof Error ? err.name : 'error'}); try again shortly.`, 10);
}

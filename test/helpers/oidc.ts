import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Goes through the provider's own login form as `login` and answers where it sends the browser back. */
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

/** A real oidc-provider on loopback, in a process of its own, knowing the given accounts' roles. */
export async function startIdentityProvider(opts: { redirectUri: string; roles: Record<string, string[]> }): Promise<TestIdentityProvider> {
  const child = spawn(process.execPath, [path.join(__dirname, 'oidc-provider.mjs')], {
    env: { ...process.env, OIDC_TEST_ROLES: JSON.stringify(opts.roles), OIDC_TEST_REDIRECT_URI: opts.redirectUri, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const issuer = await firstLine(child);
  return { issuer, clientId: 'handoff-console', clientSecret: 'console-secret', signIn: (url, login) => driveLogin(url, login), close: () => stop(child) };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}

/** The provider's side of a browser: its cookies, redirects followed by hand up to our callback. */
async function driveLogin(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  };
  let res = await go(authorizationUrl);
  let url = new URL(res.headers.get('location')!, authorizationUrl);
  const form = await (await go(url.href)).text();
  const action = /<form[^>]*action="([^"]+)"/.exec(form)?.[1];
  if (!action) throw new Error('no login form at the provider');
  res = await go(new URL(action, url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
  });
  for (let hops = 0; hops < 5; hops++) {
    url = new URL(res.headers.get('location')!, url);
    if (url.pathname === '/console/auth/callback') return url;
    res = await go(url.href);
  }
  throw new Error('the provider never sent the browser back');
}

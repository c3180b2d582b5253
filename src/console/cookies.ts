import type { Request, Response } from 'express';
import { cookieValues } from '../shared/http/cookies';

/**
 * The console's two cookies. `__Host-` pins a cookie to our exact host, path `/` and Secure, so
 * neither a sibling subdomain nor a plain-http page can plant or read one. Browsers accept Secure
 * cookies from https and from loopback (`http://127.0.0.1`, `http://localhost`: Chromium and
 * Firefox treat loopback as a secure context), which is how the development setup at
 * http://127.0.0.1:3000 signs in. A development server reached over plain http on another host
 * (a LAN address) cannot keep a Secure cookie at all: there, and only outside production (which
 * requires an https PUBLIC_BASE_URL), the cookies drop the prefix and the Secure flag.
 */
export interface CookiePolicy {
  secure: boolean;
  session: string;
  signIn: string;
}

export function cookiePolicy(publicBaseUrl: string): CookiePolicy {
  const url = new URL(publicBaseUrl);
  const secure = url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  const prefix = secure ? '__Host-' : '';
  return { secure, session: `${prefix}handoff_console`, signIn: `${prefix}handoff_signin` };
}

/** The session cookie is SameSite=Strict: no other site can make a browser send it at all. */
export function setSessionCookie(res: Response, policy: CookiePolicy, secret: string, maxHours: number): void {
  res.cookie(policy.session, secret, { httpOnly: true, secure: policy.secure, sameSite: 'strict', path: '/', maxAge: maxHours * 3600_000 });
}

/** The sign-in cookie must come back on the identity provider's redirect to our callback, a
 * cross-site navigation that Strict would strip: Lax, ten minutes, and good for one sign-in. */
export function setSignInCookie(res: Response, policy: CookiePolicy, secret: string): void {
  res.cookie(policy.signIn, secret, { httpOnly: true, secure: policy.secure, sameSite: 'lax', path: '/', maxAge: 10 * 60_000 });
}

export function clearCookie(res: Response, policy: CookiePolicy, name: string): void {
  res.clearCookie(name, { httpOnly: true, secure: policy.secure, sameSite: name === policy.session ? 'strict' : 'lax', path: '/' });
}

/** Every value of one cookie the browser sent (it may send a stale one beside the current one). */
export const cookiesNamed = (req: Request, name: string) => cookieValues(req.headers.cookie, name);

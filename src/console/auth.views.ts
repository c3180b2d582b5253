import { html } from '../shared/html/html';
import { STAFF_ROLES } from '../staff-auth';
import { page } from './layout';

const ROLE_TEXT: Record<(typeof STAFF_ROLES)[number], string> = {
  sales: 'Sales: the queue, payments received, cancellations',
  finance: 'Finance: exports, refunds',
  admin: 'Admin: products, partners, privacy requests, audit log',
  door: 'Door: ticket check-in',
};

/** Development only (no identity provider): pick a name and roles, as `npm run staff-token` does. */
export function devSignInPage(csrf: string, message?: string): string {
  const roles = STAFF_ROLES.map(
    (r) => html`<li><input type="checkbox" name="roles" value="${r}" id="role-${r}" ${r === 'sales' ? html` checked` : ''} /> <label for="role-${r}">${ROLE_TEXT[r]}</label></li>`,
  );
  return page({
    title: 'Sign in as',
    body: html`${message ? html`<p class="notice" role="status">${message}</p>` : ''}
      <p>Development sign-in: there is no identity provider configured (<code>STAFF_JWKS_URL</code> is unset), so choose who you are.</p>
      <form method="post" action="/console/sign-in">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <p><label for="sub">Your name</label><br /><input id="sub" name="sub" required maxlength="100" autocomplete="username" value="dev-staff" /></p>
        <fieldset>
          <legend>Roles</legend>
          <ul class="plain">
            ${roles}
          </ul>
        </fieldset>
        <p><button type="submit">Sign in</button></p>
      </form>`,
  });
}

export function oidcSignInPage(message?: string): string {
  return page({
    title: 'Sign in',
    body: html`${message ? html`<p class="notice" role="status">${message}</p>` : ''}
      <p><a class="button" href="/console/auth/start">Sign in with your organisation's account</a></p>`,
  });
}

export function notConfiguredPage(): string {
  return page({
    title: 'Sign-in is not configured',
    body: html`<p>
      Staff tokens are verified by an identity provider (<code>STAFF_JWKS_URL</code>), but the console has no client there. Set <code>CONSOLE_OIDC_CLIENT_ID</code> and
      <code>CONSOLE_OIDC_CLIENT_SECRET</code> (and <code>CONSOLE_OIDC_ISSUER</code> unless it is <code>STAFF_JWT_ISSUER</code>).
    </p>`,
  });
}

/** After the provider's redirect (a cross-site navigation, on which the new SameSite=Strict cookie
 * would not be sent), the browser moves on from a page of ours, which makes the next request same-site. */
export function signedInPage(): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="refresh" content="0;url=/console" />
        <title>Signed in · handoff console</title>
        <link rel="stylesheet" href="/console/static/console.css" />
      </head>
      <body>
        <main id="main">
          <h1>Signed in</h1>
          <p><a href="/console">Continue to the console</a></p>
        </main>
      </body>
    </html>`.text;
}

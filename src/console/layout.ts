import { html, type Html } from '../shared/html/html';
import type { Staff, StaffRole } from '../staff-auth';
import type { ConsoleSession } from './sessions.service';

const NAV: Array<{ href: string; label: string; roles: StaffRole[] }> = [
  { href: '/console/sales', label: 'Sales', roles: ['sales', 'finance'] },
  { href: '/console/finance', label: 'Finance', roles: ['finance'] },
  { href: '/console/admin', label: 'Admin', roles: ['admin'] },
  { href: '/console/door', label: 'Door', roles: ['door', 'admin'] },
];

export interface PageOptions {
  title: string;
  session?: ConsoleSession | undefined;
  /** The nav entry to mark as the current page. */
  section?: string;
  body: Html;
}

/** Every console page: a skip link, one nav landmark, one main with one h1 (screen readers list
 * pages by their landmarks and headings), and a sign-out form that carries its CSRF token. */
export function page({ title, session, section, body }: PageOptions): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · handoff console</title>
        <link rel="stylesheet" href="/console/static/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <p class="brand"><a href="/console">handoff console</a></p>
          ${session ? nav(session.staff, section) : ''} ${session ? signOut(session) : ''}
        </header>
        <main id="main" tabindex="-1">
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.text;
}

function nav(staff: Staff, section: string | undefined): Html {
  const links = NAV.filter((n) => n.roles.some((r) => staff.roles.includes(r))).map(
    (n) => html`<li><a href="${n.href}" ${n.label === section ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
  );
  return html`<nav aria-label="Console">
    <ul>
      ${links}
    </ul>
  </nav>`;
}

function signOut(session: ConsoleSession): Html {
  return html`<form method="post" action="/console/sign-out" class="sign-out">
    ${csrfField(session)} <span>Signed in as <strong>${session.staff.sub}</strong> (${session.staff.roles.join(', ')})</span> <button type="submit">Sign out</button>
  </form>`;
}

export const csrfField = (session: ConsoleSession) => html`<input type="hidden" name="_csrf" value="${session.csrfToken}" />`;

/** A notice after an action (Post/Redirect/Get carries it as `?done=`): announced by screen readers. */
export const notice = (text: string | undefined) => (text ? html`<p class="notice" role="status">${text}</p>` : '');

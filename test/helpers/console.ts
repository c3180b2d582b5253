import request from 'supertest';
import type { TestApp } from './app';

/** A browser's side of the console, over supertest: the cookies it keeps and the CSRF token of
 * the last page it read. */
export class ConsoleBrowser {
  private jar = new Map<string, string>();
  csrf = '';
  constructor(private readonly t: TestApp) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: request.Response): request.Response {
    const set = res.headers['set-cookie'] as unknown as string[] | undefined;
    for (const line of set ?? []) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '');
    if (token) this.csrf = token[1]!;
    return res;
  }

  async get(path: string): Promise<request.Response> {
    return this.keep(await request(this.t.app).get(path).set('Cookie', this.cookieHeader()));
  }

  /** Posts a form as the page's own form would, with its CSRF token unless the fields say otherwise. */
  async post(path: string, fields: Record<string, string | string[]>, opts: { csrf?: boolean } = {}): Promise<request.Response> {
    const body = new URLSearchParams();
    if (opts.csrf !== false) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return this.keep(await request(this.t.app).post(path).set('Cookie', this.cookieHeader()).type('form').send(body.toString()));
  }

  /** Signs in through the development page. */
  async signIn(roles: string[], sub = 'sam'): Promise<void> {
    await this.get('/console/sign-in');
    const res = await this.post('/console/sign-in', { sub, roles });
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
    // The start page for the roles, as a browser lands on it: its forms carry the session's token.
    const home = await this.get('/console');
    await this.get(String(home.headers.location));
  }
}

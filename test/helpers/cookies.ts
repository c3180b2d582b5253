import type request from 'supertest';

/** The Set-Cookie lines of an answer, as a list (none: empty). */
export function setCookies(res: request.Response): string[] {
  const raw = res.headers['set-cookie'] as string[] | string | undefined;
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

/** The value our cookie was set to in an answer. */
export function prefillValue(res: request.Response): string {
  const line = setCookies(res).find((c) => c.startsWith('handoff_prefill='));
  if (!line) throw new Error('no handoff_prefill cookie was set');
  return line.slice('handoff_prefill='.length).split(';')[0]!;
}

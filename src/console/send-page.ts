import type { Response } from 'express';

/** Console pages hold personal data: never cached, never indexed. */
export function sendPage(res: Response, status: number, body: string): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(body);
}

/** The `?done=` code after a Post/Redirect/Get, as a string ('' when absent or not one). */
export const doneCode = (value: unknown) => (typeof value === 'string' ? value : '');

import type { Test } from 'supertest';

/** Reads the answer's body whole as a Buffer (a PDF, a downloaded file), whatever its content type. */
export function asBytes(req: Test): Test {
  return req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

import { z } from 'zod';

/** The shapes of the operations answers, for the API document. */
export const healthAnswer = z.object({ status: z.literal('ok') });
export const readyAnswer = z.object({ status: z.literal('ready') });
export const notReadyAnswer = z.object({ status: z.literal('database_unavailable') });

export const jwksAnswer = z
  .object({
    keys: z.array(
      z.object({
        kty: z.literal('EC'),
        crv: z.literal('P-256'),
        x: z.string(),
        y: z.string(),
        kid: z.string().describe('RFC 7638 thumbprint of the key'),
        alg: z.literal('ES256'),
        use: z.literal('sig'),
      }),
    ),
  })
  .meta({ id: 'Jwks', description: 'RFC 7517 key set: the public keys that verify our signed partner referrals' });

export const gpcAnswer = z.object({ gpc: z.boolean(), lastUpdate: z.string().describe('YYYY-MM-DD') }).describe('Global Privacy Control support resource (/.well-known/gpc.json)');

export const openApiAnswer = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) }).describe('An OpenAPI 3.1 document');

/**
 * RFC 6750 §2.1: `Bearer` 1*SP b64token. The scheme is case-insensitive (RFC 9110 §11.1), and the
 * optional whitespace around a field value is not part of it (RFC 9110 §5.5).
 */
const BEARER = /^[ \t]*Bearer +([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;

/** The token of an `Authorization: Bearer <token>` header; undefined for no header, another
 * scheme, or a token with characters a b64token cannot hold. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return BEARER.exec(authorization ?? '')?.[1];
}

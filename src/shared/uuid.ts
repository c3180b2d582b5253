const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An RFC 9562 UUID in its 8-4-4-4-12 hex text form, either case (PostgreSQL prints lower case). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

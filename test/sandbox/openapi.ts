/** A small validator for the Stripe OpenAPI subset (spec/openapi-subset.json, API 2023-08-16; see
 * spec/SOURCE.md). It checks what the conformance tests promise: required fields are present and
 * every present field has the right type, enum value and nullability. Unknown fields pass, because
 * Stripe has added fields since that spec version. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Schema {
  $ref?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  anyOf?: Schema[];
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  'x-stripeBypassValidation'?: boolean;
}

interface Operation {
  responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }>;
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const spec = JSON.parse(readFileSync(join(__dirname, 'spec', 'openapi-subset.json'), 'utf8')) as Spec;

function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = spec.components.schemas[name];
  if (!target) throw new Error(`dangling $ref ${schema.$ref}`);
  return resolve(target);
}

function checkAnyOf(schema: Schema, value: unknown, path: string): string[] {
  let best: string[] | undefined;
  for (const branch of schema.anyOf ?? []) {
    const errors = check(branch, value, path);
    if (errors.length === 0) return [];
    if (!best || errors.length < best.length) best = errors;
  }
  return [`${path}: matches no anyOf branch`, ...(best ?? [])];
}

function checkObject(schema: Schema, value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected object`];
  const record = value as Record<string, unknown>;
  const errors = (schema.required ?? []).filter((k) => !(k in record)).map((k) => `${path}.${k}: required`);
  for (const [key, item] of Object.entries(record)) {
    const sub = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (sub) errors.push(...check(sub, item, `${path}.${key}`));
  }
  return errors;
}

function checkScalar(schema: Schema, value: unknown, path: string): string[] {
  const ok =
    (schema.type === 'string' && typeof value === 'string') ||
    (schema.type === 'integer' && Number.isInteger(value)) ||
    (schema.type === 'number' && typeof value === 'number') ||
    (schema.type === 'boolean' && typeof value === 'boolean');
  if (!ok) return [`${path}: expected ${schema.type}, got ${JSON.stringify(value)}`];
  if (schema.enum && !schema['x-stripeBypassValidation'] && !schema.enum.includes(value)) {
    return [`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`];
  }
  return [];
}

function check(raw: Schema, value: unknown, path: string): string[] {
  const schema = resolve(raw);
  if (value === null) return schema.nullable ? [] : [`${path}: null is not allowed`];
  if (value === undefined) return [`${path}: undefined`];
  if (schema.anyOf) return checkAnyOf(schema, value, path);
  if (schema.type === 'array') {
    if (!Array.isArray(value)) return [`${path}: expected array`];
    return value.flatMap((item, i) => (schema.items ? check(schema.items, item, `${path}[${i}]`) : []));
  }
  if (schema.type === 'object' || schema.properties) return checkObject(schema, value, path);
  if (schema.type) return checkScalar(schema, value, path);
  return [];
}

/** Errors of `value` against components.schemas[name]; empty when it conforms. */
export function schemaErrors(name: string, value: unknown): string[] {
  const schema = spec.components.schemas[name];
  if (!schema) throw new Error(`no schema ${name}`);
  return check(schema, value, name);
}

/** Errors of a response body against the operation's response schema (status 200 or `default`). */
export function responseErrors(method: string, path: string, status: '200' | 'default', value: unknown): string[] {
  const operation = spec.paths[path]?.[method.toLowerCase()];
  const schema = operation?.responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no ${status} response for ${method} ${path}`);
  return check(schema, value, `${method} ${path}`);
}

/** Jest-friendly: throws with every error listed, so a failing test names the field. */
export function expectConforms(errors: string[]): void {
  if (errors.length > 0) throw new Error(`not conforming to the Stripe spec:\n${errors.join('\n')}`);
}

import type { z } from 'zod';
import { defaultResponses } from './openapi-defaults';
import type { ResponseDoc, RouteDoc } from './openapi-types';
import type { SchemaComponents } from './openapi-schemas';

/** `get /api/staff/orders/{id}/payments` → `getStaffOrdersByIdPayments`; `/api` says nothing. */
function derivedOperationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\//, '/')
    .split(/[/.\-_]+/)
    .filter(Boolean)
    .map((w) => (w.startsWith('{') ? `by-${w.slice(1, -1)}` : w).split('-'))
    .flat();
  return method + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** One route's OpenAPI operation object: its id, who may call it, its inputs and every answer. */
export function operation(r: RouteDoc, schemas: SchemaComponents) {
  return {
    operationId: r.operationId ?? derivedOperationId(r.method, r.path),
    summary: r.summary,
    ...(r.roles ? { description: `Roles: ${r.roles.join(', ')}.` } : {}),
    tags: [r.tag],
    security: r.auth === 'staff' || r.auth === 'order_token' ? [{ [r.auth]: [] }] : [],
    ...parameters(r, schemas),
    ...requestBody(r, schemas),
    responses: responses(r, schemas),
  };
}

function parameters(r: RouteDoc, schemas: SchemaComponents): { parameters?: unknown[] } {
  const out: unknown[] = [];
  const add = (where: 'query' | 'path', obj: z.ZodObject | undefined) => {
    for (const [name, field] of Object.entries(obj?.shape ?? {})) {
      const { description, ...schema } = schemas.convert(field as z.ZodType, 'input');
      const required = where === 'path' || !(field as z.ZodType).safeParse(undefined).success;
      out.push({ name, in: where, required, ...(description ? { description } : {}), schema });
    }
  };
  add('path', r.params);
  add('query', r.query);
  for (const [name, h] of Object.entries(r.headers ?? {})) {
    out.push({ name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } });
  }
  return out.length > 0 ? { parameters: out } : {};
}

function requestBody(r: RouteDoc, schemas: SchemaComponents): { requestBody?: unknown } {
  if (r.rawBody) {
    const { contentType, schema, description, required } = r.rawBody;
    return { requestBody: { description, required, content: { [contentType]: { schema: schemas.convert(schema, 'input') } } } };
  }
  if (!r.body) return {};
  // A body whose fields are all optional may be left out altogether.
  const required = !r.body.safeParse({}).success;
  const examples = r.examples ? { examples: r.examples } : {};
  return { requestBody: { required, content: { 'application/json': { schema: schemas.convert(r.body, 'input'), ...examples } } } };
}

function responses(r: RouteDoc, schemas: SchemaComponents): Record<string, unknown> {
  const all: Record<string, ResponseDoc> = { ...defaultResponses(r), ...r.responses };
  const order = (s: string) => (s === 'default' ? 1000 : Number(s));
  const out: Record<string, unknown> = {};
  for (const status of Object.keys(all).sort((a, b) => order(a) - order(b))) out[status] = response(status, all[status]!, schemas);
  return out;
}

function response(status: string, resp: ResponseDoc, schemas: SchemaComponents): unknown {
  const code = status === 'default' ? 500 : Number(status);
  if (code === 204) return { description: resp.description };
  if (code >= 300 && code < 400) return { description: resp.description, headers: { Location: { description: 'Where to go next', schema: { type: 'string' } } } };
  const isError = code >= 400;
  const type = resp.contentType ?? (isError ? 'application/problem+json' : 'application/json');
  const schema = resp.schema
    ? schemas.convert(resp.schema, 'output')
    : type.startsWith('text/')
      ? { type: 'string' }
      : type === 'application/pdf' || type === 'application/octet-stream'
        ? { type: 'string', format: 'binary' }
        : isError
          ? { $ref: '#/components/schemas/Problem' }
          : undefined;
  const example = resp.example === undefined ? {} : { example: resp.example };
  return { description: resp.description, content: { [type]: { ...(schema ? { schema } : {}), ...example } } };
}

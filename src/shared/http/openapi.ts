import { z } from 'zod';

/** The OpenAPI document is built from the same zod schemas that validate requests, so the two
 * cannot drift. Each capability registers its routes when its router is built. */
export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string; // OpenAPI style: /api/orders/{id}
  summary: string;
  tag: string;
  auth?: 'staff' | 'order_token' | 'none';
  roles?: string[];
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  headers?: Record<string, { required: boolean; description: string }>;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}

export class ApiDocs {
  private readonly routes: RouteDoc[] = [];

  add(...docs: RouteDoc[]): void {
    this.routes.push(...docs);
  }

  /** The methods documented for a concrete request path, for 405 answers. */
  methodsFor(requestPath: string): string[] {
    return this.routes
      .filter((r) => templateRegex(r.path).test(requestPath))
      .map((r) => r.method.toUpperCase());
  }

  document(): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      (paths[r.path] ??= {})[r.method] = operation(r);
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'handoff',
        version: '1.0.0',
        description: 'A checkout backend that never stores card data. Money is in minor units.',
      },
      paths,
      components: {
        securitySchemes: {
          staff: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Staff JWT with a `roles` claim' },
          order_token: { type: 'http', scheme: 'bearer', description: 'The order_token from POST /api/orders' },
        },
        schemas: { Problem: problemSchema },
      },
    };
  }
}

function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
}

function parameters(r: RouteDoc): unknown[] {
  const out: unknown[] = [];
  const add = (where: 'query' | 'path', obj: z.ZodObject | undefined) => {
    for (const [name, s] of Object.entries(obj?.shape ?? {})) {
      const schema = s as z.ZodType;
      out.push({ name, in: where, required: where === 'path' || !schema.safeParse(undefined).success, schema: jsonSchema(schema, 'input') });
    }
  };
  add('path', r.params);
  add('query', r.query);
  for (const [name, h] of Object.entries(r.headers ?? {})) {
    out.push({ name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } });
  }
  return out;
}

function operation(r: RouteDoc): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, resp] of Object.entries(r.responses)) {
    const type = resp.contentType ?? (Number(status) >= 400 ? 'application/problem+json' : 'application/json');
    const schema = resp.schema ? jsonSchema(resp.schema, 'output') : Number(status) >= 400 ? { $ref: '#/components/schemas/Problem' } : undefined;
    responses[status] = { description: resp.description, ...(schema || resp.contentType ? { content: { [type]: schema ? { schema } : {} } } : {}) };
  }
  return {
    summary: r.summary,
    tags: [r.tag],
    ...(r.auth && r.auth !== 'none' ? { security: [{ [r.auth]: [] }] } : {}),
    ...(r.roles ? { description: `Roles: ${r.roles.join(', ')}` } : {}),
    parameters: parameters(r),
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
    responses,
  };
}

import type { z } from 'zod';

/** The OpenAPI document is built from the same zod schemas that validate requests, so the two
 * cannot drift. Each capability registers its routes when its router is built. */
export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string; // OpenAPI style: /api/orders/{id}
  summary: string;
  tag: string;
  /** Stable and camelCase; derived from method and path (`getStaffOrdersById`) unless given. */
  operationId?: string;
  auth?: 'staff' | 'order_token' | 'none';
  roles?: string[];
  body?: z.ZodType;
  /** Named examples of `body`. */
  examples?: Record<string, { summary: string; value: unknown }>;
  /** A body the route reads itself rather than as parsed JSON: a signed event, a form. */
  rawBody?: { contentType: string; schema: z.ZodType; description: string; required: boolean };
  /** false where the route is mounted before the card guard (it reads its own raw body). */
  cardGuard?: false;
  query?: z.ZodObject;
  params?: z.ZodObject;
  headers?: Record<string, { required: boolean; description: string }>;
  responses: Record<number, ResponseDoc>;
}

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  /** application/json for answers, application/problem+json for errors, unless given. */
  contentType?: string;
  example?: unknown;
}

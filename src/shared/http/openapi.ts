import { PROBLEM } from './openapi-defaults';
import { operation } from './openapi-operation';
import { SchemaComponents } from './openapi-schemas';

export type { ResponseDoc, RouteDoc } from './openapi-types';
import type { RouteDoc } from './openapi-types';

/** Descriptions of the tags routes use, in the order the reference shows them. */
const TAGS: Record<string, string> = {
  Shoppers: 'The storefront, no login: catalog, orders, the order page, the return from the processor, remembered details, unsubscribing. An order is read with its order_token.',
  Processor: 'Signed events from the payment processor.',
  Staff: 'The sales desk: the order queue, payments received via sales, cancellations. A staff JWT with the role sales or finance.',
  Finance: 'Refunds and the streamed CSV exports. A staff JWT with the role finance.',
  Admin: 'The catalog and the reseller partners. A staff JWT with the role admin.',
  Privacy: 'The consent wording, the mailing list, data subject access and erasure.',
  Operations: 'Health, readiness, metrics, this reference and the published keys.',
  Licences: 'What licensed software reads: the signed revocation list (verify it with /.well-known/jwks.json).',
  Door: 'Ticket check-in at the event. A staff JWT with the role door (or admin).',
};

export class ApiDocs {
  private readonly routes: RouteDoc[] = [];

  /** `serverUrl`: where this deployment answers (PUBLIC_BASE_URL). */
  constructor(private readonly opts: { serverUrl: string }) {}

  add(...docs: RouteDoc[]): void {
    this.routes.push(...docs);
  }

  /** The methods documented for a concrete request path, for 405 answers. */
  methodsFor(requestPath: string): string[] {
    return this.routes.filter((r) => templateRegex(r.path).test(requestPath)).map((r) => r.method.toUpperCase());
  }

  document(): Record<string, unknown> {
    const schemas = new SchemaComponents();
    const paths: Record<string, Record<string, unknown>> = {};
    const ids = new Set<string>();
    for (const r of this.routes) {
      const op = operation(r, schemas);
      if (ids.has(op.operationId)) throw new Error(`OpenAPI: operationId ${op.operationId} is used twice; give one of its routes its own`);
      ids.add(op.operationId);
      (paths[r.path] ??= {})[r.method] = op;
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'handoff',
        version: '1.0.0',
        description:
          'A checkout backend that never stores card data. JSON in and out; money is an integer in minor units (4900 is 49.00 USD) beside an ISO 4217 currency. Every error is application/problem+json.',
        license: { name: 'Proprietary: UNLICENSED, all rights reserved', identifier: 'LicenseRef-Proprietary' },
      },
      servers: [{ url: this.opts.serverUrl, description: 'This deployment' }],
      tags: tagObjects(new Set(this.routes.map((r) => r.tag))),
      paths,
      components: {
        securitySchemes: {
          staff: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Staff JWT with a `roles` claim' },
          order_token: { type: 'http', scheme: 'bearer', description: 'The order_token from POST /api/orders' },
        },
        schemas: { Problem: PROBLEM, ...schemas.all() },
      },
    };
  }
}

/** The tags in use, known ones first in TAGS order; one without a description fails the linter. */
function tagObjects(used: Set<string>): Array<{ name: string; description?: string }> {
  const names = [...Object.keys(TAGS).filter((t) => used.has(t)), ...[...used].filter((t) => !(t in TAGS))];
  return names.map((name) => (TAGS[name] ? { name, description: TAGS[name] } : { name }));
}

function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const DEFS_REF = '#/$defs/';
const COMPONENTS_REF = '#/components/schemas/';

/**
 * zod → JSON Schema for the OpenAPI document. A schema named with `.meta({ id })` is lifted into
 * `components.schemas` and referenced wherever it is used, so a shape that several routes share is
 * one named thing in the reference and in clients generated from it.
 */
export class SchemaComponents {
  private readonly named = new Map<string, JsonSchema>();

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const override = (ctx: OverrideContext) => {
      withoutSafeIntegerBounds(ctx.jsonSchema);
      if (io === 'output') openAnswers(ctx);
    };
    const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', override }) as JsonSchema;
    // The dialect line belongs to a standalone JSON Schema; OpenAPI 3.1 sets the dialect itself.
    const { $schema: _dialect, $defs, ...root } = generated;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) this.name(id, toComponentRefs(def) as JsonSchema);
    return toComponentRefs(root) as JsonSchema;
  }

  /** The named schemas met so far, by name. */
  all(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.named].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** One id, one shape: an id reused for another schema, or for a schema whose input and output
   * differ (defaults, transforms), would silently document one of them wrongly. */
  private name(id: string, def: JsonSchema): void {
    const known = this.named.get(id);
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(def)) {
      throw new Error(`OpenAPI: two different schemas are named "${id}"; give each its own .meta({ id })`);
    }
    this.named.set(id, def);
  }
}

type OverrideContext = { zodSchema: unknown; jsonSchema: JsonSchema };

/** `.int()` alone says "a safe integer" as ±2^53 bounds, which renderers then show as the example
 * value; every JSON integer here is a safe one, so those two bounds say nothing. */
function withoutSafeIntegerBounds(json: JsonSchema): void {
  if (json.type !== 'integer') return;
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
}

/** zod closes every output object (`additionalProperties: false`); an answer may gain fields
 * (the contract lets it grow), so only what is `.strict()` in the code is documented as closed. */
function openAnswers(ctx: OverrideContext): void {
  const def = (ctx.zodSchema as { _zod: { def: { type: string; catchall?: unknown } } })._zod.def;
  if (def.type === 'object' && def.catchall === undefined && ctx.jsonSchema.additionalProperties === false) delete ctx.jsonSchema.additionalProperties;
}

function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      key === '$ref' && typeof v === 'string' && v.startsWith(DEFS_REF) ? COMPONENTS_REF + v.slice(DEFS_REF.length) : toComponentRefs(v),
    ]),
  );
}

import type { z } from 'zod';
import { AppError, type FieldError } from '../errors';

/** Field errors name the field and never echo its value (which might be a card number). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...base, key].join('.'), message: 'Unknown field.' });
    } else {
      out.push({ path: base.join('.') || '(root)', message: issue.message });
    }
  }
  return out;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const status = where === 'body' ? 422 : 400;
  throw new AppError(status, 'validation_failed', status === 422 ? 'Unprocessable content' : 'Bad request', {
    detail: `The request ${where === 'body' ? 'body' : where === 'query' ? 'query string' : 'path'} has invalid fields.`,
    errors: fieldErrors(parsed.error),
  });
}

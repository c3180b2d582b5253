/** Reads form parameters the way Stripe validates them, naming the exact `param` in every error
 * (`line_items[0][price_data][currency]`). */
import { invalidRequest, missingParam, unknownParam } from './errors';
import type { FormObject, FormValue } from './form';

interface Opts {
  required?: boolean;
}

const EMPTY_HINT = (name: string) =>
  `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`;

export class Params {
  constructor(
    readonly data: FormObject,
    readonly prefix = '',
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  /** Stripe rejects any parameter it does not know; so does the sandbox, rather than ignore it. */
  known(keys: readonly string[]): this {
    for (const key of Object.keys(this.data)) if (!keys.includes(key)) throw unknownParam(this.name(key));
    return this;
  }

  has(key: string): boolean {
    return this.data[key] !== undefined;
  }

  private raw(key: string, opts: Opts): FormValue | undefined {
    const value = this.data[key];
    if (value === undefined && opts.required) throw missingParam(this.name(key));
    return value;
  }

  string(key: string, opts: Opts & { max?: number } = {}): string | undefined {
    const value = this.raw(key, opts);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${this.name(key)} must be a string.`, this.name(key), 'parameter_invalid_string');
    if (value === '') throw invalidRequest(EMPTY_HINT(this.name(key)), this.name(key), 'parameter_invalid_empty');
    const max = opts.max ?? 5000;
    if (value.length > max) throw invalidRequest(`Invalid string: ${value.slice(0, 20)}...; must be at most ${max} characters`, this.name(key), 'string_length_exceeds_maximum');
    return value;
  }

  integer(key: string, opts: Opts & { min?: number; max?: number } = {}): number | undefined {
    const text = this.string(key, { ...opts, max: 20 });
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) throw invalidRequest(`Invalid integer: ${text}`, this.name(key), 'parameter_invalid_integer');
    const value = Number(text);
    if (opts.min !== undefined && value < opts.min) throw invalidRequest(`This value must be greater than or equal to ${opts.min}.`, this.name(key), 'parameter_invalid_integer');
    if (opts.max !== undefined && value > opts.max) throw invalidRequest(`This value must be less than or equal to ${opts.max}.`, this.name(key), 'parameter_invalid_integer');
    return value;
  }

  boolean(key: string, opts: Opts = {}): boolean | undefined {
    const text = this.string(key, opts);
    if (text === undefined) return undefined;
    if (text !== 'true' && text !== 'false') throw invalidRequest(`Invalid boolean: ${text}`, this.name(key));
    return text === 'true';
  }

  oneOf<T extends string>(key: string, values: readonly T[], opts: Opts = {}): T | undefined {
    const text = this.string(key, opts);
    if (text === undefined) return undefined;
    if (!(values as readonly string[]).includes(text)) {
      throw invalidRequest(`Invalid ${this.name(key)}: must be one of ${values.join(', ')}`, this.name(key), 'parameter_invalid');
    }
    return text as T;
  }

  object(key: string, opts: Opts = {}): Params | undefined {
    const value = this.raw(key, opts);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest(`Invalid object: ${this.name(key)} must be a hash.`, this.name(key));
    return new Params(value, this.name(key));
  }

  /** An array of hashes, e.g. `line_items[0][...]`. */
  objects(key: string, opts: Opts = {}): Params[] | undefined {
    const value = this.raw(key, opts);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw invalidRequest(`Invalid array: ${this.name(key)} must be an array.`, this.name(key));
    return value.map((item, i) => {
      if (typeof item !== 'object' || Array.isArray(item)) throw invalidRequest(`Invalid object: ${this.name(key)}[${i}] must be a hash.`, `${this.name(key)}[${i}]`);
      return new Params(item, `${this.name(key)}[${i}]`);
    });
  }

  /** An array of strings, e.g. `expand[]=a&expand[]=b`. */
  strings(key: string, opts: Opts = {}): string[] | undefined {
    const value = this.raw(key, opts);
    if (value === undefined) return undefined;
    const list = typeof value === 'string' && value === '' ? [] : value;
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
      throw invalidRequest(`Invalid array: ${this.name(key)} must be an array of strings.`, this.name(key));
    }
    return list;
  }

  /** Stripe's metadata rules: at most 50 keys, keys up to 40 and values up to 500 characters;
   * an empty value removes the key. */
  metadata(key: string): Record<string, string> | undefined {
    const value = this.raw(key, {});
    if (value === undefined) return undefined;
    if (value === '') return {};
    if (typeof value !== 'object') throw invalidRequest('Invalid metadata: metadata must be a hash.', this.name(key));
    // Keys like metadata[0] arrive as an array from the form parser; they are still keys here.
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length > 50) throw invalidRequest('Invalid metadata: metadata can have at most 50 keys.', this.name(key));
    const out: Record<string, string> = {};
    for (const [k, v] of entries) {
      const name = `${this.name(key)}[${k}]`;
      if (typeof v !== 'string') throw invalidRequest(`Invalid metadata: ${name} must be a string.`, name);
      if (k.length > 40) throw invalidRequest(`Metadata keys can have up to 40 characters; ${k.slice(0, 20)}... is too long.`, name);
      if (v.length > 500) throw invalidRequest(`Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`, name);
      if (v !== '') out[k] = v;
    }
    return out;
  }

  /** Stripe's update semantics: keys merge into `current`, an empty value removes its key, and
   * `metadata=` (empty) clears them all. */
  metadataUpdate(key: string, current: Record<string, string>): Record<string, string> | undefined {
    const raw = this.data[key];
    if (raw === undefined) return undefined;
    const next = { ...current, ...this.metadata(key) };
    if (typeof raw === 'string') return {};
    for (const [k, v] of Object.entries(raw)) if (v === '') delete next[k];
    return next;
  }
}

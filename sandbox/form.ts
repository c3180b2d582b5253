/** Stripe's form encoding: `line_items[0][price_data][currency]=usd`, `expand[]=x`, `metadata[k]=v`.
 * Bodies (POST) and query strings (GET) use the same syntax. Containers whose keys are all indexes
 * become arrays, as Stripe (and qs) read them. */
import { invalidRequest } from './errors';

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

const MAX_DEPTH = 8;
const MAX_PAIRS = 2000;

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw invalidRequest(`Invalid request: malformed percent-encoding in '${text.slice(0, 40)}'.`);
  }
}

function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw invalidRequest(`Invalid parameter name: ${key}`, key);
  const path = [match[1] as string, ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] as string)];
  if (path.length > MAX_DEPTH) throw invalidRequest(`Parameter nested too deeply: ${key}`, key);
  return path;
}

function setPath(root: FormObject, path: string[], value: string, fullKey: string): void {
  let node: FormObject = root;
  path.forEach((raw, i) => {
    // `[]` appends: give it the next free index so it sorts after the existing items.
    const segment = raw === '' ? String(Object.keys(node).length) : raw;
    const last = i === path.length - 1;
    const existing = node[segment];
    if (last) {
      if (existing !== undefined && typeof existing !== 'string') throw invalidRequest(`Invalid hash: ${fullKey} mixes a value and nested keys.`, fullKey);
      node[segment] = value;
      return;
    }
    if (typeof existing === 'string') throw invalidRequest(`Invalid hash: ${fullKey} mixes a value and nested keys.`, fullKey);
    node = (existing as FormObject | undefined) ?? (node[segment] = {});
  });
}

function arraysFromIndexes(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = arraysFromIndexes(value[key] as FormValue);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => value[k] as FormValue);
  }
  return value;
}

/** One path segment (an object id), percent-decoded; malformed encoding is a 400, not a crash. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidRequest(`Invalid request: malformed percent-encoding in the path segment '${segment.slice(0, 40)}'.`);
  }
}

/** Parses `application/x-www-form-urlencoded` text into nested objects and arrays. */
export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  const pairs = text.split('&').filter((p) => p.length > 0);
  if (pairs.length > MAX_PAIRS) throw invalidRequest(`Too many parameters (${pairs.length}).`);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    setPath(root, splitKey(key), value, key);
  }
  for (const key of Object.keys(root)) root[key] = arraysFromIndexes(root[key] as FormValue);
  return root;
}

/** A stable text form of parameters, for comparing an idempotent retry with the first request. */
export function canonical(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] as FormValue)}`).join(',')}}`;
}

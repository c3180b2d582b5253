/**
 * A small subset of Mustache, enough for our emails and no more: `{{name}}` and `{{a.b}}` put a
 * value in; `{{#name}}…{{/name}}` repeats for each item of a list (or shows once for any other true
 * value), with the item's fields in scope; `{{^name}}…{{/name}}` shows when the value is missing,
 * false or an empty list. No logic, no partials, no raw output: in `html` every value is escaped,
 * so a shopper's name cannot become markup. Written here rather than taken from a package: it is
 * forty lines, and the maintained engines bring helpers and raw `{{{…}}}` output we do not want.
 */
export type TemplateView = Record<string, unknown>;
export type Escaping = 'text' | 'html';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

const SECTION = /\{\{([#^])\s*([\w.]+)\s*\}\}([\s\S]*?)\{\{\/\s*\2\s*\}\}/g;
const VALUE = /\{\{\s*([\w.]+)\s*\}\}/g;

export function renderTemplate(template: string, view: TemplateView, escaping: Escaping): string {
  return render(template, [view], escaping);
}

function render(template: string, scopes: TemplateView[], escaping: Escaping): string {
  const sections = template.replace(SECTION, (_m, kind: string, name: string, inner: string) => {
    const value = lookup(scopes, name);
    const empty = value === undefined || value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0);
    if (kind === '^') return empty ? render(inner, scopes, escaping) : '';
    if (empty) return '';
    const items: unknown[] = Array.isArray(value) ? value : [value];
    return items.map((item) => render(inner, typeof item === 'object' ? [item as TemplateView, ...scopes] : scopes, escaping)).join('');
  });
  return sections.replace(VALUE, (_m, name: string) => {
    const value = lookup(scopes, name);
    if (value === undefined || value === null) throw new Error(`template value ${name} is missing`);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new Error(`template value ${name} is not text`);
    const text = String(value);
    return escaping === 'html' ? escapeHtml(text) : text;
  });
}

/** The nearest scope that has the first part of the name, then down its dotted path. */
function lookup(scopes: TemplateView[], name: string): unknown {
  const [first, ...rest] = name.split('.');
  const scope = scopes.find((s) => first! in s);
  return rest.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as TemplateView)[key] : undefined), scope?.[first!]);
}

import { businessCounter } from '../shared/business-metrics';

const refused = businessCounter('card_numbers_refused_total', 'Requests refused because a field held a card number or was a card field, by field (list indices as *)', ['field']);

/** A label is a field's shape, never what was typed: a segment that is not a plain name (a key
 * that is itself digits, say) becomes `?`, so no card number can reach /metrics; past MAX_FIELDS
 * distinct shapes (keys a client invents) the rest count as `other`. */
const MAX_FIELDS = 100;
const seen = new Set<string>();

export function fieldLabel(path: string): string {
  const label = path
    .split('.')
    .map((segment) => (/^\d+$/.test(segment) ? '*' : isPlainName(segment) ? segment : '?'))
    .join('.')
    .slice(0, 120);
  if (seen.has(label)) return label;
  if (seen.size >= MAX_FIELDS) return 'other';
  seen.add(label);
  return label;
}

/** Letters first, at most 40 characters, at most 3 digits (`address_line_2`, never a card number). */
const isPlainName = (segment: string) => /^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(segment) && (segment.match(/\d/g)?.length ?? 0) <= 3;

export function countRefusedFields(paths: string[]): void {
  for (const path of new Set(paths.map(fieldLabel))) refused.inc({ field: path });
}

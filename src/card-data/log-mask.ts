import { CARD_MASK, findCardNumbers } from './detect';

/** Masks every card number in a serialized log line, keeping it valid JSON: inside a string the
 * mask replaces the digits; a bare JSON number becomes the mask as a string. The logger runs it on
 * every line as written, whatever was logged and however. */
export function maskLogLine(line: string): string {
  const spans = findCardNumbers(line);
  if (spans.length === 0) return line;
  let out = '';
  let cursor = 0;
  let scanned = 0;
  let inString = false;
  for (const { start, end } of spans) {
    for (; scanned < start; scanned++) {
      if (inString && line[scanned] === '\\') scanned++;
      else if (line[scanned] === '"') inString = !inString;
    }
    let from = start;
    let to = end;
    if (!inString) {
      while (from > cursor && /[-+.0-9eE]/.test(line[from - 1]!)) from--;
      while (to < line.length && /[-+.0-9eE]/.test(line[to]!)) to++;
    }
    out += line.slice(cursor, from) + (inString ? CARD_MASK : JSON.stringify(CARD_MASK));
    cursor = to;
  }
  return out + line.slice(cursor);
}

import { maskCardNumbers } from '../card-data';
import type { CsvColumn } from './csv-sql';

/**
 * The last check before an export line leaves: every free-text cell (names, emails, references)
 * goes through the card-number detector under its column's name, and a card number in one is
 * masked. Checked cell by cell, not line by line: dates and amounts side by side would read as
 * digit groups of one number. Other cells are kept byte for byte, so a clean line is returned as
 * PostgreSQL built it.
 */
export function cardCheckedLines(columns: CsvColumn[]): (line: string) => string {
  const freeText = columns.map((c) => c.quote === true);
  return (line) => {
    const cells = splitCsvLine(line);
    let changed = false;
    for (let i = 0; i < cells.length; i++) {
      if (!freeText[i]) continue;
      const value = unquote(cells[i]!);
      const masked = maskCardNumbers(value, columns[i]!.name);
      if (masked !== value) {
        cells[i] = csvQuoted(masked);
        changed = true;
      }
    }
    return changed ? cells.join(',') : line;
  };
}

/** The cells of one RFC 4180 line as written, quotes included. */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(line.slice(start, i));
      start = i + 1;
    }
  }
  cells.push(line.slice(start));
  return cells;
}

const unquote = (cell: string) => (cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell);

/** As csv-sql.ts quotes in SQL and COPY in CSV: only a cell holding a comma, quote, CR or LF. */
export const csvQuoted = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/** A strict RFC 4180 reader for the tests: quoted cells, doubled quotes, CRLF line ends. It throws
 * on anything a spreadsheet would have to guess about. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('unterminated quoted cell');
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (text[i] === '"') break;
        else cell += text[i];
      }
      i++;
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote in an unquoted cell at ${i}`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i) || i >= text.length) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`expected CRLF or comma at ${i}, found ${JSON.stringify(text[i])}`);
  }
  return rows;
}

/** Rows as objects keyed by the header row. */
export function csvRecords(text: string): { header: string[]; records: Array<Record<string, string>> } {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('no header row');
  for (const r of rows) if (r.length !== header.length) throw new Error(`row with ${r.length} cells, header has ${header.length}`);
  return { header, records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!]))) };
}

/** One figure of a benchmark, printed beside a reference measured in the same run. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  reference: { name: string; value: number };
  /** How to read the ratio: 'higher' when more is better (throughput), 'lower' for latency/memory. */
  better: 'higher' | 'lower';
  note?: string;
}

export interface Bench {
  name: string;
  run(): Promise<BenchRow[]>;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export function printTable(rows: BenchRow[]): string {
  const lines = rows.map((r) => {
    const ratio = r.reference.value === 0 ? NaN : r.value / r.reference.value;
    return [
      r.name,
      `${fmt(r.value)} ${r.unit}`,
      `${r.reference.name}: ${fmt(r.reference.value)} ${r.unit}`,
      `${Number.isNaN(ratio) ? 'n/a' : ratio.toFixed(2)} (${r.better} is better)`,
      r.note ?? '',
    ];
  });
  const header = ['figure', 'value', 'reference (same run)', 'ratio', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(row)].join('\n');
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared corpus (`../shared/card-data/corpus.json` from the repository root: CI lays shared/
 * beside the clone) and more cases made here from other public test numbers and separators, so
 * that the tests are not the corpus alone. */

export interface CorpusCase {
  name: string;
  text: string;
  /** For `pass` cases: the field it must be accepted in (`phone`, `reference`, `company`, `reason`). */
  field?: string;
}

interface Corpus {
  pans: Record<string, string>;
  refuse: CorpusCase[];
  pass: Array<CorpusCase & { field: string }>;
  opaque: CorpusCase[];
}

const ROOT = path.resolve(__dirname, '../..');
const IN_SHARED = path.join('shared', 'card-data', 'corpus.json');

/** `shared/` beside the clone, as CI lays it; a git worktree one folder deeper finds it beside its parent. */
function corpusPath(): string {
  for (let dir = path.dirname(ROOT); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, IN_SHARED))) return path.join(dir, IN_SHARED);
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`The card-data corpus is missing: expected ${path.join(path.dirname(ROOT), IN_SHARED)} (shared/ beside the repository, as CI lays it).`);
}

function loadCorpus(): Corpus {
  const file = corpusPath();
  const corpus = JSON.parse(readFileSync(file, 'utf8')) as Corpus;
  if (corpus.refuse.length === 0 || corpus.pass.length === 0 || corpus.opaque.length === 0) throw new Error(`${file} has an empty section`);
  return corpus;
}

export const CORPUS = loadCorpus();

/** The networks' public test numbers beyond the corpus, with the grouping printed on the card. */
export const TEST_PANS: Array<[network: string, pan: string, groups: number[]]> = [
  ['Visa', '4012888888881881', [4, 4, 4, 4]],
  ['Visa 19', '4917610000000000003', [4, 4, 4, 4, 3]],
  ['Mastercard 2-series', '2223003122003222', [4, 4, 4, 4]],
  ['Mastercard 2-series', '2720990000000007', [4, 4, 4, 4]],
  ['Amex', '371449635398431', [4, 6, 5]],
  ['Discover', '6011000990139424', [4, 4, 4, 4]],
  ['Discover 644', '6445644564456445', [4, 4, 4, 4]],
  ['JCB', '3566002020360505', [4, 4, 4, 4]],
  ['Diners 14', '30569309025904', [4, 6, 4]],
  ['Diners 16', '3056930009020004', [4, 4, 4, 4]],
  ['UnionPay 16', '6250946000000016', [4, 4, 4, 4]],
  ['UnionPay 19', '6205500000000000004', [6, 13]],
  ['Maestro 16', '6771798021000008', [4, 4, 4, 4]],
  ['Maestro 19', '6799990100000000019', [4, 4, 4, 4, 3]],
];

/** Separators people and programs put between groups, single and repeated. */
const SEPARATORS = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '/',
  '_',
  ',',
  ':',
  '*',
  '~',
  '|',
  '.',
  '-',
  ' - ',
  '--',
  '\u2010',
  '\u2011',
  '\u2012',
  '\u2013',
  '\u2014',
  '\u2212',
  '\uFE63',
  '\uFF0D',
  '\u3000',
  '\u00A0',
  '. ',
  ', ',
  ')(',
  '*-*',
];
/** What may stand right before or after the digits. */
const AFFIXES: Array<[before: string, after: string]> = [
  ['', ''],
  ['CC', ''],
  ['', 'ab'],
  ['+', ''],
  ['Visa:', 'exp'],
  ['#', '#'],
  ['(', ')'],
  ['card no.', '.'],
];
const SCRIPTS: Array<[name: string, zero: number]> = [
  ['ASCII', 0x30],
  ['full-width', 0xff10],
  ['Arabic-Indic', 0x0660],
  ['Devanagari', 0x0966],
  ['Bengali', 0x09e6],
  ['Thai', 0x0e50],
  ['mathematical bold', 0x1d7ce],
];

export const grouped = (pan: string, groups: number[], sep: string) => {
  const parts: string[] = [];
  for (let at = 0, i = 0; i < groups.length; at += groups[i]!, i++) parts.push(pan.slice(at, at + groups[i]!));
  return parts.join(sep);
};
const inScript = (zero: number, text: string) => text.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));

/** Every test number with every separator, then with affixes and scripts in turn: deterministic,
 * so a failure names the same case on every run. */
export function generatedRefuseCases(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  TEST_PANS.forEach(([network, pan, groups], n) => {
    for (const sep of SEPARATORS) cases.push({ name: `${network} ${pan} split by ${JSON.stringify(sep)}`, text: grouped(pan, groups, sep) });
    const [before, after] = AFFIXES[n % AFFIXES.length]!;
    const [script, zero] = SCRIPTS[n % SCRIPTS.length]!;
    const sep = SEPARATORS[(n * 7) % SEPARATORS.length]!;
    cases.push({
      name: `${network} ${pan} in ${script} digits between ${JSON.stringify(before)} and ${JSON.stringify(after)}`,
      text: `${before}${inScript(zero, grouped(pan, groups, sep))}${after}`,
    });
  });
  return cases;
}

/** A few generated cases per test number, for tests that send each case over HTTP many times. */
export function sampledRefuseCases(): CorpusCase[] {
  return generatedRefuseCases().filter((_, i) => i % 7 === 0);
}

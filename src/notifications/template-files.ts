import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The email texts live in `templates/` beside this file: `<kind>.txt` (a `Subject:` line, a
 * blank line, the body) and, for some kinds, `<kind>.html`. `{{> name}}` pulls in `_name.<ext>`
 * (the item lines, the signature, the opening of every HTML email) when a file is read. Read once per process: they ship with the
 * code (npm run build copies them) and do not change while it runs. */
const DIR = path.join(__dirname, 'templates');

export interface TemplateFiles {
  subject: string;
  text: string;
  html: string | undefined;
}

const cache = new Map<string, TemplateFiles>();

export function templateFiles(kind: string): TemplateFiles {
  let files = cache.get(kind);
  if (!files) {
    const [subjectLine, ...rest] = read(`${kind}.txt`, 'txt').split('\n\n');
    if (!subjectLine?.startsWith('Subject: ')) throw new Error(`templates/${kind}.txt must start with a Subject: line`);
    const htmlFile = `${kind}.html`;
    files = { subject: subjectLine.slice('Subject: '.length), text: rest.join('\n\n'), html: existsSync(path.join(DIR, htmlFile)) ? read(htmlFile, 'html') : undefined };
    cache.set(kind, files);
  }
  return files;
}

function read(file: string, ext: string): string {
  const content = readFileSync(path.join(DIR, file), 'utf8');
  return content.replace(/\{\{>\s*([\w-]+)\s*\}\}/g, (_m, name: string) => read(`_${name}.${ext}`, ext).replace(/\n$/, ''));
}

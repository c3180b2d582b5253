import { execFile } from 'node:child_process';

/** The text of a PDF, read back with pdf-parse. It runs in a child Node process: pdf-parse loads
 * pdf.js, whose worker is an ES module that jest's CommonJS sandbox cannot import. */
export function pdfText(pdf: Buffer): Promise<string> {
  const script = `
    const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      process.stdout.write((await parser.getText()).text);
      await parser.destroy();
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], { cwd: __dirname, maxBuffer: 10 * 1024 * 1024 }, (err: Error | null, stdout: string) =>
      err ? reject(err) : resolve(stdout),
    );
    child.stdin!.end(pdf);
  });
}

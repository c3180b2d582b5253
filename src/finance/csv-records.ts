import { Transform, type TransformCallback } from 'node:stream';

const LF = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;
const FLAGGED = 0x31; // '1'

/**
 * Turns the records of `exportCopySql`'s COPY into the export's lines, on the bytes as they
 * stream: the leading flag cell is dropped, each record ends in CRLF instead of COPY's LF (a line
 * break inside a quoted cell stays as it is, as before), and only a flagged record is decoded and
 * passed to `checkLine` (the card-number check). A record may be split across chunks: its start
 * waits for the next one. No progress for `stallMs` (a client that stopped reading, or a query
 * that never answers) fails the stream, which ends the snapshot.
 */
export class CsvRecords extends Transform {
  rows = 0;
  private tail: Buffer | undefined;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    private readonly checkLine: (line: string) => string,
    stallMs: number,
  ) {
    super();
    this.watchdog = setTimeout(() => this.destroy(new Error(`the export made no progress for ${stallMs} ms`)), stallMs).unref();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.watchdog.refresh();
    const buf = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    const out = new Output(buf.length, (b) => this.push(b));
    let start = 0;
    let quote = buf.indexOf(QUOTE);
    for (;;) {
      const body = start + (buf[start] === FLAGGED ? 2 : 1);
      if (body >= buf.length) break;
      if (buf[body - 1] !== COMMA) return done(new Error('a COPY record without its flag cell'));
      if (quote !== -1 && quote < body) quote = buf.indexOf(QUOTE, body);
      const end = recordEnd(buf, body, quote);
      if (end === -1) break;
      quote = end.quote;
      if (body - start === 2) out.line(Buffer.from(this.checkLine(buf.toString('utf8', body, end.lf)), 'utf8'), 0, undefined);
      else out.line(buf, body, end.lf);
      this.rows++;
      start = end.lf + 1;
    }
    this.tail = start < buf.length ? buf.subarray(start) : undefined;
    out.flush();
    done();
  }

  override _flush(done: TransformCallback): void {
    clearTimeout(this.watchdog);
    done(this.tail ? new Error('the COPY ended inside a record') : null);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.watchdog);
    done(error);
  }
}

/** Where the record starting at `from` ends (its LF outside quotes), given the first quote at or
 * after `from` (-1: none in the buffer); -1 when the buffer ends first. Also the first quote
 * after the record, so each byte is searched once. */
function recordEnd(buf: Buffer, from: number, firstQuote: number): { lf: number; quote: number } | -1 {
  let pos = from;
  let quote = firstQuote;
  for (;;) {
    const lf = buf.indexOf(LF, pos);
    if (lf === -1) return -1;
    if (quote === -1 || quote > lf) return { lf, quote };
    // A quoted cell: its closing quote (a doubled quote closes and reopens, so pairs suffice).
    const close = buf.indexOf(QUOTE, quote + 1);
    if (close === -1) return -1;
    pos = close + 1;
    quote = buf.indexOf(QUOTE, pos);
  }
}

/** The lines of one chunk, copied into one buffer: a masked line may be longer than its record,
 * so the buffer is pushed and another begun when it runs out. */
class Output {
  private buf: Buffer;
  private at = 0;

  constructor(
    private readonly size: number,
    private readonly push: (b: Buffer) => void,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  line(source: Buffer, from: number, to: number | undefined): void {
    const length = (to ?? source.length) - from;
    if (this.at + length + 2 > this.buf.length) {
      this.flush();
      this.buf = Buffer.allocUnsafe(Math.max(this.size, length + 2));
      this.at = 0;
    }
    this.at += source.copy(this.buf, this.at, from, to);
    this.buf[this.at++] = 0x0d;
    this.buf[this.at++] = LF;
  }

  flush(): void {
    if (this.at > 0) this.push(this.buf.subarray(0, this.at));
    this.at = 0;
  }
}

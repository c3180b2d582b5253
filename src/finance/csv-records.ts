import { Transform, type TransformCallback } from 'node:stream';
import { CsvLines } from './csv-cells';
import type { CsvColumn } from './csv-sql';

/** PGCOPY\n\377\r\n\0, then 32 bits of flags and the length of a header extension. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = SIGNATURE.length + 8;

/**
 * Turns the tuples of `exportCopySql`'s binary COPY into the export's CSV lines as they stream:
 * each tuple is a field count and length-prefixed fields (no delimiters to search for, no
 * escapes), written out by `CsvLines`. A tuple may be split across chunks: its start waits for the
 * next one. No progress for `stallMs` (a client that stopped reading, or a query that never
 * answers) fails the stream, which ends the snapshot.
 */
export class CsvRecords extends Transform {
  rows = 0;
  /** The start of a tuple the last chunk ended inside, copied to the front of `staging`. */
  private tailBytes = 0;
  private staging: Buffer = Buffer.allocUnsafe(0);
  private started = false;
  private ended = false;
  private readonly fields: number;
  private readonly lines: CsvLines;
  private readonly watchdog: NodeJS.Timeout;

  constructor(columns: CsvColumn[], stallMs: number) {
    super();
    this.fields = columns.length + 1;
    this.lines = new CsvLines(columns, (b) => this.push(b));
    this.watchdog = setTimeout(() => this.destroy(new Error(`the export made no progress for ${stallMs} ms`)), stallMs).unref();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.watchdog.refresh();
    const buf = this.tailBytes > 0 ? this.joined(chunk) : chunk;
    let pos = 0;
    if (!this.started) {
      if (buf.length < HEADER) return this.keep(buf, 0, done);
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return done(new Error('not a binary COPY'));
      pos = HEADER + buf.readUInt32BE(HEADER - 4);
      if (pos > buf.length) return this.keep(buf, 0, done);
      this.started = true;
    }
    while (!this.ended && pos + 2 <= buf.length) {
      const count = (buf[pos]! << 8) | buf[pos + 1]!;
      if (count === 0xffff) {
        this.ended = true;
        pos += 2;
        break;
      }
      if (count !== this.fields) return done(new Error(`a COPY tuple of ${count} fields, not ${this.fields}`));
      const end = this.lines.line(buf, pos + 2);
      if (end === -1) break;
      this.rows++;
      pos = end;
    }
    this.lines.flush();
    this.keep(buf, pos, done);
  }

  override _flush(done: TransformCallback): void {
    clearTimeout(this.watchdog);
    done(this.tailBytes > 0 || !this.ended ? new Error('the COPY ended inside a record') : null);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.watchdog);
    done(error);
  }

  /** The rest of `buf` from `from` waits for the next chunk, in a buffer kept from chunk to chunk
   * (a new one for each would be garbage at the rate of the export). */
  private keep(buf: Buffer, from: number, done: TransformCallback): void {
    this.tailBytes = buf.length - from;
    if (this.tailBytes > this.staging.length) this.staging = Buffer.allocUnsafe(Math.max(2 * this.tailBytes, 64 * 1024));
    buf.copy(this.staging, 0, from);
    done();
  }

  private joined(chunk: Buffer): Buffer {
    const length = this.tailBytes + chunk.length;
    if (length > this.staging.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * length, 128 * 1024));
      this.staging.copy(grown, 0, 0, this.tailBytes);
      this.staging = grown;
    }
    chunk.copy(this.staging, this.tailBytes);
    return this.staging.subarray(0, length);
  }
}

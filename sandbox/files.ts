import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';

/** Writes aside, then renames: a reader (another process starting on the same data dir) sees the
 * whole file or none of it. */
export function writeAtomically(path: string, text: string, mode: number): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, text, { mode });
  renameSync(temp, path);
}

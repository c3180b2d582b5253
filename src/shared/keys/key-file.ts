import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, link, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';

const OWNER_ONLY = 0o600;

/**
 * Reads `dataDir/fileName` as JSON, creating it first with `create()` when it does not exist.
 *
 * Two processes may start at once on a fresh data dir. Each writes its candidate to its own temp
 * file (mode 0600, fsynced) and publishes it with link(2), which fails when the name already
 * exists, so the first writer wins and everyone re-reads the winner. rename(2) would replace the
 * file: a process that had already read its own key would keep signing with a key nobody else has.
 * A file that exists but does not parse is an error, never regenerated: a new key would silently
 * invalidate every token and referral signed with the old one.
 */
export async function readOrCreateKeyFile<T>(dataDir: string, fileName: string, create: () => Promise<T>, parse: (raw: unknown) => T): Promise<T> {
  const path = join(dataDir, fileName);
  const existing = await readOwnerOnly(path);
  if (existing !== undefined) return parseFile(path, existing, parse);

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temp = join(dataDir, `.${fileName}.${process.pid}.${randomUUID()}.tmp`);
  try {
    await writeSynced(temp, JSON.stringify(await create()));
    await link(temp, path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  } finally {
    await rm(temp, { force: true });
  }
  const winner = await readOwnerOnly(path);
  if (winner === undefined) throw new Error(`${path} vanished right after it was created`);
  return parseFile(path, winner, parse);
}

async function writeSynced(path: string, text: string): Promise<void> {
  const file = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, OWNER_ONLY);
  try {
    await file.writeFile(text, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Undefined when the file does not exist; a file readable by others is narrowed back to 0600. */
async function readOwnerOnly(path: string): Promise<string | undefined> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const { mode } = await file.stat();
    if ((mode & 0o077) !== 0 && process.platform !== 'win32') await chmod(path, OWNER_ONLY);
    return await file.readFile('utf8');
  } finally {
    await file.close();
  }
}

function parseFile<T>(path: string, text: string, parse: (raw: unknown) => T): T {
  try {
    return parse(JSON.parse(text));
  } catch (err) {
    throw new Error(`Key file ${path} is unreadable (${(err as Error).message}); restore it or remove it to start over`, { cause: err });
  }
}

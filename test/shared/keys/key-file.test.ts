import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOrCreateKeyFile } from '../../../src/shared/keys/key-file';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'handoff-key-file-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const asText = (raw: unknown) => {
  if (typeof raw !== 'string') throw new Error('expected a string');
  return raw;
};

describe('creating a key file when another process may be doing the same', () => {
  it('keeps the key another process published while ours was being generated, and returns that one', async () => {
    const path = join(dataDir, 'k.json');
    const ours = await readOrCreateKeyFile(
      dataDir,
      'k.json',
      async () => {
        await writeFile(path, JSON.stringify('theirs'), { mode: 0o600 });
        return 'ours';
      },
      asText,
    );
    expect(ours).toBe('theirs');
    expect(JSON.parse(await readFile(path, 'utf8'))).toBe('theirs');
  });

  it('creates the data dir and the file, readable by the owner only', async () => {
    const nested = join(dataDir, 'a', 'b');
    expect(await readOrCreateKeyFile(nested, 'k.json', async () => 'fresh', asText)).toBe('fresh');
    expect((await stat(join(nested, 'k.json'))).mode & 0o777).toBe(0o600);
    expect(await readOrCreateKeyFile(nested, 'k.json', async () => 'other', asText)).toBe('fresh');
  });
});

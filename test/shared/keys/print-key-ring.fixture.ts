/** Run as a separate process by key-ring.test.ts: prints what this process would sign with. */
import { loadKeyRing } from '../../../src/shared/keys';

void loadKeyRing({ dataDir: process.argv[2]! }).then((ring) => {
  process.stdout.write(JSON.stringify({ kid: ring.referral.kid, secret: Buffer.from(ring.orderTokenSecret).toString('hex') }));
});

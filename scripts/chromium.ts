/** Debian's chromium (`apt-get install chromium`; .ci/run installs it when missing), and the flags
 * this machine needs (its closed network refuses chromium's background connections). Shared by the
 * browser tests and the screenshot script. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

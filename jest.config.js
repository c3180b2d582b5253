/** Jest runs TypeScript through SWC (type checking is `tsc --noEmit` in `npm test`).
 * jose 6 ships ESM only, so it is transformed too. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  // Embedded PGlite runs every statement on one connection in this process's neighbour, so a test
  // file there takes about twice as long as against the server.
  testTimeout: process.env.DATABASE_URL ? 30000 : 60000,
  maxWorkers: 2,
};

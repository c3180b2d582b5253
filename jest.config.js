/** Jest runs TypeScript through SWC (type checking is `tsc --noEmit` in `npm test`).
 * jose 6 and openid-client 6 (with its oauth4webapi) ship ESM only, so they are transformed too. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['/node_modules/(?!(jose|openid-client|oauth4webapi)/)'],
  // Embedded PGlite runs every statement on one connection in this process's neighbour, so a test
  // file there takes about twice as long as against the server.
  testTimeout: process.env.DATABASE_URL ? 30000 : 60000,
  maxWorkers: 2,
};

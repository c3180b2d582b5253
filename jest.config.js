/** Jest runs TypeScript through SWC (type checking is `tsc --noEmit` in `npm test`).
 * jose 6 and openid-client 6 (with its oauth4webapi) ship ESM only, so they are transformed too. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['/node_modules/(?!(jose|openid-client|oauth4webapi)/)'],
  testTimeout: 30000,
  maxWorkers: 2,
};

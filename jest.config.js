// One runner for every test: unit (node), task pane components (jsdom), and the cross-process
// suites under test/ (integration, conformance, e2e), which start their own servers on loopback.
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc.json`, 'utf8'));
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swc, swcrc: false }] };
const common = { transform, moduleFileExtensions: ['ts', 'tsx', 'js', 'json'] };

module.exports = {
  // Generous per-test time: CI machines are shared, and a busy core must not fail a correct test.
  // No assertion depends on this figure; tests that wait poll with their own bounds.
  testTimeout: 30_000,
  // One private PostgreSQL cluster per run, started by the first suite that needs it.
  globalSetup: '<rootDir>/test/setup/postgresSetup.js',
  globalTeardown: '<rootDir>/test/setup/postgresTeardown.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/{shared,server,emulator}/**/*.test.ts', '<rootDir>/test/manifest/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/src/emulator/officeHost/browser/'],
    },
    {
      ...common,
      displayName: 'taskpane',
      testEnvironment: 'jsdom',
      testMatch: [
        '<rootDir>/src/taskpane/**/*.test.{ts,tsx}',
        '<rootDir>/src/emulator/officeHost/browser/**/*.test.ts',
      ],
      setupFiles: ['<rootDir>/test/setup/jsdom.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/testingLibrary.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/{integration,conformance,scripts}/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
    // The engine suites again in WebKit (WebKitWebDriver under Xvfb) and Firefox ESR (WebDriver
    // BiDi); the e2e project above runs them in Chromium. test/support/engines/launch.ts reads __ENGINE__.
    ...['webkit', 'firefox'].map((engine) => ({
      ...common,
      displayName: `e2e-${engine}`,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/engines/**/*.test.ts'],
      globals: { __ENGINE__: engine },
    })),
  ],
};

// Two projects: the Node library (TypeScript as native ESM through swc) and the LWC components.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// sfdx-lwc-jest's config (LWC compiler transform, lightning/* stubs, @salesforce/* scoped imports).
const { jestConfig: lwcJestConfig } = require('@salesforce/sfdx-lwc-jest/config');

const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  },
];

export default {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      extensionsToTreatAsEsm: ['.ts'],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    },
    {
      ...lwcJestConfig,
      displayName: 'lwc',
      rootDir: '.',
      roots: ['<rootDir>/force-app'],
      testMatch: ['**/lwc/**/__tests__/**/*.test.js'],
    },
  ],
  testTimeout: 120000,
};

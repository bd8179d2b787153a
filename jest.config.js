// Two projects: the Node library (TypeScript as native ESM through swc) and the LWC components.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// sfdx-lwc-jest's config (LWC compiler transform, lightning/* stubs, @salesforce/* scoped imports).
const { jestConfig: lwcJestConfig } = require('@salesforce/sfdx-lwc-jest/config');
// The template compiler the transformer loads is the top-level @lwc/compiler (the `lwc` package's
// release); run components on the engine, synthetic shadow and wire service of that same release.
const lwcRequire = createRequire(require.resolve('lwc'));
const lwcRuntime = Object.fromEntries(
  ['engine-dom', 'synthetic-shadow', 'wire-service'].map((name) => [name, lwcRequire.resolve(`@lwc/${name}`).replace(/index\.js$/, 'index.cjs')]),
);

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
      // node's environment with the main realm's typed arrays, which onnxruntime-node needs
      testEnvironment: '<rootDir>/test/fixtures/models/ort-environment.cjs',
      setupFilesAfterEnv: ['<rootDir>/test/fixtures/state-dir.cjs'],
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      extensionsToTreatAsEsm: ['.ts'],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    },
    {
      ...lwcJestConfig,
      displayName: 'lwc',
      moduleNameMapper: {
        '^lwc$': lwcRuntime['engine-dom'],
        '^@lwc/engine-dom$': lwcRuntime['engine-dom'],
        '^@lwc/synthetic-shadow$': lwcRuntime['synthetic-shadow'],
        '^@lwc/wire-service$': lwcRuntime['wire-service'],
      },
      rootDir: '.',
      roots: ['<rootDir>/force-app'],
      testMatch: ['**/lwc/**/__tests__/**/*.test.js'],
    },
  ],
  // CI has 2 cores; test files are independent (own temp dirs, state dirs, sf HOMEs, free ports)
  maxWorkers: 2,
  testTimeout: 120000,
};

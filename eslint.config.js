// ESLint flat config. LWC: Salesforce's recommended rules. TypeScript (src/ scripts/ test/):
// typescript-eslint's recommended rules (some as warnings in scripts/ and test/); src/ adds the
// type-aware rules, every one an error, so .ci/run fails on them.
import { createRequire } from 'node:module';
import tseslint from 'typescript-eslint';

const require = createRequire(import.meta.url);
const lwcConfig = require('@salesforce/eslint-config-lwc');
// Globals written out rather than importing the 'globals' package, which is only transitive here.
const readonly = (names) => Object.fromEntries(names.map((n) => [n, 'readonly']));
const NODE = readonly(['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'structuredClone', 'fetch', 'AbortController', 'TextEncoder', 'TextDecoder', 'performance']);
const JEST = readonly(['describe', 'it', 'test', 'expect', 'jest', 'beforeAll', 'afterAll', 'beforeEach', 'afterEach', 'require', 'module']);

const LWC_FILES = ['force-app/**/lwc/**/*.js'];

export default [
  {
    ignores: ['node_modules/**', 'lib/**', 'coverage/**', 'out/**', 'preview/dist/**', '.sf/**', '.sfdx/**', 'model/**', '**/*.d.ts'],
  },
  ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: LWC_FILES })),
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.js'],
    languageOptions: { globals: { ...JEST, ...NODE } },
    // Tests drive wire adapters directly through their emit/emitError test API.
    rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' },
  },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: ['src/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'preview/**/*.ts'] })),
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'preview/**/*.ts'],
    languageOptions: { globals: NODE },
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-require-imports': 'warn',
      '@typescript-eslint/ban-ts-comment': 'warn',
      '@typescript-eslint/no-empty-object-type': 'warn',
      '@typescript-eslint/no-unsafe-function-type': 'warn',
      '@typescript-eslint/no-unused-expressions': 'warn',
      'no-empty': 'warn',
      'prefer-const': 'warn',
      'no-useless-escape': 'warn',
      'no-control-regex': 'warn',
      'no-constant-condition': 'warn',
      'no-fallthrough': 'warn',
      'no-case-declarations': 'warn',
    },
  },
  // src/ also gets the type-aware rules (floating promises, unsafe any, needless assertions): all errors.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['src/**/*.ts'] })),
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Record values from Salesforce and JSON are typed unknown; String(v) on them is the deliberate conversion.
      '@typescript-eslint/no-base-to-string': 'off',
      // oclif flag parsers and interface methods must be async without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'prefer-const': 'error',
      'no-empty': 'error',
      'no-fallthrough': 'error',
      'no-constant-condition': 'error',
    },
  },
  {
    files: ['*.js'],
    languageOptions: { globals: NODE },
  },
  {
    // The preview's browser entry and its lightning/uiRecordApi stand-in.
    files: ['preview/src/**/*.js'],
    languageOptions: { globals: readonly(['window', 'document', 'fetch', 'URLSearchParams']) },
  },
];

// ESLint flat config. LWC: Salesforce's recommended rules. TypeScript (src/ scripts/ test/):
// typescript-eslint's recommended rules, as warnings where style differs between engineers,
// so `npm run lint` fails only on real errors.
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

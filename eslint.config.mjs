import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', 'network/generated/**', '.run/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  prettier,
  {
    // Plain JavaScript here is CommonJS tooling run by Node (jest configs, small scripts).
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Chaincode must be deterministic: every endorsing peer has to compute the same result.
    files: ['chaincode/src/**/*.ts'],
    ignores: ['chaincode/src/**/*.test.ts', 'chaincode/src/test-support/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the transaction timestamp (Ledger.now).' },
        { object: 'Math', property: 'random', message: 'Chaincode must be deterministic.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use the transaction timestamp (Ledger.now).',
        },
      ],
    },
  },
  {
    // The explorer runs in the browser; only its Vite config runs in Node.
    files: ['explorer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
);

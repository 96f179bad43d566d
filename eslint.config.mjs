// Lint for the whole repository. The import rules below enforce the dependency direction of
// DESIGN.md: shared ← taskpane, shared ← server, shared ← emulator, and nothing else between
// the parts. The server sees the emulator only as URLs in its configuration.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const part = (name) => [
  `**/${name}/**`,
  `../${name}`,
  `../${name}/*`,
  `../../${name}`,
  `../../${name}/*`,
  `../../../${name}/*`,
];
const forbid = (parts, extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...parts.map((p) => ({
          group: part(p),
          message: `This part must not import src/${p} (see DESIGN.md: dependency direction).`,
        })),
        ...extra,
      ],
    },
  ],
});
const noNodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https'],
  message: 'Browser code cannot use Node built-ins.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'build/', 'coverage/', '.certs/', '.data/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  { files: ['**/*.js', '**/*.cjs', '**/*.mjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['src/shared/**'], rules: forbid(['taskpane', 'server', 'emulator'], [noNodeBuiltins]) },
  {
    files: ['src/taskpane/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...forbid(['server', 'emulator'], [noNodeBuiltins]),
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  { files: ['src/server/**'], rules: forbid(['taskpane', 'emulator']) },
  { files: ['src/emulator/**'], rules: forbid(['taskpane', 'server']) },
  {
    files: ['src/emulator/officeHost/browser/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid(['taskpane', 'server'], [noNodeBuiltins]),
  },
);

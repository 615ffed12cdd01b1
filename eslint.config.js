import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'lib/db/generated/', 'lib/db/generated-pg/', 'data/', 'next-env.d.ts', 'test-results/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      'no-await-in-loop': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only lib/db touches Prisma (STYLE rule 1).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@prisma/client', '@prisma/client/*'], message: '数据库访问只经过 lib/db（import from @/lib/db）' },
            { group: ['**/generated/*', '**/generated', '**/generated-pg/*', '**/generated-pg'], message: '数据库访问只经过 lib/db（import from @/lib/db）' },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/db/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tests and CLI entry points talk to the terminal on purpose.
    files: ['tests/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off', 'no-await-in-loop': 'off' },
  },
);

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// One config for the demo (Vite serves demo/) and for the tests (Vitest).
export default defineConfig({
  root: process.env.VITEST ? undefined : src('./demo'),
  resolve: {
    alias: [
      { find: /^amplify-mfa-flow\/react$/, replacement: src('./src/react/index.ts') },
      { find: /^amplify-mfa-flow$/, replacement: src('./src/index.ts') },
    ],
  },
  build: { outDir: src('./dist/demo'), emptyOutDir: true },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// One config for the demo (Vite serves demo/) and for the tests (Vitest).
export default defineConfig({
  root: process.env.VITEST ? undefined : src('./demo'),
  resolve: {
    // The demo and the tests import the package by its public entries, as a consumer does.
    alias: [
      { find: /^amplify-mfa-flow$/, replacement: src('./src/index.ts') },
      { find: /^amplify-mfa-flow\/amplify\/devices$/, replacement: src('./src/amplify/devices.actors.ts') },
      { find: /^amplify-mfa-flow\/(machines|mfa|policy|passkeys|recovery|passwordless|devices)$/, replacement: src('./src/$1.ts') },
      { find: /^amplify-mfa-flow\/(amplify|react|vue|dom|testing|messages)$/, replacement: src('./src/$1/index.ts') },
    ],
  },
  build: { outDir: src('./demo/dist'), emptyOutDir: true },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: [src('./test/globalSetup.ts')],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every core: Vitest's default leaves one free (a single worker on a 2-core machine), while most files here
    // wait on the in-process backend or Chromium. The files are parallel-safe (random free ports, temp dirs).
    maxWorkers: '100%',
    // Each worker keeps the modules it loaded from one file to the next, instead of loading aws-amplify, the
    // local backend and the machines again for each of the 125 files (about 120 s of a run's 180 s of imports
    // here). So no file may rely on a module's state being fresh: each configures Amplify for its own backend,
    // stops what it starts and sets no global it does not put back.
    isolate: false,
    // Only Vitest loads the sequencer: `npm start` and the demo build read this file too.
    ...(process.env.VITEST ? { sequence: { sequencer: (await import('./test/sequencer.js')).SlowestFirst } } : {}),
  },
});

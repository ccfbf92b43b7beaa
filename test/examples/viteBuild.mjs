// Builds one installed example (the folder given as the argument) with the
// repo's Vite through its JS API: no config file and no plugins, since the
// examples carry no build tooling of their own. Run in a child process so the
// build sees NODE_ENV=production, not the test runner's environment.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

const root = process.argv[2];
if (!root) throw new Error('usage: node viteBuild.mjs <example dir>');
// Every page at the app's top (index.html, and paths.html where an app replays the generated paths).
const pages = readdirSync(root).filter((f) => f.endsWith('.html'));

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  mode: 'production',
  build: {
    outDir: join(root, 'dist'),
    emptyOutDir: true,
    rolldownOptions: { input: Object.fromEntries(pages.map((f) => [f.replace(/\.html$/, ''), join(root, f)])) },
  },
  // React's JSX without @vitejs/plugin-react: Vite's own transform, automatic runtime.
  oxc: { jsx: { runtime: 'automatic' } },
  // Vue's esm-bundler build expects its compile-time flags; @vitejs/plugin-vue would set the same.
  define: { __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
});

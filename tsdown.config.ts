import { existsSync } from 'node:fs';
import { defineConfig } from 'tsdown';

/** One entry per public surface; `dist/<name>.js` and `dist/<name>.d.ts` each. */
const entries: Record<string, string> = {
  index: 'src/index.ts',
  machines: 'src/machines.ts',
  mfa: 'src/mfa.ts',
  policy: 'src/policy.ts',
  recovery: 'src/recovery.ts',
  passwordless: 'src/passwordless.ts',
  amplify: 'src/amplify/index.ts',
  passkeys: 'src/passkeys.ts',
  devices: 'src/devices.ts',
  'amplify-devices': 'src/amplify/devices.actors.ts',
  react: 'src/react/index.ts',
  vue: 'src/vue/index.ts',
  dom: 'src/dom/index.ts',
  testing: 'src/testing/index.ts',
  messages: 'src/messages/index.ts',
};

/**
 * The published statecharts leave out their states' `description`s. They are for reviewers: the source keeps
 * every one (a test checks), and the diagrams, the path catalogues and `amplify-mfa-flow/testing` are made from
 * it. Shipped, they were ~1.3 kB gzip of `./machines`, which has an 11 kB budget. Only a line that is a whole
 * `description: "…",` property of a machine module is removed; anything else stays as written.
 */
const stripStateDescriptions = {
  name: 'strip-state-descriptions',
  renderChunk(code: string, chunk: { fileName: string }) {
    if (!/^machines\/[^/]+\/[^/]+\.machine\.js$/.test(chunk.fileName)) return null;
    return { code: code.replace(/^[ \t]*description: "(?:[^"\\\n]|\\.)*",\n/gm, ''), map: null };
  },
};

/**
 * The path data of `amplify-mfa-flow/testing` (src/testing/data/) is committed as JSON parsed at import, which
 * spares the typecheck a 200 kB literal (src/diagram/data.ts says why). Published, it is the object literal again:
 * a minifier can shorten that, not a string, and the string cost ~1 kB gzip of the entry's 22 kB budget.
 */
const inlinePathData = {
  name: 'inline-path-data',
  transform(code: string, id: string) {
    if (!/[\\/]src[\\/]testing[\\/]data[\\/][^\\/]+\.ts$/.test(id)) return null;
    const parsed = /JSON\.parse\(String\.raw`([\s\S]*)`\)/.exec(code);
    if (!parsed) throw new Error(`${id}: no JSON.parse(String.raw\`…\`) to inline`);
    return { code: code.replace(parsed[0], () => JSON.stringify(JSON.parse(parsed[1] as string))), map: null };
  },
};

export default defineConfig({
  plugins: [stripStateDescriptions, inlinePathData],
  entry: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
  dts: true,
  clean: true,
  outDir: 'dist',
  // Peers (aws-amplify, xstate, react, vue and their xstate bindings) and qrcode stay imports: the app's own copies.
  report: false,
  // Module by module, so `sideEffects: false` lets a bundler drop every file an app does not import.
  unbundle: true,
});

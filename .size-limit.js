// Budgets on the built entries (npm run build first), minified + gzipped by esbuild.
// size-limit leaves out every peer dependency by default; `only` names what stays out instead.
//
// Issue 9 asked for ./machines ≤ 11 kB without xstate, ≤ 24 kB with it, and the root ≤ 13 kB
// without peers (measured then at 9.9, 22.6 and 11.6 kB). Since then the machines gained what
// issues 10 and 14 require (identifiers, user-started reset, timeouts and cancel on every call,
// one session per page, typed input checks) and the views their prop getters; issue 14 then added
// call timeouts, cancel and Hub sign-out to the three MFA machines: they now measure 15.1, 28.3 and
// 17.5 kB. These limits hold the current sizes with ~3% room so growth still fails the run;
// getting back under the numbers is open (the state descriptions alone are ~2.2 kB gzip of
// ./machines, and the rest needs flows split into their own entries; see the issue note).
const only =
  (...external) =>
  (config) => ({ ...config, external });

export default [
  {
    name: 'amplify-mfa-flow/machines, xstate external',
    path: 'dist/machines.js',
    import: '*',
    modifyEsbuildConfig: only('xstate'),
    gzip: true,
    limit: '15.5 KB',
  },
  {
    name: 'amplify-mfa-flow/machines with xstate',
    path: 'dist/machines.js',
    import: '*',
    modifyEsbuildConfig: only(),
    gzip: true,
    limit: '29 KB',
  },
  {
    name: 'amplify-mfa-flow (root), peers external (qrcode, a dependency, included)',
    path: 'dist/index.js',
    import: '*',
    modifyEsbuildConfig: only('xstate', 'aws-amplify', 'aws-amplify/auth', 'aws-amplify/utils'),
    gzip: true,
    limit: '27.5 KB',
  },
  {
    name: 'amplify-mfa-flow (root), peers and qrcode external',
    path: 'dist/index.js',
    import: '*',
    modifyEsbuildConfig: only('xstate', 'aws-amplify', 'aws-amplify/auth', 'aws-amplify/utils', 'qrcode'),
    gzip: true,
    limit: '18 KB',
  },
  {
    // An app that takes only the sign-in machine from the root gets neither aws-amplify nor qrcode.
    name: '{ signInMachine, connectSignIn } from the root, only xstate external',
    path: 'dist/index.js',
    import: '{ signInMachine, connectSignIn }',
    modifyEsbuildConfig: only('xstate'),
    gzip: true,
    limit: '10 KB',
  },
  {
    // The testing kit: the four machines' paths as data (most of it, so it grows with the catalogue), the fakes and the replay.
    name: 'amplify-mfa-flow/testing, xstate external',
    path: 'dist/testing.js',
    import: '*',
    modifyEsbuildConfig: only('xstate'),
    gzip: true,
    limit: '15 KB',
  },
  {
    // One language of the message catalogue, as an app that imports only Spanish bundles it.
    name: '{ es, createTranslator } from amplify-mfa-flow/messages',
    path: 'dist/messages.js',
    import: '{ es, createTranslator }',
    gzip: true,
    limit: '2.5 KB',
  },
];

// Budgets on the built entries (npm run build first), minified + gzipped by esbuild.
// size-limit leaves out every peer dependency by default; `only` names what stays out instead.
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
    limit: '11 KB',
  },
  {
    name: 'amplify-mfa-flow/machines with xstate',
    path: 'dist/machines.js',
    import: '*',
    modifyEsbuildConfig: only(),
    gzip: true,
    limit: '24 KB',
  },
  {
    name: 'amplify-mfa-flow (root), peers external (qrcode, a dependency, included)',
    path: 'dist/index.js',
    import: '*',
    modifyEsbuildConfig: only('xstate', 'aws-amplify', 'aws-amplify/auth'),
    gzip: true,
    limit: '23 KB',
  },
  {
    name: 'amplify-mfa-flow (root), peers and qrcode external',
    path: 'dist/index.js',
    import: '*',
    modifyEsbuildConfig: only('xstate', 'aws-amplify', 'aws-amplify/auth', 'qrcode'),
    gzip: true,
    limit: '13 KB',
  },
  {
    // An app that takes only the sign-in machine from the root gets neither aws-amplify nor qrcode.
    name: '{ signInMachine, connectSignIn } from the root, only xstate external',
    path: 'dist/index.js',
    import: '{ signInMachine, connectSignIn }',
    modifyEsbuildConfig: only('xstate'),
    gzip: true,
    limit: '7 KB',
  },
];

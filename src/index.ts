/**
 * The root entry of amplify-mfa-flow: the pure machines and view models
 * (`./machines`) and their aws-amplify v6 actors (`./amplify`). The framework
 * adapters have entries of their own: `./react`, `./vue`, `./dom`.
 */
export * from './machines.js';
export * from './amplify/index.js';

import { fromPromise } from 'xstate';

/**
 * A placeholder for an invoked actor: machines name what they call, and the
 * real implementation (src/amplify) or a test's fake comes in through
 * `.provide({ actors })`. Running without one fails loudly.
 */
export function notProvided<Output, Input>(machine: string, name: string) {
  return fromPromise<Output, Input>(() => Promise.reject(new Error(`${machine} actor "${name}" was not provided`)));
}

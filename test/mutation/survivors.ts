/**
 * Why each mutant that survives `npm run mutation` is left: the first reason that applies is the one
 * docs/mutation.md prints. `equivalent`: no test can tell the mutant from the original (the behaviour is the same).
 * `left`: a real difference no pure machine test observes, with where it is covered instead, or why not.
 */
export interface Survivor {
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  /** The code the mutant replaced, and what it put there. */
  readonly original: string;
  readonly replacement: string;
  /** The whole source line the mutant starts on. */
  readonly lineText: string;
}

export interface Reason {
  readonly kind: 'equivalent' | 'left';
  readonly reason: string;
  readonly applies: (s: Survivor) => boolean;
}

export const REASONS: readonly Reason[] = [];

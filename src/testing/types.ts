/**
 * The generated paths as data: plain JSON (no functions, no classes), so an
 * app's test runner, a browser page or another language can read them.
 */

/** The machines with generated paths. */
export type MachineName =
  | 'signIn'
  | 'totpEnrollment'
  | 'phoneVerification'
  | 'mfaSettings'
  | 'mfaPolicy'
  | 'recoveryCodes'
  | 'recoverySignIn'
  | 'devices'
  | 'passkeys';

/**
 * Every machine with a generated catalogue. The passwordless sign-in's (src/testing/data/passwordlessSignIn.ts,
 * docs/paths/passwordlessSignIn.md) is not in this entry's `PATHS`: its 126 paths would add about 9.7 kB to a
 * kit that has a 15.3 kB budget, so it waits for an entry of its own.
 */
export type CatalogueName = MachineName | 'passwordlessSignIn';

/** An XState event: its type and payload. */
export interface PathEvent {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** What the UI must show after a step: the view's step, whether a call is in flight, and the error code it shows, if any. */
export interface ExpectedView {
  readonly step: string;
  readonly busy: boolean;
  readonly error: string | null;
}

interface StepBase {
  /** What happens, in words a tester can follow. */
  readonly label: string;
  /** The event the machine gets. */
  readonly event: PathEvent;
  /** The state the machine is in after it (an XState state value). */
  readonly state: unknown;
  /** The view after it. */
  readonly view: ExpectedView;
}

/**
 * One step of a path:
 * - `user`: something the user does (the event a view's action sends); the app performs it on its UI;
 * - `hub`: something Amplify's Hub reports (a sign-in or sign-out elsewhere on the page); the fakes deliver it;
 * - `answer`: an Amplify call (or a child flow) ends; the fakes answer the call the machine made with `output` or `error`;
 * - `wait`: a timer runs out (`delay`, after `ms` with the machine's default timing); the fakes' clock moves.
 */
export type PathStep =
  | (StepBase & { readonly kind: 'user' })
  | (StepBase & { readonly kind: 'hub' })
  | (StepBase & {
      readonly kind: 'answer';
      /** The invoked actor's id (the machine's name for the call: `signIn`, `confirmSignIn`, …). */
      readonly actor: string;
      readonly output?: unknown;
      /** An error as aws-amplify throws it: the Cognito exception name and its message. */
      readonly error?: { readonly name: string; readonly message: string };
    })
  | (StepBase & { readonly kind: 'wait'; readonly delay: string; readonly ms: number });

export interface FlowPath {
  /**
   * Made of the path's own steps (`no-session-password-totp-code-wrong-code-signed-in`): the same in every
   * suite and every release, whatever else the machine gains.
   */
  readonly id: string;
  /** What the path proves: the transition it ends with, or the scenario it is kept for. */
  readonly title: string;
  /** The setting the path starts from, when the machine's paths are walked with more than one. */
  readonly variant?: { readonly name: string; readonly input: unknown };
  /** Where the path starts, before its first step. */
  readonly start: { readonly state: unknown; readonly view: ExpectedView };
  readonly steps: readonly PathStep[];
}

export interface MachinePaths {
  readonly machine: CatalogueName;
  readonly title: string;
  /** The invoked actor that listens to Amplify's Hub, when the machine has one: `hub` steps arrive through it. */
  readonly hub?: string;
  /**
   * The timers the paths assume (`callTimeoutMs`, `resendCooldownMs`, …): put them in the machine's input. A call
   * gives up well before a code may be sent again, which the defaults do not promise; `wait` steps move the clock by these.
   */
  readonly timing: Readonly<Record<string, number>>;
  /** Covered by the paths together, out of the machine's total. */
  readonly coverage: {
    readonly states: readonly [covered: number, total: number];
    readonly transitions: readonly [covered: number, total: number];
  };
  readonly paths: readonly FlowPath[];
}

/**
 * `amplify-mfa-flow/testing`: the generated paths of each machine, for an
 * app's own tests. Each path is data (its id, title and steps, each step with
 * the view the UI must show); fakes answer the machine's calls as a path says;
 * `path.test()` replays a path against any UI through callbacks the app
 * supplies, as @xstate/test's paths do. It imports nothing but xstate.
 */
import { devicesPaths } from './data/devices.js';
import { mfaPolicyPaths } from './data/mfaPolicy.js';
import { passkeysPaths } from './data/passkeys.js';
import { mfaSettingsPaths } from './data/mfaSettings.js';
import { phoneVerificationPaths } from './data/phoneVerification.js';
import { recoveryCodesPaths } from './data/recoveryCodes.js';
import { recoverySignInPaths } from './data/recoverySignIn.js';
import { signInPaths } from './data/signIn.js';
import { totpEnrollmentPaths } from './data/totpEnrollment.js';
import { replayPath } from './replay.js';
import type { ReplayOptions } from './replay.js';
import type { ExpectedView, FlowPath, MachineName, MachinePaths, PathEvent } from './types.js';

export type { ExpectedView, FlowPath, MachineName, MachinePaths, PathEvent, PathStep } from './types.js';
export { createFakes } from './fakes.js';
export type { FakeCall, Fakes } from './fakes.js';
export { replayPath } from './replay.js';
export type { ReplayOptions } from './replay.js';

/** Every machine's generated paths, as plain data (what `npm run paths` writes to docs/paths/). */
export const PATHS: Readonly<Record<MachineName, MachinePaths>> = {
  signIn: signInPaths,
  totpEnrollment: totpEnrollmentPaths,
  phoneVerification: phoneVerificationPaths,
  mfaSettings: mfaSettingsPaths,
  mfaPolicy: mfaPolicyPaths,
  recoveryCodes: recoveryCodesPaths,
  recoverySignIn: recoverySignInPaths,
  devices: devicesPaths,
  passkeys: passkeysPaths,
};

/** A path with what @xstate/test's paths have: a description and `test()`. */
export interface TestPath extends FlowPath {
  readonly machine: MachineName;
  /** The timers the path assumes: put them in the machine's input (see MachinePaths). */
  readonly timing: MachinePaths['timing'];
  /** Its steps in words, one after the other. */
  readonly description: string;
  /** Replays it against the app's UI (see ReplayOptions). */
  test(options: ReplayOptions): Promise<void>;
}

export interface PathFilter {
  /**
   * Whether the UI offers this user event on the screen shown before it; paths
   * with a user event it does not offer are left out. Every event by default.
   */
  offers?(event: PathEvent, screen: ExpectedView): boolean;
}

/** The paths of a machine a UI can walk, as TestPaths. */
export function getPaths(machine: MachineName, filter: PathFilter = {}): TestPath[] {
  const data = PATHS[machine];
  return data.paths
    .filter((path) => {
      const { offers } = filter;
      if (!offers) return true;
      let screen = path.start.view;
      return path.steps.every((step) => {
        const offered = step.kind !== 'user' || offers(step.event, screen);
        screen = step.view;
        return offered;
      });
    })
    .map((path) => ({
      ...path,
      machine,
      timing: data.timing,
      description: path.steps.map((s) => s.label).join(' → '),
      test: (options: ReplayOptions) => replayPath(path, options, data.hub),
    }));
}

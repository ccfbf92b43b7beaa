/**
 * `amplify-mfa-flow/testing`: the generated paths of each machine, for an
 * app's own tests: each path is data (its id, title and steps, each step with
 * the view the UI must show).
 */
import { mfaSettingsPaths } from './data/mfaSettings.js';
import { phoneVerificationPaths } from './data/phoneVerification.js';
import { signInPaths } from './data/signIn.js';
import { totpEnrollmentPaths } from './data/totpEnrollment.js';
import type { MachineName, MachinePaths } from './types.js';

export type { ExpectedView, FlowPath, MachineName, MachinePaths, PathEvent, PathStep } from './types.js';

/** Every machine's generated paths, as plain data (what `npm run paths` writes to docs/paths/). */
export const PATHS: Readonly<Record<MachineName, MachinePaths>> = {
  signIn: signInPaths,
  totpEnrollment: totpEnrollmentPaths,
  phoneVerification: phoneVerificationPaths,
  mfaSettings: mfaSettingsPaths,
};

import type { AnyEventObject } from 'xstate';
import { mfaSettings, phoneVerification, totpEnrollment } from './mfa.models.js';
import type { PathModel } from './paths.js';
import { labelOf as signInLabel, signInModel } from './signIn.model.js';

export interface CatalogueModel {
  readonly name: string;
  readonly title: string;
  readonly model: PathModel<unknown>;
  readonly label: (event: AnyEventObject) => string;
}

/** Every machine with generated paths, in the order `npm run paths` reports them. */
export const MODELS: readonly CatalogueModel[] = [
  { name: 'signIn', title: 'Sign-in', model: signInModel as PathModel<unknown>, label: signInLabel },
  { name: 'totpEnrollment', title: 'TOTP enrollment', model: totpEnrollment.model as PathModel<unknown>, label: totpEnrollment.label },
  {
    name: 'phoneVerification',
    title: 'Phone verification',
    model: phoneVerification.model as PathModel<unknown>,
    label: phoneVerification.label,
  },
  { name: 'mfaSettings', title: 'MFA settings', model: mfaSettings.model as PathModel<unknown>, label: mfaSettings.label },
];

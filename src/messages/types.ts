import type { FlowError, FlowErrorCode } from '../../machines/shared/errors.js';
import type { PasskeyErrorCode, PasskeysError } from '../../machines/passkeys/passkeys.errors.js';
import type { PasskeysViewStep } from '../../machines/passkeys/passkeys.view.js';
import type { MfaSettingsViewStep } from '../../machines/mfaSettings/mfaSettings.view.js';
import type { PhoneVerificationViewStep } from '../../machines/phoneVerification/phoneVerification.view.js';
import type { PasswordlessOnlyStep } from '../../machines/passwordless/passwordless.view.js';
import type { SignInViewStep } from '../../machines/signIn/signIn.view.js';
import type { TotpEnrollmentViewStep } from '../../machines/totpEnrollment/totpEnrollment.view.js';

/** Every screen of every flow, by flow: what a UI puts in its heading. */
export interface StepTitles {
  readonly signIn: Readonly<Record<SignInViewStep, string>>;
  /** The steps the passwordless sign-in adds; its other steps are the sign-in's (`signIn`). */
  readonly passwordlessSignIn: Readonly<Record<PasswordlessOnlyStep, string>>;
  readonly totpEnrollment: Readonly<Record<TotpEnrollmentViewStep, string>>;
  readonly phoneVerification: Readonly<Record<PhoneVerificationViewStep, string>>;
  readonly mfaSettings: Readonly<Record<MfaSettingsViewStep, string>>;
  readonly passkeys: Readonly<Record<PasskeysViewStep, string>>;
}

/** One language: a message per error code and a title per step. A missing key is a compile error. */
export interface MessageCatalogue {
  /** BCP 47 tag, e.g. `en`, `es`, `de`. */
  readonly locale: string;
  readonly errors: Readonly<Record<FlowErrorCode, string>>;
  /** The passkeys flow's own codes (`PASSKEY_*`, see `amplify-mfa-flow/passkeys`). */
  readonly passkeyErrors: Readonly<Record<PasskeyErrorCode, string>>;
  readonly steps: StepTitles;
}

export type Flow = keyof StepTitles;

export interface Translator {
  readonly locale: string;
  /** The user-facing text for an error (never its developer `detail`); `''` for none. */
  error(error: FlowError | PasskeysError | null | undefined): string;
  /** The title of a flow's step. */
  step<F extends Flow>(flow: F, step: keyof StepTitles[F]): string;
}

/** An app's own wording: any subset, over a shipped catalogue. */
export interface MessageOverrides {
  readonly errors?: Partial<Record<FlowErrorCode, string>>;
  readonly passkeyErrors?: Partial<Record<PasskeyErrorCode, string>>;
  readonly steps?: { readonly [F in Flow]?: Partial<StepTitles[F]> };
}

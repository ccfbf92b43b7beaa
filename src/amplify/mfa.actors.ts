/**
 * The actors of the MFA management machines, with the real aws-amplify v6
 * client. The names are v6's: verifyTOTPSetup and confirmUserAttribute (not
 * the tutorial's verifyTOTPToken / verifyUserAttribute).
 */
import {
  confirmUserAttribute,
  fetchMFAPreference,
  fetchUserAttributes,
  sendUserAttributeVerificationCode,
  setUpTOTP,
  updateMFAPreference,
  updateUserAttributes,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { fromPromise } from 'xstate';
import { mfaPolicyMachine } from '../../machines/mfaPolicy/mfaPolicy.machine.js';
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import type { MfaPreferenceChange, MfaStatus } from '../../machines/mfaSettings/mfaSettings.types.js';
import { phoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import type { UpdatePhoneResult } from '../../machines/phoneVerification/phoneVerification.types.js';
import type { CodeDelivery, MfaMethod, TotpSecret } from '../../machines/shared/types.js';
import { totpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import type { SetUpTotpActorInput, TotpPreference, VerifyTotpActorInput } from '../../machines/totpEnrollment/totpEnrollment.types.js';
import { createQrCode } from './qrCode.js';
import { amplifySignInActors, hubAuthEvents, toCodeDelivery } from './signIn.actors.js';
import { amplifyStepUpActors, createAmplifyReauthenticationMachine } from './stepUp.js';

export const amplifyTotpEnrollmentActors = {
  setUpTotp: fromPromise<TotpSecret, SetUpTotpActorInput>(async ({ input }) => {
    const details = await setUpTOTP();
    // Always with an explicit account name: without one Amplify puts a quoted user id in the URI.
    return { sharedSecret: details.sharedSecret, setupUri: details.getSetupUri(input.totpIssuer, input.accountName).toString() };
  }),
  createQrCode: fromPromise<string, { uri: string }>(({ input }) => createQrCode(input.uri)),
  verifyTotp: fromPromise<void, VerifyTotpActorInput>(async ({ input }) => {
    await verifyTOTPSetup({
      code: input.code,
      ...(input.friendlyDeviceName ? { options: { friendlyDeviceName: input.friendlyDeviceName } } : {}),
    });
  }),
  setTotpPreference: fromPromise<void, { preference: TotpPreference }>(async ({ input }) => {
    await updateMFAPreference({ totp: input.preference });
  }),
  authEvents: hubAuthEvents,
};

export const amplifyPhoneVerificationActors = {
  updatePhone: fromPromise<UpdatePhoneResult, { phone: string }>(async ({ input }) => {
    const result = await updateUserAttributes({ userAttributes: { phone_number: input.phone } });
    const next = result.phone_number?.nextStep;
    const codeSent = next?.updateAttributeStep === 'CONFIRM_ATTRIBUTE_WITH_CODE';
    return { codeSent, codeDelivery: codeSent ? toCodeDelivery(next?.codeDeliveryDetails) : null };
  }),
  sendPhoneCode: fromPromise<CodeDelivery, void>(async () =>
    toCodeDelivery(await sendUserAttributeVerificationCode({ userAttributeKey: 'phone_number' })),
  ),
  confirmPhone: fromPromise<void, { code: string }>(async ({ input }) => {
    await confirmUserAttribute({ userAttributeKey: 'phone_number', confirmationCode: input.code });
  }),
  enableSmsMfa: fromPromise<void, { preference: 'PREFERRED' | 'ENABLED' }>(async ({ input }) => {
    await updateMFAPreference({ sms: input.preference });
  }),
  authEvents: hubAuthEvents,
};

const METHODS: readonly MfaMethod[] = ['TOTP', 'SMS', 'EMAIL'];

export const amplifyMfaSettingsActors = {
  loadMfaStatus: fromPromise<MfaStatus, void>(async () => {
    const [preference, attributes] = await Promise.all([fetchMFAPreference(), fetchUserAttributes()]);
    return {
      enabled: METHODS.filter((m) => preference.enabled?.includes(m)),
      preferred: preference.preferred ?? null,
      phone: attributes.phone_number ?? null,
      phoneVerified: attributes.phone_number_verified === 'true',
    };
  }),
  updateMfaPreference: fromPromise<void, MfaPreferenceChange>(async ({ input }) => {
    await updateMFAPreference(input);
  }),
  authEvents: hubAuthEvents,
};

// Built once each: `.provide()` is not free, and hooks would otherwise run it on every mount.
let totp: ReturnType<typeof totpEnrollmentMachine.provide> | undefined;
let phone: ReturnType<typeof phoneVerificationMachine.provide> | undefined;
let settings: ReturnType<typeof mfaSettingsMachine.provide> | undefined;
let policy: ReturnType<typeof mfaPolicyMachine.provide> | undefined;

export function createAmplifyTotpEnrollmentMachine() {
  totp ??= totpEnrollmentMachine.provide({ actors: amplifyTotpEnrollmentActors });
  return totp;
}

export function createAmplifyPhoneVerificationMachine() {
  phone ??= phoneVerificationMachine.provide({ actors: amplifyPhoneVerificationActors });
  return phone;
}

/**
 * The settings machine with its two enrollment flows and the re-authentication before sensitive changes (the sign-in
 * machine on a session kept apart, see stepUp.ts), all wired to aws-amplify.
 */
export function createAmplifyMfaSettingsMachine() {
  settings ??= mfaSettingsMachine.provide({
    actors: {
      ...amplifyMfaSettingsActors,
      ...amplifyStepUpActors,
      reauthenticate: createAmplifyReauthenticationMachine(),
      totpEnrollment: createAmplifyTotpEnrollmentMachine(),
      phoneVerification: createAmplifyPhoneVerificationMachine(),
    },
  });
  return settings;
}

/**
 * The MFA-per-group gate wired to aws-amplify: the MFA status is read as the
 * settings read it, sign-out is the sign-in machine's, and the two enrollment
 * flows are the ones above. Configure Amplify first (see `configureAmplify`).
 */
export function createAmplifyMfaPolicyMachine() {
  policy ??= mfaPolicyMachine.provide({
    actors: {
      loadMfaStatus: amplifyMfaSettingsActors.loadMfaStatus,
      signOut: amplifySignInActors.signOut,
      authEvents: hubAuthEvents,
      totpEnrollment: createAmplifyTotpEnrollmentMachine(),
      phoneVerification: createAmplifyPhoneVerificationMachine(),
    },
  });
  return policy;
}

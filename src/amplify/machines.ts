/**
 * The four machines wired to aws-amplify, each built once (`.provide()` is
 * not free) the first time an app asks for it.
 */
import {
  createAmplifyMfaSettingsMachine,
  createAmplifyPhoneVerificationMachine,
  createAmplifyTotpEnrollmentMachine,
} from './mfa.actors.js';
import { createAmplifySignInMachine } from './signIn.actors.js';

export function amplifyMachines() {
  return {
    get signIn() {
      return createAmplifySignInMachine();
    },
    get mfaSettings() {
      return createAmplifyMfaSettingsMachine();
    },
    get totpEnrollment() {
      return createAmplifyTotpEnrollmentMachine();
    },
    get phoneVerification() {
      return createAmplifyPhoneVerificationMachine();
    },
  };
}

/** Traversal model of the MFA policy gate (see model.ts). */
import { mfaPolicyMachine } from '../../machines/mfaPolicy/mfaPolicy.machine.js';
import type { MfaPolicyInput, MfaStatus } from '../../machines/mfaPolicy/mfaPolicy.types.js';
import { MFA_ERRORS } from './mfa.models.js';
import { defineModel } from './model.js';
import { SAMPLE } from './signIn.model.js';

const fail = (name: string, message: string, label: string, slug: string) => ({ value: { name, message }, label, slug });
const status = (enabled: MfaStatus['enabled']): MfaStatus => ({
  enabled,
  preferred: enabled[0] ?? null,
  phone: null,
  phoneVerified: false,
});

export const POLICY_INPUT: MfaPolicyInput = {
  requireMfaForGroups: ['admins'],
  user: { ...SAMPLE.user, groups: ['admins'] },
  capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] },
  totpIssuer: 'amplify-mfa-flow',
};

export const mfaPolicy = defineModel<MfaPolicyInput>({
  machine: mfaPolicyMachine,
  input: POLICY_INPUT,
  userEvents: [
    { event: { type: 'METHOD.SELECT', method: 'TOTP' }, label: 'choose an authenticator app', slug: 'choose-totp' },
    { event: { type: 'METHOD.SELECT', method: 'SMS' }, label: 'choose text messages (SMS)', slug: 'choose-sms' },
    // What a plain-JavaScript page can send: refused with a typed error, never silently ignored.
    {
      event: { type: 'METHOD.SELECT', method: 'EMAIL' as never },
      label: 'ask for email (which the gate cannot set up)',
      slug: 'choose-email',
    },
    { event: { type: 'FLOW.RETRY' }, label: 'try again', slug: 'retry' },
    { event: { type: 'SIGN_OUT' }, label: 'sign out', slug: 'sign-out' },
    { event: { type: 'AUTH.SIGNED_OUT' }, label: 'the user is signed out elsewhere on the page', slug: 'hub-signed-out' },
    { event: { type: 'AUTH.SESSION_LOST' }, label: 'the session cannot be refreshed', slug: 'session-lost' },
  ],
  outcomes: {
    loadMfaStatus: {
      done: [
        { value: status([]), label: 'Cognito reports no MFA method', slug: 'no-mfa' },
        { value: status(['TOTP']), label: 'Cognito reports TOTP on', slug: 'totp-on' },
      ],
      errors: [MFA_ERRORS.network],
    },
    signOut: {
      done: [{ value: undefined, label: 'Amplify signs the user out', slug: 'signed-out' }],
      errors: [MFA_ERRORS.network],
    },
    totpEnrollment: {
      done: [
        { value: { status: 'enrolled' }, label: 'the enrollment flow ends enrolled', slug: 'enrolled' },
        { value: { status: 'cancelled' }, label: 'the enrollment flow is cancelled', slug: 'cancelled' },
        { value: { status: 'signedOut' }, label: 'the enrollment flow ends signed out', slug: 'flow-signed-out' },
      ],
      errors: [fail('Error', 'the flow stopped unexpectedly', 'the enrollment flow fails', 'failed')],
    },
    phoneVerification: {
      done: [
        { value: { status: 'verified', phone: '+15550100101' }, label: 'the phone flow ends verified', slug: 'verified' },
        { value: { status: 'signedOut', phone: '' }, label: 'the phone flow ends signed out', slug: 'flow-signed-out' },
      ],
      errors: [fail('Error', 'the flow stopped unexpectedly', 'the phone flow fails', 'failed')],
    },
    authEvents: { done: [], errors: [] },
  },
  delays: { callTimeout: { label: 'the call does not answer in time', slug: 'timeout' } },
  firstDelay: 'callTimeout',
  serialize: (s) => JSON.stringify([s.value, (s.context as { status: unknown }).status]),
  variants: [
    { name: 'a member of admins, in a pool with SMS and TOTP', input: POLICY_INPUT, slug: '' },
    { name: 'a user in no group that requires MFA', input: { ...POLICY_INPUT, user: SAMPLE.user }, slug: 'not-member' },
    {
      name: 'a member, in a pool with TOTP only',
      input: { ...POLICY_INPUT, capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['TOTP'] } },
      slug: 'totp-only',
    },
    {
      name: 'a member, in a pool with SMS only',
      input: { ...POLICY_INPUT, capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS'] } },
      slug: 'sms-only',
    },
    {
      name: 'a member, in a pool with MFA off',
      input: { ...POLICY_INPUT, capabilities: { mfaMode: 'OFF', mfaMethods: [] } },
      slug: 'mfa-off',
    },
  ],
});

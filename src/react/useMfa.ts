import { useMachine, useSelector } from '@xstate/react';
import { useMemo, useState } from 'react';
import type { AnyActorRef } from 'xstate';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import type { MfaSettingsView } from '../../machines/mfaSettings/mfaSettings.view.js';
import type { MfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import type { MfaSettingsInput } from '../../machines/mfaSettings/mfaSettings.types.js';
import { connectPhoneVerification } from '../../machines/phoneVerification/phoneVerification.view.js';
import type { PhoneVerificationView } from '../../machines/phoneVerification/phoneVerification.view.js';
import type { PhoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import type { PhoneVerificationInput } from '../../machines/phoneVerification/phoneVerification.types.js';
import { connectTotpEnrollment } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import type { TotpEnrollmentView } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import type { TotpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import type { TotpEnrollmentInput } from '../../machines/totpEnrollment/totpEnrollment.types.js';
import type { InspectionObserver } from './useSignIn.js';
import { createAmplifyMfaSettingsMachine, createAmplifyPhoneVerificationMachine, createAmplifyTotpEnrollmentMachine } from '../amplify/mfa.actors.js';

/** TOTP enrollment on its own (e.g. a dedicated page). */
export function useTotpEnrollment(options: { input: TotpEnrollmentInput; machine?: TotpEnrollmentMachine }): TotpEnrollmentView {
  const [machine] = useState(() => options.machine ?? createAmplifyTotpEnrollmentMachine());
  const [snapshot, send] = useMachine(machine, { input: options.input });
  return useMemo(() => connectTotpEnrollment(snapshot, send), [snapshot, send]);
}

/** Phone verification on its own. */
export function usePhoneVerification(options: { input?: PhoneVerificationInput; machine?: PhoneVerificationMachine } = {}): PhoneVerificationView {
  const [machine] = useState(() => options.machine ?? createAmplifyPhoneVerificationMachine());
  const [snapshot, send] = useMachine(machine, { input: options.input });
  return useMemo(() => connectPhoneVerification(snapshot, send), [snapshot, send]);
}

/**
 * The MFA settings page. The enrollment flows run as child actors; their own
 * steps do not change the settings snapshot, so the hook subscribes to them too.
 */
export function useMfaSettings(options: { input: MfaSettingsInput; machine?: MfaSettingsMachine; inspect?: InspectionObserver }): MfaSettingsView {
  const [machine] = useState(() => options.machine ?? createAmplifyMfaSettingsMachine());
  const [snapshot, send] = useMachine(machine, { input: options.input, ...(options.inspect ? { inspect: options.inspect } : {}) });
  const children = snapshot.children as Record<string, AnyActorRef | undefined>;
  const totp = useSelector(children.totpEnrollment, (s) => s);
  const phone = useSelector(children.phoneVerification, (s) => s);
  return useMemo(() => connectMfaSettings(snapshot, send), [snapshot, send, totp, phone]);
}

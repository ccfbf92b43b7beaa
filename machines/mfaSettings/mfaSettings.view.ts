import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import type { FlowError } from '../shared/errors.js';
import type { MfaMethod } from '../shared/types.js';
import { activeStateIds } from '../shared/types.js';
import { connectPhoneVerification } from '../phoneVerification/phoneVerification.view.js';
import type { PhoneVerificationView } from '../phoneVerification/phoneVerification.view.js';
import type { PhoneVerificationMachine } from '../phoneVerification/phoneVerification.machine.js';
import { connectTotpEnrollment } from '../totpEnrollment/totpEnrollment.view.js';
import type { TotpEnrollmentView } from '../totpEnrollment/totpEnrollment.view.js';
import type { TotpEnrollmentMachine } from '../totpEnrollment/totpEnrollment.machine.js';
import { canDisable, isEnabled, poolAllows } from './mfaSettings.machine.js';
import type { MfaSettingsMachine } from './mfaSettings.machine.js';
import type { MfaMode, MfaSettingsEvent } from './mfaSettings.types.js';

export type MfaSettingsSnapshot = SnapshotFrom<MfaSettingsMachine>;

export type MfaSettingsStep = 'loading' | 'loadFailed' | 'ready' | 'enrollingTotp' | 'verifyingPhone' | 'saving';

/** One row of the settings page per method the pool allows. */
export interface MfaMethodView {
  readonly method: MfaMethod;
  readonly enabled: boolean;
  readonly preferred: boolean;
  /** Offered as an action now; set up runs the enrollment flow. */
  readonly canSetUp: boolean;
  readonly canPrefer: boolean;
  readonly canDisable: boolean;
  /** Why it cannot be turned off, when it is on and cannot. */
  readonly disableBlockedReason: string | null;
}

export interface MfaSettingsView {
  readonly step: MfaSettingsStep;
  readonly busy: boolean;
  readonly error: FlowError | null;
  readonly mfaMode: MfaMode;
  /** Only the methods the pool allows; a method it does not allow is never offered. */
  readonly methods: readonly MfaMethodView[];
  readonly enabled: readonly MfaMethod[];
  readonly preferred: MfaMethod | null;
  readonly phone: string | null;
  readonly phoneVerified: boolean;
  /** The running enrollment flows, as their own view models. */
  readonly totpEnrollment: TotpEnrollmentView | null;
  readonly phoneVerification: PhoneVerificationView | null;
  /** The machine's active state ids, for a live diagram or debugging. */
  readonly activeStates: readonly string[];
  enroll(method: 'TOTP' | 'SMS'): void;
  prefer(method: MfaMethod): void;
  disable(method: MfaMethod): void;
  reload(): void;
}

export function connectMfaSettings(snapshot: MfaSettingsSnapshot, send: (event: MfaSettingsEvent) => void): MfaSettingsView {
  const c = snapshot.context;
  const ready = snapshot.matches('ready');
  const step = (['loading', 'loadFailed', 'ready', 'enrollingTotp', 'verifyingPhone', 'saving'] as const).find((s) => snapshot.matches(s)) ?? 'loading';
  const totp = snapshot.children.totpEnrollment as ActorRefFrom<TotpEnrollmentMachine> | undefined;
  const phone = snapshot.children.phoneVerification as ActorRefFrom<PhoneVerificationMachine> | undefined;
  const required = c.capabilities.mfaMode === 'REQUIRED';
  return {
    step,
    busy: snapshot.hasTag('busy'),
    error: c.error,
    mfaMode: c.capabilities.mfaMode,
    methods: c.capabilities.mfaMethods
      .filter((m) => poolAllows(c, m))
      .map((method) => {
        const enabled = isEnabled(c, method);
        return {
          method,
          enabled,
          preferred: c.status?.preferred === method,
          canSetUp: ready && !enabled && method !== 'EMAIL',
          canPrefer: ready && enabled && c.status?.preferred !== method,
          canDisable: ready && canDisable(c, method),
          disableBlockedReason: enabled && required && !canDisable(c, method) ? 'This app requires two-step verification: add another method before turning this one off.' : null,
        };
      }),
    enabled: c.status?.enabled ?? [],
    preferred: c.status?.preferred ?? null,
    phone: c.status?.phone ?? null,
    phoneVerified: c.status?.phoneVerified ?? false,
    totpEnrollment: totp ? connectTotpEnrollment(totp.getSnapshot(), totp.send) : null,
    phoneVerification: phone ? connectPhoneVerification(phone.getSnapshot(), phone.send) : null,
    activeStates: activeStateIds('mfaSettings', snapshot.value),
    enroll: (method) => send({ type: method === 'TOTP' ? 'ENROLL.TOTP' : 'ENROLL.SMS' }),
    prefer: (method) => send({ type: 'PREFERRED.SET', method }),
    disable: (method) => send({ type: 'METHOD.DISABLE', method }),
    reload: () => send({ type: 'SETTINGS.RELOAD' }),
  };
}

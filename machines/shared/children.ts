/**
 * The MFA set-up flows a host machine runs as children (the MFA settings, the
 * group policy gate): the input each one starts with, and how the host tells a
 * child that ended because the session did.
 */
import type { MfaStatus } from '../mfaSettings/mfaSettings.types.js';

interface HostContext {
  readonly totpIssuer: string;
  readonly accountName: string;
  readonly callTimeoutMs: number;
  readonly resendCooldownMs: number | undefined;
  readonly status: MfaStatus | null;
}

/** The TOTP enrollment child: the host's names for the authenticator, made the preferred method. */
export const totpEnrollmentInput = (context: HostContext) => ({
  totpIssuer: context.totpIssuer,
  accountName: context.accountName,
  preference: 'PREFERRED' as const,
  callTimeoutMs: context.callTimeoutMs,
});

/** The phone verification child, starting from the number Cognito has (if any). */
export const phoneVerificationInput = (context: HostContext, enableSmsMfa: 'PREFERRED' | 'ENABLED') => ({
  enableSmsMfa,
  ...(context.status?.phone ? { phone: context.status.phone } : {}),
  ...(context.resendCooldownMs !== undefined ? { resendCooldownMs: context.resendCooldownMs } : {}),
  callTimeoutMs: context.callTimeoutMs,
});

/** A child flow that ended because the session did. */
export const childSignedOut = ({ event }: { event: unknown }) =>
  (event as { output?: { status?: unknown } }).output?.status === 'signedOut';

import type { ReactNode } from 'react';
import { useMfaPolicy } from 'amplify-mfa-flow/react';
import type { PoolCapabilities, SignedInUser } from 'amplify-mfa-flow';
import { ErrorAlert, StepHeading } from './ui.js';
import { timingsFromUrl } from './backend.js';
import { PhoneVerification, TotpEnrollment } from './SettingsPage.js';

/** The groups whose members must have MFA (the backend's `defineAuth({ groups: ['admins'] })`). */
export const REQUIRE_MFA_FOR_GROUPS = ['admins'];
const NAMES = { TOTP: 'Authenticator app', SMS: 'Text message (SMS)' } as const;

/**
 * Shown instead of the signed-in app until the MFA policy is met: a member of
 * `admins` without MFA sets it up here, or signs out. Mounted once per sign-in.
 */
export function PolicyGate({ user, capabilities, children }: { user: SignedInUser; capabilities: PoolCapabilities; children: ReactNode }) {
  const { callTimeoutMs, resendCooldownMs } = timingsFromUrl();
  const view = useMfaPolicy({
    input: {
      requireMfaForGroups: REQUIRE_MFA_FOR_GROUPS,
      user,
      capabilities,
      totpIssuer: 'amplify-mfa-flow demo',
      ...(callTimeoutMs === undefined ? {} : { callTimeoutMs }),
      ...(resendCooldownMs === undefined ? {} : { resendCooldownMs }),
    },
  });
  if (view.step === 'satisfied') return children;
  return (
    <div>
      <section className="card" aria-busy={view.busy} data-policy={view.step}>
        <StepHeading step={`policy-${view.step}`}>Two-step verification required</StepHeading>
        <ErrorAlert error={view.error} props={view.getErrorProps()} />
        {'requiredBy' in view && <p>Members of {view.requiredBy.join(', ')} must set up two-step verification before they continue.</p>}
        {view.step === 'choosing' &&
          view.methods.map((method) => (
            <button key={method} {...view.getMethodButtonProps(method)} onClick={() => view.selectMethod(method)}>
              {NAMES[method]}
            </button>
          ))}
        {view.step === 'enrollingTotp' && <TotpEnrollment flow={view.totpEnrollment} />}
        {view.step === 'verifyingPhone' && <PhoneVerification flow={view.phoneVerification} />}
        {view.step === 'checkFailed' && <button onClick={view.retry}>Try again</button>}
        {(view.step === 'checking' || view.step === 'signingOut') && <p className="muted">Please wait…</p>}
        {'signOut' in view && (
          <div className="actions">
            <button {...view.getSignOutButtonProps()} className="secondary" onClick={() => view.signOut()}>
              Sign out
            </button>
          </div>
        )}
      </section>
    </div>
  );
}

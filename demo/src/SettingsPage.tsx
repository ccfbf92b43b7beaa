import { useEffect, useState } from 'react';
import { mfaSettingsMachine } from 'amplify-mfa-flow/mfa';
import { useMfaSettings } from 'amplify-mfa-flow/react';
import type { AuthFlowType, PoolCapabilities } from 'amplify-mfa-flow';
import { Reauthenticate } from './Reauthenticate.js';
import { Countdown, ErrorAlert, Field, StepHeading, formValue } from './ui.js';
import { timingsFromUrl } from './backend.js';
import { persisted } from './persist.js';
import { PasskeysPanel } from './PasskeysPanel.js';

/** Whatever the hook hands out (its prop spelling included), and the child flows' views it embeds. */
type SettingsView = ReturnType<typeof useMfaSettings>;
export type TotpView = Extract<SettingsView, { step: 'enrollingTotp' }>['totpEnrollment'];
export type PhoneView = Extract<SettingsView, { step: 'verifyingPhone' }>['phoneVerification'];

const NAMES = { TOTP: 'Authenticator app', SMS: 'Text message (SMS)', EMAIL: 'Email' } as const;

export function SettingsPage({
  capabilities,
  email,
  authFlowType,
  requireMfa,
  passkeys,
  onActive,
}: {
  capabilities: PoolCapabilities;
  email: string;
  authFlowType: AuthFlowType;
  /** The app's MFA policy requires MFA of this user (a member of a gated group): the last method stays on. */
  requireMfa: boolean;
  /** The pool allows passkeys (WEB_AUTHN): the passkeys panel is shown. */
  passkeys: boolean;
  onActive: (ids: readonly string[]) => void;
}) {
  const [stored] = useState(() => persisted('settings', mfaSettingsMachine));
  const view = useMfaSettings({
    ...stored,
    input: {
      capabilities,
      totpIssuer: 'amplify-mfa-flow demo',
      accountName: email,
      requireMfa,
      // Signing in again before a sensitive change runs the sign-in flow with the app's settings.
      reauthentication: { authFlowType, totpIssuer: 'amplify-mfa-flow demo', ...timingsFromUrl() },
      ...timingsFromUrl(),
    },
  });
  const activeKey = view.activeStates.join('|');
  useEffect(() => onActive(view.activeStates), [activeKey]);
  return (
    <>
      <section className="card" aria-busy={view.busy}>
        <StepHeading step={`settings-${view.step}`}>Two-step verification</StepHeading>
        <ErrorAlert error={view.error} props={view.getErrorProps()} />
        <p className="muted">
          This app's pool: MFA {view.mfaMode}. Status:{' '}
          <strong data-status={view.enabled.join(',') || 'none'}>
            {view.enabled.length ? view.enabled.map((m) => NAMES[m]).join(', ') : 'not set up'}
          </strong>
          {view.preferred ? `; preferred: ${NAMES[view.preferred]}` : ''}.
        </p>
        {view.step === 'loadFailed' && <button onClick={view.reload}>Try again</button>}
        {(view.step === 'loading' || view.step === 'saving' || view.step === 'checkingSignIn') && (
          <button className="secondary" onClick={view.cancel}>
            Stop waiting
          </button>
        )}
        {view.step === 'reauthenticating' ? (
          <Reauthenticate view={view} what={pendingText(view.pending)} />
        ) : view.step === 'enrollingTotp' ? (
          <TotpEnrollment flow={view.totpEnrollment} />
        ) : view.step === 'verifyingPhone' ? (
          <PhoneVerification flow={view.phoneVerification} />
        ) : (
          <Methods view={view} />
        )}
      </section>
      {passkeys && <PasskeysPanel authFlowType={authFlowType} />}
    </>
  );
}

const CHANGES: Record<string, string> = {
  DISABLED: 'turn off',
  PREFERRED: 'make preferred',
};

/** What the held change is, in words. */
function pendingText(pending: Extract<SettingsView, { step: 'reauthenticating' }>['pending']): string {
  if (!pending) return 'make this change';
  if (pending.kind === 'enrollTotp') return 'set up a new authenticator app (it becomes the preferred method)';
  if (pending.kind === 'verifyPhone') return 'change the phone number';
  const [key, value] = Object.entries(pending.change)[0] ?? ['', ''];
  const name = { sms: NAMES.SMS, totp: NAMES.TOTP, email: NAMES.EMAIL }[key as 'sms'] ?? key;
  return `${CHANGES[value ?? ''] ?? value}: ${name}`;
}

function Methods({ view }: { view: SettingsView }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Method</th>
          <th>Status</th>
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {view.methods.map((m) => (
          <tr key={m.method} data-method={m.method}>
            <td>{NAMES[m.method]}</td>
            <td>{m.enabled ? (m.preferred ? 'On, preferred' : 'On') : 'Off'}</td>
            <td className="actions">
              {/* The row's flags are false except on the ready step, the only one with the actions. */}
              {view.step === 'ready' && m.canSetUp && <button onClick={() => view.enroll(m.method as 'TOTP' | 'SMS')}>Set up</button>}
              {view.step === 'ready' && m.canPrefer && (
                <button className="secondary" onClick={() => view.prefer(m.method)}>
                  Make preferred
                </button>
              )}
              {m.enabled && (
                <button
                  className="secondary"
                  disabled={!m.canDisable}
                  title={m.disableBlockedReason ?? undefined}
                  onClick={() => view.step === 'ready' && view.disable(m.method)}
                >
                  Turn off
                </button>
              )}
              {m.disableBlockedReason && <span className="muted">{m.disableBlockedReason}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Cancel({ flow }: { flow: { cancel(): void } }) {
  return (
    <button type="button" className="secondary" onClick={flow.cancel}>
      Cancel
    </button>
  );
}

export function TotpEnrollment({ flow }: { flow: TotpView }) {
  return (
    <div data-flow="totp" data-flow-step={flow.step}>
      <h3>Set up an authenticator app</h3>
      <ErrorAlert error={flow.error} props={flow.getErrorProps()} />
      {(flow.step === 'awaitingCode' || flow.step === 'verifying') && (
        <>
          <p>Scan this with Google Authenticator, Authy or 1Password, or type the key in by hand.</p>
          {flow.totpSetup.qrDataUrl && (
            <img src={flow.totpSetup.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} data-qr />
          )}
          <p>
            Key:{' '}
            <span className="secret" data-secret={flow.totpSetup.secret}>
              {flow.totpSetup.secretGroups}
            </span>
          </p>
          <form
            noValidate
            onSubmit={(e) => {
              const code = formValue(e, 'code');
              if (flow.step === 'awaitingCode') flow.submitCode(code);
            }}
          >
            <Field
              label="Code from the app"
              labelProps={flow.getCodeLabelProps()}
              inputProps={flow.getCodeInputProps()}
              defaultValue={flow.values.code}
              autoFocus
            />
            <p className="muted">Attempts left: {flow.attemptsLeft}</p>
            <button {...flow.getSubmitButtonProps()}>Verify</button>
          </form>
        </>
      )}
      <div className="actions">
        {(flow.step === 'setupFailed' || flow.step === 'preferenceFailed') && <button onClick={flow.retry}>Try again</button>}
        {flow.step === 'tooManyAttempts' && <button onClick={flow.restart}>Start again</button>}
        {'cancel' in flow && <Cancel flow={flow} />}
      </div>
      {flow.busy && <p className="muted">Please wait…</p>}
    </div>
  );
}

export function PhoneVerification({ flow }: { flow: PhoneView }) {
  return (
    <div data-flow="phone" data-flow-step={flow.step}>
      <h3>Add a phone for text messages</h3>
      <ErrorAlert error={flow.error} props={flow.getErrorProps()} />
      {flow.step === 'enteringPhone' || flow.step === 'updatingPhone' ? (
        <form
          noValidate
          onSubmit={(e) => {
            const phone = formValue(e, 'phone');
            if (flow.step === 'enteringPhone') flow.submitPhone(phone);
          }}
        >
          <Field
            label="Phone number, with country code"
            labelProps={flow.getPhoneLabelProps()}
            inputProps={flow.getPhoneInputProps()}
            placeholder="+1 555 010 0100"
            defaultValue={flow.values.phone}
          />
          <div className="actions">
            <button {...flow.getSubmitButtonProps()}>Send code</button>
            <Cancel flow={flow} />
          </div>
        </form>
      ) : flow.step === 'awaitingCode' || flow.step === 'confirming' || flow.step === 'sendingCode' ? (
        <form
          noValidate
          onSubmit={(e) => {
            const code = formValue(e, 'code');
            if (flow.step === 'awaitingCode') flow.submitCode(code);
          }}
        >
          {flow.codeDelivery?.destination && <p className="muted">Sent to {flow.codeDelivery.destination}.</p>}
          <Field
            label="6-digit code"
            labelProps={flow.getCodeLabelProps()}
            inputProps={flow.getCodeInputProps()}
            defaultValue={flow.values.code}
            autoFocus
          />
          {flow.step !== 'sendingCode' && <Countdown until={flow.resendAt} label="New code available in" />}
          <div className="actions">
            <button {...flow.getSubmitButtonProps()}>Verify</button>
            {flow.step === 'awaitingCode' ? (
              <button {...flow.getResendButtonProps()} className="secondary" onClick={flow.resendCode}>
                Send a new code
              </button>
            ) : (
              <button type="button" className="secondary" disabled>
                Send a new code
              </button>
            )}
            {flow.step !== 'sendingCode' && (
              <button type="button" className="secondary" onClick={flow.changePhone}>
                Change number
              </button>
            )}
            <Cancel flow={flow} />
          </div>
        </form>
      ) : flow.step === 'enableFailed' ? (
        <div className="actions">
          <button onClick={flow.retry}>Try again</button>
          <Cancel flow={flow} />
        </div>
      ) : (
        <p className="muted">Please wait…</p>
      )}
    </div>
  );
}

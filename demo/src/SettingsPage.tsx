import { useEffect } from 'react';
import { useMfaSettings } from 'amplify-mfa-flow/react';
import type { MfaSettingsView, PhoneVerificationView, PoolCapabilities, TotpEnrollmentView } from 'amplify-mfa-flow';
import { CodeInput, Countdown, ErrorAlert, StepHeading, formValue } from './ui.js';
import { timingsFromUrl } from './backend.js';

const NAMES = { TOTP: 'Authenticator app', SMS: 'Text message (SMS)', EMAIL: 'Email' } as const;

export function SettingsPage({ capabilities, email, onActive }: { capabilities: PoolCapabilities; email: string; onActive: (ids: readonly string[]) => void }) {
  const view = useMfaSettings({ input: { capabilities, issuer: 'amplify-mfa-flow demo', accountName: email, ...timingsFromUrl() } });
  const activeKey = view.activeStates.join('|');
  useEffect(() => onActive(view.activeStates), [activeKey]);
  return (
    <section className="card" aria-busy={view.busy}>
      <StepHeading step={`settings-${view.step}`}>Two-step verification</StepHeading>
      <ErrorAlert error={view.error} />
      <p className="muted">
        This app's pool: MFA {view.mfaMode}. Status:{' '}
        <strong data-status={view.enabled.join(',') || 'none'}>
          {view.enabled.length ? view.enabled.map((m) => NAMES[m]).join(', ') : 'not set up'}
        </strong>
        {view.preferred ? `; preferred: ${NAMES[view.preferred]}` : ''}.
      </p>
      {view.step === 'loadFailed' && <button onClick={view.reload}>Try again</button>}
      {view.totpEnrollment ? (
        <TotpEnrollment flow={view.totpEnrollment} />
      ) : view.phoneVerification ? (
        <PhoneVerification flow={view.phoneVerification} />
      ) : (
        <Methods view={view} />
      )}
    </section>
  );
}

function Methods({ view }: { view: MfaSettingsView }) {
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
              {m.canSetUp && <button onClick={() => view.enroll(m.method as 'TOTP' | 'SMS')}>Set up</button>}
              {m.canPrefer && <button className="secondary" onClick={() => view.prefer(m.method)}>Make preferred</button>}
              {m.enabled && (
                <button className="secondary" disabled={!m.canDisable} title={m.disableBlockedReason ?? undefined} onClick={() => view.disable(m.method)}>
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

function TotpEnrollment({ flow }: { flow: TotpEnrollmentView }) {
  return (
    <div data-flow="totp" data-flow-step={flow.step}>
      <h3>Set up an authenticator app</h3>
      <ErrorAlert error={flow.error} />
      {flow.setup && (
        <>
          <p>Scan this with Google Authenticator, Authy or 1Password, or type the key in by hand.</p>
          {flow.setup.qrDataUrl && <img src={flow.setup.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} data-qr />}
          <p>
            Key: <span className="secret" data-secret={flow.setup.secret}>{flow.setup.secretGroups}</span>
          </p>
          <form onSubmit={(e) => flow.submitCode(formValue(e, 'code'))}>
            <CodeInput label="Code from the app" defaultValue={flow.values.code} />
            <p className="muted">Attempts left: {flow.attemptsLeft}</p>
            <button disabled={flow.busy}>Verify</button>
          </form>
        </>
      )}
      <div className="actions">
        {(flow.step === 'setupFailed' || flow.step === 'preferenceFailed') && <button onClick={flow.retry}>Try again</button>}
        {flow.step === 'tooManyAttempts' && <button onClick={flow.restart}>Start again</button>}
        <button type="button" className="secondary" onClick={flow.cancel}>
          Cancel
        </button>
      </div>
      {flow.busy && <p className="muted">Please wait…</p>}
    </div>
  );
}

function PhoneVerification({ flow }: { flow: PhoneVerificationView }) {
  return (
    <div data-flow="phone" data-flow-step={flow.step}>
      <h3>Add a phone for text messages</h3>
      <ErrorAlert error={flow.error} />
      {flow.step === 'enteringPhone' || flow.step === 'savingPhone' ? (
        <form onSubmit={(e) => flow.submitPhone(formValue(e, 'phone'))}>
          <label>
            Phone number, with country code
            <input name="phone" type="tel" autoComplete="tel" placeholder="+1 555 010 0100" defaultValue={flow.values.phone} />
          </label>
          <div className="actions">
            <button disabled={flow.busy}>Send code</button>
            <button type="button" className="secondary" onClick={flow.cancel}>Cancel</button>
          </div>
        </form>
      ) : flow.step === 'awaitingCode' || flow.step === 'confirming' || flow.step === 'sendingCode' ? (
        <form onSubmit={(e) => flow.submitCode(formValue(e, 'code'))}>
          {flow.codeDelivery?.destination && <p className="muted">Sent to {flow.codeDelivery.destination}.</p>}
          <CodeInput label="6-digit code" defaultValue={flow.values.code} />
          <Countdown until={flow.resendAt} label="New code available in" />
          <div className="actions">
            <button disabled={flow.busy}>Verify</button>
            <button type="button" className="secondary" disabled={!flow.canResend} onClick={flow.resendCode}>Send a new code</button>
            <button type="button" className="secondary" onClick={flow.changePhone}>Change number</button>
            <button type="button" className="secondary" onClick={flow.cancel}>Cancel</button>
          </div>
        </form>
      ) : flow.step === 'enableFailed' ? (
        <div className="actions">
          <button onClick={flow.retry}>Try again</button>
          <button type="button" className="secondary" onClick={flow.cancel}>Cancel</button>
        </div>
      ) : (
        <p className="muted">Please wait…</p>
      )}
    </div>
  );
}

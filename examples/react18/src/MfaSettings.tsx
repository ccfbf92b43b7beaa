import type { AmplifyConnection, TotpEnrollmentView } from 'amplify-mfa-flow';
import { useMfaSettings } from 'amplify-mfa-flow/react';
import { fields } from './App.tsx';

const NAMES = { TOTP: 'Authenticator app', SMS: 'Text message', EMAIL: 'Email' } as const;

export function MfaSettings({ connection, email }: { connection: AmplifyConnection; email: string }) {
  const view = useMfaSettings({ input: { capabilities: connection.capabilities, totpIssuer: 'Example app', accountName: email } });
  return (
    <section aria-busy={view.busy}>
      <h2>Two-step verification</h2>
      {view.error && <p role="alert">{view.error.message}</p>}
      {view.step === 'enrollingTotp' ? (
        <TotpEnrollment flow={view.totpEnrollment} />
      ) : (
        <ul>
          {view.methods.map((m) => (
            <li key={m.method}>
              {NAMES[m.method]}: {m.enabled ? 'on' : 'off'}
              {view.step === 'ready' && m.canSetUp && m.method === 'TOTP' && (
                <button type="button" onClick={() => view.enroll('TOTP')}>
                  Set up
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TotpEnrollment({ flow }: { flow: TotpEnrollmentView }) {
  if (flow.step !== 'awaitingCode' && flow.step !== 'verifying') return <p role="status">{flow.busy ? 'Please wait…' : flow.step}</p>;
  return (
    <form
      onSubmit={(e) => {
        const { code = '' } = fields(e);
        if (flow.step === 'awaitingCode') flow.submitCode(code);
      }}
    >
      {flow.totpSetup.qrDataUrl && <img src={flow.totpSetup.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} />}
      <label>
        Setup key <input readOnly value={flow.totpSetup.secretGroups} />
      </label>
      <label>
        Code from your authenticator app <input name="code" inputMode="numeric" autoComplete="one-time-code" />
      </label>
      {flow.error && <p role="alert">{flow.error.message}</p>}
      <button type="submit" disabled={flow.busy}>
        Verify
      </button>
      <button type="button" onClick={flow.cancel}>
        Cancel
      </button>
    </form>
  );
}

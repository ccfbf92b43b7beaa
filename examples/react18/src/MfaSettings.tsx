import type { AmplifyConnection } from 'amplify-mfa-flow';
import { useMfaSettings } from 'amplify-mfa-flow/react';
import { fields } from './App.tsx';

const NAMES = { TOTP: 'Authenticator app', SMS: 'Text message', EMAIL: 'Email' } as const;

export function MfaSettings({ connection, email }: { connection: AmplifyConnection; email: string }) {
  const view = useMfaSettings({ input: { capabilities: connection.capabilities, totpIssuer: 'Example app', accountName: email } });
  // The enrollment flow runs as a child of the settings flow; its steps show through `view.totpEnrollment`.
  const totp = view.step === 'enrollingTotp' ? view.totpEnrollment : null;
  return (
    <section aria-busy={view.busy}>
      <h2>Two-step verification</h2>
      {view.error && <p {...view.getErrorProps()}>{view.error.message}</p>}
      {totp?.step === 'awaitingCode' || totp?.step === 'verifying' ? (
        <form
          noValidate
          onSubmit={(e) => {
            const { code = '' } = fields(e);
            if (totp.step === 'awaitingCode') totp.submitCode(code);
          }}
        >
          {totp.totpSetup.qrDataUrl && (
            <img src={totp.totpSetup.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} />
          )}
          <label>
            Setup key <input readOnly value={totp.totpSetup.secretGroups} />
          </label>
          <label {...totp.getCodeLabelProps()}>
            Code from your authenticator app <input {...totp.getCodeInputProps()} />
          </label>
          {totp.error && <p {...totp.getErrorProps()}>{totp.error.message}</p>}
          <button {...totp.getSubmitButtonProps()}>Verify</button>
          <button type="button" onClick={totp.cancel}>
            Cancel
          </button>
        </form>
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

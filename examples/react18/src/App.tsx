import type { FormEvent } from 'react';
import { useState } from 'react';
import type { AmplifyConnection, TotpEnrollmentView } from 'amplify-mfa-flow';
import { useMfaSettings, useSignIn } from 'amplify-mfa-flow/react';

const NAMES = { TOTP: 'Authenticator app', SMS: 'Text message', EMAIL: 'Email' } as const;

function fields(event: FormEvent<HTMLFormElement>): Record<string, string> {
  event.preventDefault();
  return Object.fromEntries([...new FormData(event.currentTarget)].map(([k, v]) => [k, String(v)]));
}

export function App({ connection }: { connection: AmplifyConnection }) {
  const view = useSignIn({ input: { authFlowType: connection.authFlowType, totpIssuer: 'Example app' } });
  const [settings, setSettings] = useState(false);
  const error = view.error && <p role="alert">{view.error.message}</p>;

  if (view.step === 'credentials')
    return (
      <form
        onSubmit={(e) => {
          const f = fields(e);
          view.submitCredentials(f.email ?? '', f.password ?? '');
        }}
      >
        <label>
          Email <input name="email" type="email" autoComplete="username" defaultValue={view.values.username} />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" />
        </label>
        {error}
        <button type="submit" disabled={view.busy}>
          Sign in
        </button>
      </form>
    );
  if (view.step === 'totpCode')
    return (
      <form onSubmit={(e) => view.submitCode(fields(e).code ?? '')}>
        <label>
          Code from your authenticator app <input name="code" inputMode="numeric" autoComplete="one-time-code" />
        </label>
        {error}
        <button type="submit" disabled={view.busy}>
          Verify
        </button>{' '}
        <button type="button" onClick={view.cancel}>
          Cancel
        </button>
      </form>
    );
  if (view.step === 'signedIn')
    return (
      <section>
        <p>Signed in as {view.user?.email}</p>
        <button type="button" onClick={() => setSettings(!settings)}>
          MFA settings
        </button>{' '}
        <button type="button" onClick={() => view.signOut()}>
          Sign out
        </button>
        {settings && <MfaSettings connection={connection} email={view.user?.email ?? ''} />}
      </section>
    );
  if (view.step === 'signedOut')
    return (
      <section>
        <p>You are signed out.</p>
        <button type="button" onClick={view.restart}>
          Sign in again
        </button>
      </section>
    );
  return <p role="status">{view.busy ? 'Please wait…' : view.step}</p>;
}

function MfaSettings({ connection, email }: { connection: AmplifyConnection; email: string }) {
  const view = useMfaSettings({ input: { capabilities: connection.capabilities, issuer: 'Example app', accountName: email } });
  return (
    <section aria-busy={view.busy}>
      <h2>Two-step verification</h2>
      {view.error && <p role="alert">{view.error.message}</p>}
      {view.totpEnrollment ? (
        <TotpEnrollment flow={view.totpEnrollment} />
      ) : (
        <ul>
          {view.methods.map((m) => (
            <li key={m.method}>
              {NAMES[m.method]}: {m.enabled ? 'on' : 'off'}{' '}
              {m.canSetUp && m.method === 'TOTP' && (
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
  return (
    <form onSubmit={(e) => flow.submitCode(fields(e).code ?? '')}>
      {flow.setup?.qrDataUrl && <img src={flow.setup.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} />}
      {flow.setup && (
        <p>
          <label>
            Setup key <input readOnly value={flow.setup.secretGroups} />
          </label>
        </p>
      )}
      <label>
        Code from your authenticator app <input name="code" inputMode="numeric" autoComplete="one-time-code" />
      </label>
      {flow.error && <p role="alert">{flow.error.message}</p>}
      <button type="submit" disabled={flow.busy}>
        Verify
      </button>{' '}
      <button type="button" onClick={flow.cancel}>
        Cancel
      </button>
    </form>
  );
}

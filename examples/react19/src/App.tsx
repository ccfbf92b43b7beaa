import type { FormEvent } from 'react';
import { useState } from 'react';
import type { AmplifyConnection } from 'amplify-mfa-flow';
import { useSignIn } from 'amplify-mfa-flow/react';
import { MfaSettings } from './MfaSettings.tsx';

export function fields(event: FormEvent<HTMLFormElement>): Record<string, string> {
  event.preventDefault();
  return Object.fromEntries([...new FormData(event.currentTarget)].map(([k, v]) => [k, String(v)]));
}

export function App({ connection }: { connection: AmplifyConnection }) {
  const { authFlowType, loginWith } = connection;
  const view = useSignIn({ input: { authFlowType, loginWith, totpIssuer: 'Example app' } });
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
        </button>
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
        </button>
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

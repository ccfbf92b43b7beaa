import type { FormEvent } from 'react';
import { useState } from 'react';
import type { AmplifyConnection } from 'amplify-mfa-flow';
import { useSignIn } from 'amplify-mfa-flow/react';
import { MfaSettings } from './MfaSettings.tsx';

/** The form's fields by name (the prop getters name the inputs `username`, `password`, `code`). */
export function fields(event: FormEvent<HTMLFormElement>): Record<string, string> {
  event.preventDefault();
  return Object.fromEntries([...new FormData(event.currentTarget)].map(([k, v]) => [k, String(v)]));
}

export function App({ connection }: { connection: AmplifyConnection }) {
  const { authFlowType, loginWith } = connection;
  const view = useSignIn({ input: { authFlowType, loginWith, totpIssuer: 'Example app' } });
  const [settings, setSettings] = useState(false);
  const error = view.error && <p {...view.getErrorProps()}>{view.error.message}</p>;

  if (view.step === 'credentials' || view.step === 'signingIn')
    return (
      <form
        noValidate
        onSubmit={(e) => {
          const { username = '', password = '' } = fields(e);
          if (view.step === 'credentials') view.submitCredentials(username, password);
        }}
      >
        <label {...view.getUsernameLabelProps()}>
          Email <input {...view.getUsernameInputProps()} defaultValue={view.values.username} />
        </label>
        <label {...view.getPasswordLabelProps()}>
          Password <input {...view.getPasswordInputProps()} />
        </label>
        {error}
        <button {...view.getSubmitButtonProps()}>Sign in</button>
      </form>
    );
  if (view.step === 'totpCode')
    return (
      <form noValidate onSubmit={(e) => view.submitCode(fields(e).code ?? '')}>
        <label {...view.getCodeLabelProps()}>
          Code from your authenticator app <input {...view.getCodeInputProps()} />
        </label>
        {error}
        <button {...view.getSubmitButtonProps()}>Verify</button>
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
  return (
    <p role="status">
      {view.busy ? 'Please wait…' : view.step} {error}
    </p>
  );
}

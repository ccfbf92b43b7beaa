import { useState } from 'react';
import { signUpWithEmail } from 'amplify-mfa-flow';
import type { FlowError } from 'amplify-mfa-flow';
import { ErrorAlert, StepHeading } from './ui.js';

export function SignUpPage({ onDone }: { onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FlowError | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  return (
    <section className="card" aria-busy={busy}>
      <StepHeading step={sentTo ? 'signUpDone' : 'signUp'}>{sentTo ? 'Check your email' : 'Create an account'}</StepHeading>
      <ErrorAlert error={error} />
      {sentTo ? (
        <>
          <p>We sent a code to {sentTo}. Sign in, and you will be asked for it.</p>
          <button onClick={onDone}>Go to sign in</button>
        </>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            setBusy(true);
            const res = await signUpWithEmail(String(f.get('email')), String(f.get('password')));
            setBusy(false);
            if (res.ok) setSentTo(res.codeDelivery?.destination ?? String(f.get('email')));
            else setError(res.error);
          }}
        >
          <label>
            Email
            <input name="email" type="email" autoComplete="username" />
          </label>
          <label>
            Password
            <input name="password" type="password" autoComplete="new-password" />
          </label>
          <p className="muted">At least 8 characters with upper and lower case, a number and a symbol.</p>
          <button disabled={busy}>Create account</button>
        </form>
      )}
    </section>
  );
}

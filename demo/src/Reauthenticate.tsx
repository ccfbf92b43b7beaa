import type { AnyActorRef } from 'xstate';
import { connectSignIn } from 'amplify-mfa-flow';
import type { SignInSnapshot } from 'amplify-mfa-flow';
import { normalizeProps } from 'amplify-mfa-flow/react';
import { Step as SignInStep } from './SignInPage.js';
import type { SignInView } from './SignInPage.js';
import { ErrorAlert, Field, formValue } from './ui.js';

/** What the settings' and the passkeys' `reauthenticating` steps give the page. */
export interface ReauthenticatingView {
  readonly username: string;
  readonly reauthentication: AnyActorRef | null;
  submitPassword(password: string): void;
  cancel(): void;
}

/** The last sign-in is too old for the change asked for (`what`): the sign-in flow again, for this account only. */
export function Reauthenticate({ view, what }: { view: ReauthenticatingView; what: string }) {
  const ref = view.reauthentication;
  const flow = ref
    ? (connectSignIn(ref.getSnapshot() as SignInSnapshot, ref.send, { id: 'settings-reauth', normalize: normalizeProps }) as SignInView)
    : null;
  const step = flow?.step ?? 'adopting';
  return (
    <div data-flow="reauth" data-flow-step={step}>
      <h3>Sign in again to make this change</h3>
      <p>
        To <strong data-pending>{what}</strong>, confirm it is you: your last sign-in is too old. Nothing changes until you do.
      </p>
      {flow && (step === 'credentials' || step === 'signingIn' || step === 'checkingSession') && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            view.submitPassword(formValue(e, 'password'));
          }}
        >
          <ErrorAlert error={flow.error} props={flow.getErrorProps()} />
          <p className="muted">
            Signed in as <strong data-username>{view.username}</strong>
          </p>
          {flow.step === 'credentials' || flow.step === 'signingIn' ? (
            <Field label="Password" labelProps={flow.getPasswordLabelProps()} inputProps={flow.getPasswordInputProps()} autoFocus />
          ) : null}
          <div className="actions">
            <button type="submit" disabled={flow.step !== 'credentials'}>
              Confirm
            </button>
          </div>
        </form>
      )}
      {flow && !(step === 'credentials' || step === 'signingIn' || step === 'checkingSession') && (
        <>
          <ErrorAlert error={flow.error} props={flow.getErrorProps()} />
          <SignInStep view={flow} />
        </>
      )}
      {!flow && <p className="muted">Please wait…</p>}
      <div className="actions">
        <button type="button" className="secondary" onClick={view.cancel}>
          Cancel the change
        </button>
      </div>
    </div>
  );
}

import { useState } from 'react';
import {
  connectRecoveryCodes,
  connectRecoverySignIn,
  createAmplifyRecoveryCodesMachine,
  createAmplifyRecoverySignInMachine,
} from 'amplify-mfa-flow/recovery';
import { useFlow } from 'amplify-mfa-flow/react';
import { ErrorAlert, Field, StepHeading, formValue } from './ui.js';

/** The settings page's "Recovery codes" panel: each state shown plainly; the codes only while `showing`. */
export function RecoveryCodesPanel() {
  const [machine] = useState(() => createAmplifyRecoveryCodesMachine());
  const [round, setRound] = useState(0);
  return <Panel key={round} machine={machine} again={() => setRound((n) => n + 1)} hasCodes={round > 0} />;
}

function Panel({
  machine,
  again,
  hasCodes,
}: {
  machine: ReturnType<typeof createAmplifyRecoveryCodesMachine>;
  again: () => void;
  hasCodes: boolean;
}) {
  const view = useFlow(machine, connectRecoveryCodes, { input: { hasCodes } });
  return (
    <section className="card" aria-busy={view.busy} data-flow="recovery-codes">
      <StepHeading step={`recovery-${view.step}`}>Recovery codes</StepHeading>
      <ErrorAlert error={view.error} props={view.getErrorProps()} />
      {view.step === 'idle' && (
        <>
          <p className="muted">Single-use codes to sign in with if you lose your phone. Each works once.</p>
          <button onClick={view.start}>{view.hasCodes ? 'Make a new set' : 'Make recovery codes'}</button>
        </>
      )}
      {view.step === 'warning' && (
        <>
          <p role="alert">A new set replaces the old one: every old code stops working, used or not.</p>
          <button onClick={view.replace}>Make a new set</button>{' '}
          <button className="secondary" onClick={view.cancel}>
            Keep my codes
          </button>
        </>
      )}
      {(view.step === 'enteringPassword' || view.step === 'generating') && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (view.step === 'enteringPassword') view.submitPassword(formValue(e, 'password'));
          }}
        >
          <Field label="Your password" labelProps={view.getPasswordLabelProps()} inputProps={view.getPasswordInputProps()} autoFocus />
          <button {...view.getSubmitButtonProps()}>Show my codes</button>
        </form>
      )}
      {(view.step === 'showing' || view.step === 'saving') && (
        <>
          <p>Save these codes somewhere safe now: they are shown only once.</p>
          <ol className="codes" data-codes>
            {view.codes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ol>
          <button {...view.getSavedButtonProps()} onClick={view.step === 'showing' ? view.confirmSaved : undefined}>
            I saved them
          </button>{' '}
          {view.step === 'showing' && (
            <button className="secondary" onClick={view.cancel}>
              Cancel (keep the old codes)
            </button>
          )}
        </>
      )}
      {view.step === 'saved' && (
        <>
          <p data-status="saved">Your recovery codes are saved. Older codes no longer work.</p>
          <button className="secondary" onClick={again}>
            Make a new set
          </button>
        </>
      )}
      {(view.step === 'cancelled' || view.step === 'discarding') && (
        <button className="secondary" onClick={again}>
          Recovery codes
        </button>
      )}
    </section>
  );
}

/**
 * The "Use a recovery code" button of a sign-in's MFA code step (both sign-in pages): `onUse` ends that sign-in
 * and opens the recovery sign-in below in its place.
 */
export function UseRecoveryCode({ onUse }: { onUse(): void }) {
  return (
    <button type="button" className="secondary" data-action="use-recovery-code" onClick={onUse}>
      Use a recovery code
    </button>
  );
}

/** "Use a recovery code": the password and one code, in place of the second factor. */
export function RecoverySignInPanel({ onBack }: { onBack: () => void }) {
  const view = useFlow(createAmplifyRecoverySignInMachine(), connectRecoverySignIn, { input: {} });
  return (
    <section className="card" aria-busy={view.busy} data-flow="recovery-sign-in">
      <StepHeading step={`recovery-${view.step}`}>Sign in with a recovery code</StepHeading>
      <ErrorAlert error={view.error} props={view.getErrorProps()} />
      {(view.step === 'enteringCredentials' || view.step === 'signingIn') && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            if (view.step === 'enteringCredentials') view.submitCredentials(String(f.get('username')), String(f.get('password')));
          }}
        >
          <Field label="Email" labelProps={view.getUsernameLabelProps()} inputProps={view.getUsernameInputProps()} autoFocus />
          <Field label="Password" labelProps={view.getPasswordLabelProps()} inputProps={view.getPasswordInputProps()} />
          <button {...view.getSubmitButtonProps()}>Continue</button>
        </form>
      )}
      {(view.step === 'awaitingCode' || view.step === 'verifyingCode') && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (view.step === 'awaitingCode') view.submitCode(formValue(e, 'code'));
          }}
        >
          <Field
            label="Recovery code"
            labelProps={view.getCodeLabelProps()}
            inputProps={view.getCodeInputProps()}
            defaultValue={view.values.code}
            autoFocus
          />
          <p className="muted" data-attempts-left={view.attemptsLeft}>
            Attempts left: {view.attemptsLeft}
          </p>
          <button {...view.getSubmitButtonProps()}>Sign in</button>
        </form>
      )}
      {view.step === 'signedIn' && <p data-status="signed-in">Signed in as {view.username}.</p>}
      {view.step !== 'signedIn' && (
        <button type="button" className="secondary" onClick={onBack}>
          Back to the usual sign-in
        </button>
      )}
    </section>
  );
}

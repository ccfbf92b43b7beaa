import { useState } from 'react';
import { RecoverySignInPanel, UseRecoveryCode } from './RecoveryCodes.js';
import { signInMachine } from 'amplify-mfa-flow';
import { useSignIn } from 'amplify-mfa-flow/react';
import type { InspectionObserver } from 'amplify-mfa-flow/react';
import type { AmplifyConnection } from 'amplify-mfa-flow';
import { Countdown, ErrorAlert, Field, StepHeading, formValue } from './ui.js';
import { timingsFromUrl } from './backend.js';
import { useT } from './i18n.js';
import { persisted } from './persist.js';

/** Whatever the hook hands out (its prop spelling included); `At<'totpCode'>` is one step of it. */
export type SignInView = ReturnType<typeof useSignIn>;
type At<S extends SignInView['step']> = Extract<SignInView, { step: S }>;

const METHOD_NAMES = { TOTP: 'Authenticator app', SMS: 'Text message (SMS)', EMAIL: 'Email' } as const;

/** What the identifier field is called, for what the pool signs in with. */
const IDENTIFIER_LABEL = { email: 'Email', phone: 'Phone number', username: 'Username' } as const;
let identifierLabel = 'Email';

/** The identifier field's label for this pool (shared with the passwordless sign-in page). */
export function labelIdentifier(connection: AmplifyConnection): string {
  identifierLabel = connection.loginWith.map((k) => IDENTIFIER_LABEL[k]).join(' or ');
  return identifierLabel;
}

/** The sign-in flow lives for the whole app, so the settings page knows who is signed in. */
export function useDemoSignIn(connection: AmplifyConnection, inspect?: InspectionObserver): SignInView {
  labelIdentifier(connection);
  // Restored after a reload, on the same step (see persist.ts).
  const [stored] = useState(() => persisted('signIn', signInMachine));
  return useSignIn({
    ...stored,
    input: {
      authFlowType: connection.authFlowType,
      loginWith: connection.loginWith,
      totpIssuer: 'amplify-mfa-flow demo',
      ...timingsFromUrl(),
    },
    ...(inspect ? { inspect } : {}),
  });
}

export function SignInPage({ view }: { view: SignInView }) {
  const t = useT();
  // "Use a recovery code" hands the user over to the recovery sign-in; once it signs in, Amplify's Hub
  // tells this flow (AUTH.SIGNED_IN), which reads the user as after any sign-in.
  const [recovering, setRecovering] = useState(false);
  if (recovering && view.step !== 'signedIn') return <RecoverySignInPanel onBack={() => setRecovering(false)} />;
  const codeStep = view.step === 'totpCode' || view.step === 'smsCode' || view.step === 'emailCode';
  return (
    <section className="card" aria-busy={view.busy}>
      <StepHeading step={view.step}>{t.step('signIn', view.step)}</StepHeading>
      <ErrorAlert error={view.error} props={view.getErrorProps()} />
      <Step view={view} />
      {codeStep && (
        <UseRecoveryCode
          onUse={() => {
            view.cancel();
            setRecovering(true);
          }}
        />
      )}
    </section>
  );
}

function Cancel({ view }: { view: { cancel(): void } }) {
  return (
    <button type="button" className="secondary" onClick={view.cancel}>
      Cancel
    </button>
  );
}

function Resend({ view }: { view: At<'smsCode' | 'emailCode' | 'confirmSignUp' | 'resetPassword'> }) {
  return (
    <button {...view.getResendButtonProps()} className="secondary" onClick={view.resendCode}>
      Send a new code
    </button>
  );
}

/** Credentials, kept on screen (disabled) while they are sent. */
function Credentials({ view }: { view: At<'credentials' | 'signingIn'> }) {
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        if (view.step === 'credentials') view.submitCredentials(String(f.get('username')), String(f.get('password')));
      }}
    >
      <Field
        label={identifierLabel}
        labelProps={view.getUsernameLabelProps()}
        inputProps={view.getUsernameInputProps()}
        defaultValue={view.values.username}
      />
      <Field label="Password" labelProps={view.getPasswordLabelProps()} inputProps={view.getPasswordInputProps()} />
      <div className="actions">
        <button {...view.getSubmitButtonProps()}>Sign in</button>
        {view.step === 'signingIn' && <Cancel view={view} />}
        {view.step === 'credentials' && (
          <button type="button" className="secondary" onClick={() => view.forgotPassword()}>
            Forgot password?
          </button>
        )}
      </div>
    </form>
  );
}

function CodeChallenge({ view, codeLabel }: { view: At<'totpCode' | 'smsCode' | 'emailCode' | 'totpSetup'>; codeLabel: string }) {
  return (
    <>
      {view.step === 'totpSetup' && (
        <div>
          <p>Scan this with Google Authenticator, Authy or 1Password, or type the key in by hand.</p>
          {view.totpSetup.qrDataUrl && (
            <img src={view.totpSetup.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} />
          )}
          <p>
            Key:{' '}
            <span className="secret" data-secret={view.totpSetup.secret}>
              {view.totpSetup.secretGroups}
            </span>
          </p>
        </div>
      )}
      {(view.step === 'smsCode' || view.step === 'emailCode') && view.codeDelivery?.destination && (
        <p className="muted">Sent to {view.codeDelivery.destination}.</p>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          const remember = new FormData(e.currentTarget).get('rememberDevice') === 'on';
          view.submitCode(formValue(e, 'code'), { rememberDevice: remember });
        }}
      >
        <Field
          label={codeLabel}
          labelProps={view.getCodeLabelProps()}
          inputProps={view.getCodeInputProps()}
          defaultValue={view.values.code}
          autoFocus
        />
        <label className="checkbox">
          <input type="checkbox" name="rememberDevice" disabled={view.busy} /> Remember this device
        </label>
        <p className="muted" data-attempts={view.attemptsLeft}>
          Attempts left: {view.attemptsLeft}
        </p>
        <Countdown until={view.expiresAt} label="Expires in" />
        <div className="actions">
          <button {...view.getSubmitButtonProps()}>Verify</button>
          {(view.step === 'smsCode' || view.step === 'emailCode') && <Resend view={view} />}
          <Cancel view={view} />
        </div>
      </form>
    </>
  );
}

/** One step of the sign-in; `codeLabel` names the sign-in code's field (a passwordless first-factor code has 8 digits). */
export function Step({ view, codeLabel = '6-digit code' }: { view: SignInView; codeLabel?: string }) {
  switch (view.step) {
    case 'credentials':
    case 'signingIn':
      return <Credentials view={view} />;
    case 'totpCode':
    case 'smsCode':
    case 'emailCode':
    case 'totpSetup':
      return <CodeChallenge view={view} codeLabel={view.step === 'totpCode' || view.step === 'totpSetup' ? '6-digit code' : codeLabel} />;
    case 'mfaSelection':
    case 'mfaSetupSelection':
      return (
        <div className="actions" role="group" aria-label="Verification methods">
          {view.allowedMethods.map((m) => (
            <button key={m} {...view.getMethodButtonProps(m)} onClick={() => view.selectMethod(m)}>
              {METHOD_NAMES[m]}
            </button>
          ))}
          <Cancel view={view} />
          <Countdown until={view.expiresAt} label="Expires in" />
        </div>
      );
    case 'emailSetup':
      return (
        <form noValidate onSubmit={(e) => view.submitEmail(formValue(e, 'email'))}>
          <Field label="Email for codes" labelProps={view.getEmailLabelProps()} inputProps={view.getEmailInputProps()} />
          <div className="actions">
            <button {...view.getSubmitButtonProps()}>Continue</button>
            <Cancel view={view} />
          </div>
        </form>
      );
    case 'newPassword':
      return (
        <form noValidate onSubmit={(e) => view.submitNewPassword(formValue(e, 'newPassword'))}>
          <Field label="New password" labelProps={view.getNewPasswordLabelProps()} inputProps={view.getNewPasswordInputProps()} />
          {view.missingAttributes.length > 0 && <p className="muted">Also needed: {view.missingAttributes.join(', ')}</p>}
          <div className="actions">
            <button {...view.getSubmitButtonProps()}>Set password</button>
            <Cancel view={view} />
          </div>
        </form>
      );
    case 'confirmSignUp':
      return (
        <form noValidate onSubmit={(e) => view.submitCode(formValue(e, 'code'))}>
          <p className="muted">Enter the code sent to your email when you signed up.</p>
          <Field
            label="6-digit code"
            labelProps={view.getCodeLabelProps()}
            inputProps={view.getCodeInputProps()}
            defaultValue={view.values.code}
            autoFocus
          />
          <div className="actions">
            <button {...view.getSubmitButtonProps()}>Confirm</button>
            <Resend view={view} />
            <Cancel view={view} />
          </div>
        </form>
      );
    case 'resetPassword':
      return (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            view.submitPasswordReset(String(f.get('code')), String(f.get('newPassword')));
          }}
        >
          {view.codeDelivery?.destination && <p className="muted">Code sent to {view.codeDelivery.destination}.</p>}
          <Field
            label="Reset code"
            labelProps={view.getCodeLabelProps()}
            inputProps={view.getCodeInputProps()}
            defaultValue={view.values.code}
            autoFocus
          />
          <Field label="New password" labelProps={view.getNewPasswordLabelProps()} inputProps={view.getNewPasswordInputProps()} />
          <div className="actions">
            <button {...view.getSubmitButtonProps()}>Reset password</button>
            <Resend view={view} />
            <Cancel view={view} />
          </div>
        </form>
      );
    case 'forgotPassword':
      return (
        <form noValidate onSubmit={(e) => view.submitUsername(formValue(e, 'username'))}>
          <Field
            label={identifierLabel}
            labelProps={view.getUsernameLabelProps()}
            inputProps={view.getUsernameInputProps()}
            defaultValue={view.values.username}
            autoFocus
          />
          <div className="actions">
            <button {...view.getSubmitButtonProps()}>Send code</button>
            <Cancel view={view} />
          </div>
        </form>
      );
    case 'otherUserSignedIn':
      return (
        <>
          <p>Another account is signed in on this device. Sign it out to sign in as {view.values.username}.</p>
          <div className="actions">
            <button disabled={view.busy} onClick={() => view.signOut()}>
              Sign them out
            </button>
            <Cancel view={view} />
          </div>
        </>
      );
    case 'locked':
      return (
        <>
          <p>For your security, wait a moment before trying again.</p>
          <div className="actions">
            <button onClick={view.restart}>Sign in again</button>
            <Cancel view={view} />
          </div>
        </>
      );
    case 'expired':
      return (
        <div className="actions">
          <button onClick={view.restart}>Sign in again</button>
          <Cancel view={view} />
        </div>
      );
    case 'signedIn':
      return (
        <>
          <p data-user={view.user?.email}>Signed in as {view.user?.email}.</p>
          <div className="actions">
            <button onClick={() => view.signOut()}>Sign out</button>
            <button className="secondary" onClick={() => view.signOut({ global: true })}>
              Sign out everywhere
            </button>
          </div>
        </>
      );
    case 'signedOut':
      return <button onClick={view.restart}>Sign in</button>;
    case 'checkingSession':
    case 'checkingSignedInUser':
    case 'loadingUser':
    case 'rememberingDevice':
    case 'signingOut':
      return (
        <>
          <p className="muted">Please wait…</p>
          <button className="secondary" onClick={view.cancel}>
            Stop waiting
          </button>
        </>
      );
  }
}

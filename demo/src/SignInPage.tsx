import { useSignIn } from 'amplify-mfa-flow/react';
import type { InspectionObserver } from 'amplify-mfa-flow/react';
import type { AuthFlowType, SignInView } from 'amplify-mfa-flow';
import { CodeInput, Countdown, ErrorAlert, StepHeading, formValue } from './ui.js';
import { timingsFromUrl } from './backend.js';

const TITLES: Record<SignInView['step'], string> = {
  checkingSession: 'Checking for a session…',
  credentials: 'Sign in',
  signingIn: 'Signing in…',
  totpCode: 'Enter the code from your authenticator app',
  smsCode: 'Enter the code we texted you',
  emailCode: 'Enter the code we emailed you',
  mfaSelection: 'Choose how to verify',
  mfaSetupSelection: 'Choose a method to set up',
  totpSetup: 'Set up an authenticator app',
  emailSetup: 'Add an email address for codes',
  newPassword: 'Choose a new password',
  confirmSignUp: 'Confirm your account',
  resetPassword: 'Reset your password',
  forgotPassword: 'Forgot your password?',
  locked: 'Too many attempts',
  expired: 'This sign-in expired',
  checkingSignedInUser: 'Checking who is signed in…',
  otherUserSignedIn: 'Someone else is signed in',
  loadingUser: 'Signed in, loading your profile…',
  signedIn: 'You are signed in',
  signingOut: 'Signing out…',
  signedOut: 'You are signed out',
};

const METHOD_NAMES = { TOTP: 'Authenticator app', SMS: 'Text message (SMS)', EMAIL: 'Email' } as const;

/** The sign-in flow lives for the whole app, so the settings page knows who is signed in. */
export function useDemoSignIn(authFlowType: AuthFlowType, inspect?: InspectionObserver): SignInView {
  return useSignIn({ input: { authFlowType, totpIssuer: 'amplify-mfa-flow demo', ...timingsFromUrl() }, ...(inspect ? { inspect } : {}) });
}

export function SignInPage({ view }: { view: SignInView }) {
  return (
    <section className="card" aria-busy={view.busy}>
      <StepHeading step={view.step}>{TITLES[view.step]}</StepHeading>
      <ErrorAlert error={view.error} />
      <Step view={view} />
    </section>
  );
}

function Resend({ view }: { view: SignInView }) {
  return (
    <button type="button" className="secondary" disabled={view.busy || !view.canResend} onClick={view.resendCode}>
      Send a new code
    </button>
  );
}

function Cancel({ view }: { view: SignInView }) {
  return (
    <button type="button" className="secondary" onClick={view.cancel}>
      Cancel
    </button>
  );
}

function Step({ view }: { view: SignInView }) {
  switch (view.step) {
    case 'credentials':
      return (
        <form onSubmit={(e) => { e.preventDefault(); const f = new FormData(e.currentTarget); view.submitCredentials(String(f.get('email')), String(f.get('password'))); }}>
          <label>
            Email
            <input name="email" type="email" autoComplete="username" defaultValue={view.values.username} />
          </label>
          <label>
            Password
            <input name="password" type="password" autoComplete="current-password" />
          </label>
          <div className="actions">
            <button disabled={view.busy}>Sign in</button>
            <button type="button" className="secondary" onClick={() => view.forgotPassword()}>
              Forgot password?
            </button>
          </div>
        </form>
      );
    case 'forgotPassword':
      return (
        <form onSubmit={(e) => view.submitUsername(formValue(e, 'email'))}>
          <label>
            Email
            <input name="email" type="email" autoComplete="username" defaultValue={view.values.username} />
          </label>
          <div className="actions">
            <button disabled={view.busy}>Send code</button>
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
    case 'totpCode':
    case 'smsCode':
    case 'emailCode':
    case 'totpSetup':
      return (
        <>
          {view.step === 'totpSetup' && view.totpSetup && (
            <div>
              <p>Scan this with Google Authenticator, Authy or 1Password, or type the key in by hand.</p>
              {view.totpSetup.qrDataUrl && <img src={view.totpSetup.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} />}
              <p>
                Key: <span className="secret" data-secret={view.totpSetup.secret}>{view.totpSetup.secretGroups}</span>
              </p>
            </div>
          )}
          {view.codeDelivery?.destination && <p className="muted">Sent to {view.codeDelivery.destination}.</p>}
          <form onSubmit={(e) => view.submitCode(formValue(e, 'code'))}>
            <CodeInput label="6-digit code" defaultValue={view.values.code} />
            <p className="muted" data-attempts={view.attemptsLeft}>Attempts left: {view.attemptsLeft}</p>
            <Countdown until={view.expiresAt} label="Expires in" />
            <div className="actions">
              <button disabled={view.busy}>Verify</button>
              {(view.step === 'smsCode' || view.step === 'emailCode') && (
                <button type="button" className="secondary" disabled={!view.canResend} onClick={view.resendCode}>
                  Send a new code
                </button>
              )}
              <Cancel view={view} />
            </div>
          </form>
        </>
      );
    case 'mfaSelection':
    case 'mfaSetupSelection':
      return (
        <div className="actions" role="group" aria-label="Verification methods">
          {view.allowedMethods.map((m) => (
            <button key={m} disabled={view.busy} onClick={() => view.selectMethod(m)}>
              {METHOD_NAMES[m]}
            </button>
          ))}
          <Cancel view={view} />
          <Countdown until={view.expiresAt} label="Expires in" />
        </div>
      );
    case 'emailSetup':
      return (
        <form onSubmit={(e) => view.submitEmail(formValue(e, 'email'))}>
          <label>
            Email for codes
            <input name="email" type="email" autoComplete="email" />
          </label>
          <div className="actions">
            <button disabled={view.busy}>Continue</button>
            <Cancel view={view} />
          </div>
        </form>
      );
    case 'newPassword':
      return (
        <form onSubmit={(e) => view.submitNewPassword(formValue(e, 'password'))}>
          <label>
            New password
            <input name="password" type="password" autoComplete="new-password" />
          </label>
          {view.missingAttributes.length > 0 && <p className="muted">Also needed: {view.missingAttributes.join(', ')}</p>}
          <div className="actions">
            <button disabled={view.busy}>Set password</button>
            <Cancel view={view} />
          </div>
        </form>
      );
    case 'confirmSignUp':
      return (
        <form onSubmit={(e) => view.submitCode(formValue(e, 'code'))}>
          <p className="muted">Enter the code sent to your email when you signed up.</p>
          <CodeInput label="6-digit code" defaultValue={view.values.code} />
          <div className="actions">
            <button disabled={view.busy}>Confirm</button>
            <Resend view={view} />
            <Cancel view={view} />
          </div>
        </form>
      );
    case 'resetPassword':
      return (
        <form onSubmit={(e) => { e.preventDefault(); const f = new FormData(e.currentTarget); view.submitPasswordReset(String(f.get('code')), String(f.get('password'))); }}>
          {view.codeDelivery?.destination && <p className="muted">Code sent to {view.codeDelivery.destination}.</p>}
          <CodeInput label="Reset code" defaultValue={view.values.code} />
          <label>
            New password
            <input name="password" type="password" autoComplete="new-password" />
          </label>
          <div className="actions">
            <button disabled={view.busy}>Reset password</button>
            <Resend view={view} />
            <Cancel view={view} />
          </div>
        </form>
      );
    case 'locked':
      return (
        <>
          <p>For your security, wait a moment before trying again.</p>
          <button disabled={!view.canRestart} onClick={view.restart}>
            Sign in again
          </button>
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
    default:
      return <p className="muted">Please wait…</p>;
  }
}

import { useState } from 'react';
import { passwordlessSignInMachine } from 'amplify-mfa-flow/passwordless';
import type { FirstFactor } from 'amplify-mfa-flow/passwordless';
import { usePasswordlessSignIn } from 'amplify-mfa-flow/react';
import type { InspectionObserver } from 'amplify-mfa-flow/react';
import type { AmplifyConnection } from 'amplify-mfa-flow';
import { Step, labelIdentifier } from './SignInPage.js';
import type { SignInView } from './SignInPage.js';
import { RecoverySignInPanel, UseRecoveryCode } from './RecoveryCodes.js';
import { Countdown, ErrorAlert, Field, StepHeading, formValue } from './ui.js';
import { timingsFromUrl } from './backend.js';
import { useT } from './i18n.js';
import { persisted, remembered } from './persist.js';

// The sign-in page of a pool that offers passwordless sign-in (amplify_outputs `auth.passwordless`): the
// passwordless machine (amplify-mfa-flow/passwordless) with its aws-amplify actors. Its own steps are drawn here;
// every step it shares with the password sign-in (MFA codes, set-ups, new password, …) is SignInPage's `Step`.

export type PasswordlessView = ReturnType<typeof usePasswordlessSignIn>;
type At<S extends PasswordlessView['step']> = Extract<PasswordlessView, { step: S }>;

const FACTOR_NAMES: Readonly<Record<FirstFactor, string>> = {
  PASSWORD: 'Password',
  PASSWORD_SRP: 'Password (SRP)',
  EMAIL_OTP: 'Email me a code',
  SMS_OTP: 'Text me a code',
  WEB_AUTHN: 'Passkey',
};

const OWN_STEPS = ['factorSelection', 'password', 'passkey', 'passkeyFailed', 'customChallenge'] as const;
type OwnStep = (typeof OWN_STEPS)[number];
const isOwn = (step: string): step is OwnStep => (OWN_STEPS as readonly string[]).includes(step);

/**
 * `?customChallenge`: the password sign-in goes by Cognito's custom flow with SRP first (`CUSTOM_WITH_SRP`), so after
 * the password the pool's own custom-auth triggers (amplify/auth/recovery) ask their challenge, and the flow's
 * generic `customChallenge` step shows it as they sent it. Those triggers have one challenge for a sign-in, a
 * recovery code: the same one "Use a recovery code" answers, here through the step any custom challenge gets.
 */
function customChallengeFromUrl(): boolean {
  return new URLSearchParams(window.location.search).has('customChallenge');
}

export function usePasswordlessDemoSignIn(connection: AmplifyConnection, inspect?: InspectionObserver): PasswordlessView {
  labelIdentifier(connection);
  const custom = customChallengeFromUrl();
  // Restored after a reload, on the same step (see persist.ts); a passkey dialog in flight restores as not finished.
  // Each flow type keeps its own (a restored flow keeps the flow type it started with).
  const [stored] = useState(() => persisted(custom ? 'passwordlessSignIn.custom' : 'passwordlessSignIn', passwordlessSignInMachine));
  const passkeyTimeoutMs = new URLSearchParams(window.location.search).get('passkeyTimeoutMs');
  return usePasswordlessSignIn({
    ...stored,
    input: {
      authFlowType: custom ? 'CUSTOM_WITH_SRP' : connection.authFlowType,
      loginWith: connection.loginWith,
      totpIssuer: 'amplify-mfa-flow demo',
      ...timingsFromUrl(),
      // The passkey step's own wait, shortened from the URL too (e.g. ?passkeyTimeoutMs=3000).
      ...(passkeyTimeoutMs ? { passkeyTimeoutMs: Number(passkeyTimeoutMs) } : {}),
    },
    ...(inspect ? { inspect } : {}),
  });
}

export function PasswordlessSignInPage({ view, identifierLabel }: { view: PasswordlessView; identifierLabel: string }) {
  const t = useT();
  // A code picked as the first factor has 8 digits, an MFA code 6: the page remembers which factor was picked
  // (across a reload too, as the flow's step is).
  const [picked, pick] = useState(() => (remembered.get('firstFactor') || null) as FirstFactor | null);
  const setPicked = (factor: FirstFactor | null) => {
    remembered.set('firstFactor', factor ?? '');
    pick(factor);
  };
  const firstFactorCode = picked === 'EMAIL_OTP' || picked === 'SMS_OTP';
  // "Use a recovery code", as on the password sign-in page (SignInPage): on an MFA code step only (a code sent
  // as the first factor is not a second factor to replace); Amplify's Hub tells this flow once it signs in.
  const [recovering, setRecovering] = useState(false);
  if (recovering && view.step !== 'signedIn') return <RecoverySignInPanel onBack={() => setRecovering(false)} />;
  const mfaCodeStep = view.step === 'totpCode' || ((view.step === 'smsCode' || view.step === 'emailCode') && !firstFactorCode);
  const title = isOwn(view.step) ? t.step('passwordlessSignIn', view.step) : t.step('signIn', view.step);
  return (
    <section className="card" aria-busy={view.busy} data-flow="passwordless">
      <StepHeading step={view.step}>{title}</StepHeading>
      <ErrorAlert error={view.error} props={view.getErrorProps()} />
      {view.step === 'credentials' ? (
        <Identifier view={view} label={identifierLabel} onStart={() => setPicked(null)} />
      ) : view.step === 'factorSelection' ? (
        <FactorSelection view={view} onPick={setPicked} />
      ) : view.step === 'password' ? (
        <Password view={view} />
      ) : view.step === 'passkey' ? (
        <Passkey view={view} />
      ) : view.step === 'passkeyFailed' ? (
        <PasskeyFailed view={view} />
      ) : view.step === 'customChallenge' ? (
        <CustomChallenge view={view} />
      ) : (
        <>
          {/* The password sign-in's steps, as its page draws them. */}
          <Step view={view as SignInView} codeLabel={firstFactorCode ? '8-digit code' : '6-digit code'} />
          {'changeMethod' in view && <ChangeMethod view={view} />}
          {mfaCodeStep && (
            <UseRecoveryCode
              onUse={() => {
                view.cancel();
                setRecovering(true);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

function ChangeMethod({ view }: { view: { changeMethod(): void; busy: boolean } }) {
  return (
    <button type="button" className="secondary" data-action="change-method" disabled={view.busy} onClick={view.changeMethod}>
      Use another method
    </button>
  );
}

function Cancel({ view }: { view: { cancel(): void } }) {
  return (
    <button type="button" className="secondary" onClick={view.cancel}>
      Cancel
    </button>
  );
}

/**
 * The identifier, and the password or not: with the password it is the password sign-in; without, Cognito
 * (USER_AUTH) offers the first factors this user has.
 */
function Identifier({ view, label, onStart }: { view: At<'credentials'>; label: string; onStart(): void }) {
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const submitter = (e.nativeEvent as SubmitEvent).submitter?.getAttribute('data-action');
        onStart();
        if (submitter === 'without-password') view.startSignIn(String(f.get('username')));
        else view.submitCredentials(String(f.get('username')), String(f.get('password')));
      }}
    >
      <Field
        label={label}
        labelProps={view.getUsernameLabelProps()}
        inputProps={view.getUsernameInputProps()}
        defaultValue={view.values.username}
      />
      <Field label="Password" labelProps={view.getPasswordLabelProps()} inputProps={view.getPasswordInputProps()} />
      <div className="actions">
        <button {...view.getSubmitButtonProps()}>Sign in</button>
        <button {...view.getSubmitButtonProps()} className="secondary" data-action="without-password">
          Sign in without a password
        </button>
        <button type="button" className="secondary" onClick={() => view.forgotPassword()}>
          Forgot password?
        </button>
      </div>
      <CustomFlowSwitch />
    </form>
  );
}

/** Turns `?customChallenge` on or off (a new page: the flow's input is read once). */
function CustomFlowSwitch() {
  const on = customChallengeFromUrl();
  const url = new URL(window.location.href);
  if (on) url.searchParams.delete('customChallenge');
  else url.searchParams.set('customChallenge', '');
  return on ? (
    <p className="muted" data-custom-flow="on">
      Custom challenge: "Sign in" sends the password by SRP in Cognito's custom flow (CUSTOM_WITH_SRP); then this pool's own custom-auth
      triggers ask their challenge, shown here as they send it. Theirs asks for one of your recovery codes (made in MFA settings).{' '}
      <a href={url.toString()}>Back to the usual sign-in</a>
    </p>
  ) : (
    <p className="muted">
      <a href={url.toString()} data-action="custom-flow">
        Sign in with the pool's custom challenge (CUSTOM_WITH_SRP)
      </a>
    </p>
  );
}

function FactorSelection({ view, onPick }: { view: At<'factorSelection'>; onPick(factor: FirstFactor): void }) {
  return (
    <>
      <div className="actions" role="group" aria-label="Ways to sign in">
        {view.availableChallenges.map((f) => (
          <button
            key={f}
            {...view.getFactorButtonProps(f)}
            data-factor={f}
            onClick={() => {
              onPick(f);
              view.selectFactor(f);
            }}
          >
            {FACTOR_NAMES[f]}
          </button>
        ))}
      </div>
      <div className="actions">
        <ChangeMethod view={view} />
        <Cancel view={view} />
      </div>
      <Countdown until={view.expiresAt} label="Expires in" />
    </>
  );
}

function Password({ view }: { view: At<'password'> }) {
  return (
    <form noValidate onSubmit={(e) => view.submitPassword(formValue(e, 'password'))}>
      <Field label="Password" labelProps={view.getPasswordLabelProps()} inputProps={view.getPasswordInputProps()} autoFocus />
      <div className="actions">
        <button {...view.getSubmitButtonProps()}>Continue</button>
        <ChangeMethod view={view} />
        <Cancel view={view} />
      </div>
      <Countdown until={view.expiresAt} label="Expires in" />
    </form>
  );
}

function Passkey({ view }: { view: At<'passkey'> }) {
  return (
    <>
      <p className="muted">Your browser is asking for your passkey: follow its prompt.</p>
      <div className="actions">
        {/* Not disabled while the prompt is open: these are the way out of it. */}
        <button type="button" className="secondary" data-action="change-method" onClick={view.changeMethod}>
          Use another method
        </button>
        <Cancel view={view} />
      </div>
    </>
  );
}

function PasskeyFailed({ view }: { view: At<'passkeyFailed'> }) {
  return (
    <div className="actions">
      <button type="button" onClick={view.retry}>
        Try the passkey again
      </button>
      <ChangeMethod view={view} />
      <Cancel view={view} />
    </div>
  );
}

function CustomChallenge({ view }: { view: At<'customChallenge'> }) {
  const parameters = Object.entries(view.parameters);
  return (
    // Each challenge the triggers send is a new form (each starts its own clock, `expiresAt`), so the field shows the
    // answer the flow holds: the one typed while it is refused before a call, nothing once another challenge came.
    <form key={view.expiresAt ?? 0} noValidate onSubmit={(e) => view.submitAnswer(formValue(e, 'answer'))}>
      {parameters.length > 0 && (
        <dl>
          {parameters.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd data-parameter={k}>{v}</dd>
            </div>
          ))}
        </dl>
      )}
      <Field
        label="Answer"
        labelProps={view.getAnswerLabelProps()}
        inputProps={view.getAnswerInputProps()}
        defaultValue={view.values.answer}
        autoFocus
      />
      <div className="actions">
        <button {...view.getSubmitButtonProps()}>Send answer</button>
        <ChangeMethod view={view} />
        <Cancel view={view} />
      </div>
      <Countdown until={view.expiresAt} label="Expires in" />
    </form>
  );
}

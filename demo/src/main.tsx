import { StrictMode, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { AnyStateMachine } from 'xstate';
import { createRoot } from 'react-dom/client';
import { configureAmplify } from 'amplify-mfa-flow';
import type { AmplifyConnection } from 'amplify-mfa-flow';
import type { InspectionObserver } from 'amplify-mfa-flow/react';
import { mfaRequiredBy } from 'amplify-mfa-flow/policy';
import { loadOutputs, BACKEND } from './backend.js';
import { Inbox } from './Inbox.js';
import { PolicyGate, REQUIRE_MFA_FOR_GROUPS } from './PolicyGate.js';
import { RecoveryCodesPanel } from './RecoveryCodes.js';
import { DevicesCard } from './DevicesCard.js';
import { SettingsPage } from './SettingsPage.js';
import { SignInPage, labelIdentifier, useDemoSignIn } from './SignInPage.js';
import type { SignInView } from './SignInPage.js';
import { PasswordlessSignInPage, usePasswordlessDemoSignIn } from './PasswordlessSignInPage.js';
import type { PasswordlessView } from './PasswordlessSignInPage.js';
import { SignUpPage } from './SignUpPage.js';
import { StatechartPanel } from './StatechartPanel.js';
import { forget, remembered } from './persist.js';
import { StepHeading } from './ui.js';
import { I18nProvider, LANGUAGES, languageFromUrl } from './i18n.js';
import type { Language } from './i18n.js';

const signInMachine = () => import('amplify-mfa-flow').then((m) => m.signInMachine);
const passwordlessSignInMachine = () => import('amplify-mfa-flow/passwordless').then((m) => m.passwordlessSignInMachine);
const settingsMachine = () => import('amplify-mfa-flow/mfa').then((m) => m.mfaSettingsMachine);

type Page = 'signIn' | 'signUp' | 'settings';

interface AppProps {
  readonly connection: AmplifyConnection;
  readonly passkeys: boolean;
  readonly inspect?: InspectionObserver;
}

/** A pool with a password only: the sign-in machine. */
function PasswordApp(props: AppProps) {
  const signIn = useDemoSignIn(props.connection, props.inspect);
  return <App {...props} signIn={signIn} signInPage={<SignInPage view={signIn} />} signInChart={signInMachine} />;
}

/** A pool that offers passwordless sign-in (amplify_outputs `auth.passwordless`): the passwordless sign-in machine. */
function PasswordlessApp(props: AppProps) {
  const signIn = usePasswordlessDemoSignIn(props.connection, props.inspect);
  return (
    <App
      {...props}
      signIn={signIn}
      signInPage={<PasswordlessSignInPage view={signIn} identifierLabel={labelIdentifier(props.connection)} />}
      signInChart={passwordlessSignInMachine}
    />
  );
}

function App({
  connection,
  passkeys,
  signIn,
  signInPage,
  signInChart,
}: AppProps & {
  signIn: SignInView | PasswordlessView;
  signInPage: ReactNode;
  signInChart: () => Promise<AnyStateMachine>;
}) {
  const [page, openPage] = useState<Page>(() => (remembered.get('page') as Page | null) ?? 'signIn');
  const setPage = (next: Page) => {
    remembered.set('page', next);
    openPage(next);
  };
  const [settingsActive, setSettingsActive] = useState<readonly string[]>([]);
  const [language, setLanguage] = useState<Language>(languageFromUrl);
  const chooseLanguage = (next: Language) => {
    setLanguage(next);
    const url = new URL(window.location.href);
    url.searchParams.set('lang', next);
    window.history.replaceState(null, '', url);
  };
  const signedIn = signIn.step === 'signedIn' && !!signIn.user?.email;
  // The settings stored for a session that has ended are nobody's now.
  const signedOut = signIn.step === 'signedOut' || signIn.step === 'credentials';
  useEffect(() => {
    if (signedOut) forget('settings');
  }, [signedOut]);
  const tab = (id: Page, label: string, enabled = true) => (
    <button aria-current={page === id ? 'page' : undefined} disabled={!enabled} onClick={() => setPage(id)}>
      {label}
    </button>
  );
  const pages = (
    <div>
      {page === 'signUp' ? (
        <SignUpPage onDone={() => setPage('signIn')} />
      ) : page === 'settings' && signedIn ? (
        <>
          <SettingsPage
            capabilities={connection.capabilities}
            email={signIn.user!.email!}
            authFlowType={connection.authFlowType}
            // A member of a gated group keeps their last method here too (the gate alone holds them only at sign-in).
            requireMfa={mfaRequiredBy(signIn.user?.groups, REQUIRE_MFA_FOR_GROUPS).length > 0}
            passkeys={passkeys}
            onActive={setSettingsActive}
          />
          <RecoveryCodesPanel />
          <DevicesCard />
        </>
      ) : (
        signInPage
      )}
      {page === 'settings' && signedIn ? (
        <StatechartPanel key="settings" machine={settingsMachine} active={settingsActive} />
      ) : page === 'signIn' ? (
        <StatechartPanel key="signIn" machine={signInChart} active={signIn.activeStates} />
      ) : null}
    </div>
  );
  return (
    <I18nProvider language={language}>
      <header>
        <strong>amplify-mfa-flow demo</strong>
        <label className="language">
          Language{' '}
          <select value={language} onChange={(e) => chooseLanguage(e.currentTarget.value as Language)}>
            {(Object.keys(LANGUAGES) as Language[]).map((l) => (
              <option key={l} value={l}>
                {LANGUAGES[l]}
              </option>
            ))}
          </select>
        </label>
        <nav aria-label="Pages">
          {tab('signIn', 'Sign in')}
          {tab('signUp', 'Create account', !signedIn)}
          {tab('settings', 'MFA settings', signedIn)}
        </nav>
      </header>
      <main>
        {/* Signed in, the MFA policy runs first (once per sign-in): until it is met it is all there is. */}
        {signIn.step === 'signedIn' && signIn.user ? (
          <PolicyGate key={`${signIn.user.userId}@${signIn.user.authTime}`} user={signIn.user} capabilities={connection.capabilities}>
            {pages}
          </PolicyGate>
        ) : signIn.step === 'signedIn' ? (
          // Without the user (its groups) the policy cannot be checked: closed, not open.
          <div>
            <section className="card" data-policy="unknownUser">
              <StepHeading step="policy-unknownUser">Who you are could not be read</StepHeading>
              <p>Sign out and sign in again to continue.</p>
              <button onClick={() => signIn.signOut()}>Sign out</button>
            </section>
          </div>
        ) : (
          pages
        )}
        <Inbox />
      </main>
    </I18nProvider>
  );
}

/** `?inspect` opens the Stately inspector for the demo's machines (development only). */
async function inspector(): Promise<InspectionObserver | undefined> {
  if (!import.meta.env.DEV || !new URLSearchParams(window.location.search).has('inspect')) return undefined;
  const { createBrowserInspector } = await import('@statelyai/inspect');
  return createBrowserInspector().inspect;
}

/** The pool offers passwordless sign-in (amplify_outputs.json `auth.passwordless`). */
function allowsPasswordless(outputs: object): boolean {
  return (outputs as { auth?: { passwordless?: unknown } }).auth?.passwordless !== undefined;
}

/** The pool allows passkeys as a first factor (amplify_outputs.json `auth.passwordless.web_authn`). */
function allowsPasskeys(outputs: object): boolean {
  return (outputs as { auth?: { passwordless?: { web_authn?: unknown } } }).auth?.passwordless?.web_authn !== undefined;
}

const root = createRoot(document.getElementById('root')!);
Promise.all([loadOutputs(), inspector()]).then(
  ([outputs, inspect]) =>
    root.render(
      <StrictMode>
        {allowsPasswordless(outputs) ? (
          <PasswordlessApp connection={configureAmplify(outputs)} passkeys={allowsPasskeys(outputs)} {...(inspect ? { inspect } : {})} />
        ) : (
          <PasswordApp connection={configureAmplify(outputs)} passkeys={allowsPasskeys(outputs)} {...(inspect ? { inspect } : {})} />
        )}
      </StrictMode>,
    ),
  (e: unknown) =>
    root.render(
      <p role="alert">
        Could not reach the local backend at {BACKEND}: {String(e)}. Is npm start running?
      </p>,
    ),
);

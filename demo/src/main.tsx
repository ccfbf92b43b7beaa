import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { configureAmplify } from 'amplify-mfa-flow';
import type { AmplifyConnection } from 'amplify-mfa-flow';
import { loadOutputs, BACKEND } from './backend.js';
import { Inbox } from './Inbox.js';
import { SettingsPage } from './SettingsPage.js';
import { SignInPage, useDemoSignIn } from './SignInPage.js';
import { SignUpPage } from './SignUpPage.js';

type Page = 'signIn' | 'signUp' | 'settings';

function App({ connection }: { connection: AmplifyConnection }) {
  const signIn = useDemoSignIn(connection.authFlowType);
  const [page, setPage] = useState<Page>('signIn');
  const signedIn = signIn.step === 'signedIn' && !!signIn.user?.email;
  const tab = (id: Page, label: string, enabled = true) => (
    <button aria-current={page === id ? 'page' : undefined} disabled={!enabled} onClick={() => setPage(id)}>
      {label}
    </button>
  );
  return (
    <>
      <header>
        <strong>amplify-mfa-flow demo</strong>
        <nav aria-label="Pages">
          {tab('signIn', 'Sign in')}
          {tab('signUp', 'Create account', !signedIn)}
          {tab('settings', 'MFA settings', signedIn)}
        </nav>
      </header>
      <main>
        <div>
          {page === 'signUp' ? (
            <SignUpPage onDone={() => setPage('signIn')} />
          ) : page === 'settings' && signedIn ? (
            <SettingsPage capabilities={connection.capabilities} email={signIn.user!.email!} />
          ) : (
            <SignInPage view={signIn} />
          )}
        </div>
        <Inbox />
      </main>
    </>
  );
}

const root = createRoot(document.getElementById('root')!);
loadOutputs().then(
  (outputs) =>
    root.render(
      <StrictMode>
        <App connection={configureAmplify(outputs)} />
      </StrictMode>,
    ),
  (e: unknown) => root.render(<p role="alert">Could not reach the local backend at {BACKEND}: {String(e)}. Is npm start running?</p>),
);

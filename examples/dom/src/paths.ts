// This app's own sign-in screens walked along every generated path they
// offer, in the browser: amplify-mfa-flow/testing answers each Amplify call as
// the path says and moves the clock; this file does what a user does (types,
// clicks) and checks what the page shows after each step.
import { signInMachine } from 'amplify-mfa-flow/machines';
import { getPaths } from 'amplify-mfa-flow/testing';
import type { ExpectedView } from 'amplify-mfa-flow/testing';
import { h } from './h.ts';
import { mountSignIn } from './signIn.ts';

const root = document.getElementById('app') as HTMLElement;
const connection = {
  authFlowType: 'USER_SRP_AUTH',
  loginWith: ['email'],
  capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['TOTP'] },
} as const;

/** What a user can do on each of this app's screens; the other steps only show their name. */
const OFFERED: Readonly<Record<string, readonly string[]>> = {
  credentials: ['CREDENTIALS.SUBMIT'],
  totpCode: ['CODE.SUBMIT', 'FLOW.CANCEL'],
  signedIn: ['SIGN_OUT'],
  signedOut: ['FLOW.RESTART'],
};
/** What each screen says, to tell them apart. */
const SAYS: Readonly<Record<string, string>> = {
  credentials: 'Password',
  signingIn: 'Password',
  totpCode: 'Code from your authenticator app',
  signedIn: 'Signed in as',
  signedOut: 'You are signed out.',
};

const button = (text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === text);
function type(label: string, value: unknown): void {
  const input = [...root.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))?.querySelector('input');
  if (!input) throw new Error(`no "${label}" field on the page`);
  input.value = String(value);
}
function click(text: string): void {
  const found = button(text);
  if (!found) throw new Error(`no "${text}" button on the page`);
  found.click();
}

function shows(expected: ExpectedView): void {
  const text = root.textContent ?? '';
  const says = SAYS[expected.step] ?? (expected.busy ? 'Please wait…' : expected.step);
  if (!text.includes(says)) throw new Error(`expected the ${expected.step} screen, the page says "${text}"`);
  if (expected.step === 'credentials' || expected.step === 'signingIn') {
    if (button('Sign in')?.disabled !== expected.busy) throw new Error(`the Sign in button should be ${expected.busy ? 'off' : 'on'}`);
  }
  const error = root.querySelector('[role="alert"]')?.getAttribute('data-error') ?? null;
  // The signed-in and signed-out screens show no error.
  if (!['signedIn', 'signedOut'].includes(expected.step) && error !== expected.error)
    throw new Error(`expected the error ${expected.error}, the page shows ${error}`);
}

// This app offers no "Remember this device" box, so the paths that tick it are not its own.
const paths = getPaths('signIn', {
  offers: (event, screen) => OFFERED[screen.step]?.includes(event.type) === true && !event.global && !event.rememberDevice,
});
// Each error names the path and the step (`no-session-password-timeout, step 3 (…): …`).
const results: { id: string; error?: string }[] = [];
for (const path of paths) {
  try {
    await path.test({
      // The app's own screens, on the fakes' machine and clock, with the timers the path assumes.
      start: (fakes) => mountSignIn(root, connection, { machine: fakes.provide(signInMachine), clock: fakes.clock, timing: path.timing }),
      events: {
        'CREDENTIALS.SUBMIT': ({ username, password }) => {
          type('Email', username);
          type('Password', password);
          click('Sign in');
        },
        'CODE.SUBMIT': ({ code }) => {
          type('Code from your authenticator app', code);
          click('Verify');
        },
        'FLOW.CANCEL': () => click('Cancel'),
        SIGN_OUT: () => click('Sign out'),
        'FLOW.RESTART': () => click('Sign in again'),
      },
      view: shows,
    });
    results.push({ id: path.id });
  } catch (e) {
    results.push({ id: path.id, error: (e as Error).message });
  }
}

// What passed and what failed, for a person and for the test that opens this page.
root.replaceChildren(h('ol', {}, ...results.map((r) => h('li', {}, r.error ? `✗ ${r.error}` : `✓ ${r.id}`))));
document.body.dataset.paths = results.some((r) => r.error) ? 'failed' : 'passed';

import { createActor, waitFor } from 'xstate';
import {
  connectRecoveryCodes,
  connectRecoverySignIn,
  createAmplifyRecoveryCodesMachine,
  createAmplifyRecoverySignInMachine,
} from 'amplify-mfa-flow/recovery';

/** Settings, signed in: a new set of ten codes, shown once; stored when the user says they saved them. */
export async function makeRecoveryCodes(password: string, show: (codes: readonly string[]) => Promise<void>): Promise<void> {
  const flow = createActor(createAmplifyRecoveryCodesMachine(), { input: {} }).start();
  const view = () => connectRecoveryCodes(flow.getSnapshot(), flow.send);
  const start = view();
  if (start.step === 'idle') start.start(); // with `input: { hasCodes: true }` a warning comes first: `replace()`
  const ask = view();
  if (ask.step === 'enteringPassword') ask.submitPassword(password);
  await waitFor(flow, (s) => !s.hasTag('busy'));
  const shown = view();
  if (shown.step !== 'showing') throw new Error(shown.error?.message ?? shown.step);
  await show(shown.codes); // the only time they exist outside the user pool's triggers
  shown.confirmSaved(); // now the hashes are stored, and any older set stops working
  await waitFor(flow, (s) => s.status === 'done');
}

/** "Use a recovery code": the password and one code, in place of the second factor. */
export async function signInWithARecoveryCode(email: string, password: string, code: string): Promise<string> {
  const flow = createActor(createAmplifyRecoverySignInMachine(), { input: { username: email } }).start();
  const view = () => connectRecoverySignIn(flow.getSnapshot(), flow.send);
  const credentials = view();
  if (credentials.step === 'enteringCredentials') credentials.submitCredentials(email, password);
  await waitFor(flow, (s) => !s.hasTag('busy'));
  const asked = view();
  if (asked.step === 'awaitingCode') asked.submitCode(code); // any case, spaces or dashes
  await waitFor(flow, (s) => !s.hasTag('busy'));
  const end = view();
  return end.step === 'signedIn' ? `signed in as ${end.username}` : `${end.step}: ${end.error?.code}`;
}

import { connectSignIn, createAmplifySignInMachine, observeFlow } from 'amplify-mfa-flow';
import { createAmplifyDevicesMachine } from 'amplify-mfa-flow/amplify/devices';
import { connectDevices } from 'amplify-mfa-flow/devices';
import { createActor, waitFor } from 'xstate';

const idle = (flow: { getView(): { busy: boolean } }, actor: Parameters<typeof waitFor>[0]) =>
  waitFor(actor, () => !flow.getView().busy, { timeout: 10_000 });

/** Signs in; if asked for the authenticator code, answers it, ticking "Remember this device" when `remember`. */
export async function signIn(email: string, password: string, code: () => string, remember: boolean) {
  const actor = createActor(createAmplifySignInMachine(), { input: {} }).start();
  const flow = observeFlow(actor, connectSignIn);
  await idle(flow, actor);
  let view = flow.getView();
  if (view.step === 'credentials') view.submitCredentials(email, password);
  await idle(flow, actor);
  view = flow.getView();
  const askedForCode = view.step === 'totpCode';
  if (view.step === 'totpCode') view.submitCode(code(), { rememberDevice: remember });
  await idle(flow, actor);
  view = flow.getView();
  actor.stop(); // Amplify keeps the session; signing out is aws-amplify's signOut() or the flow's SIGN_OUT
  // A device that could not be remembered leaves the user signed in, with the error shown (DEVICE_NOT_REMEMBERED).
  return { askedForCode, step: view.step, error: view.error?.code ?? null };
}

/** The settings page's list: forgets every remembered device of the signed-in user. */
export async function forgetRememberedDevices(): Promise<number> {
  const actor = createActor(createAmplifyDevicesMachine(), { input: {} }).start();
  const flow = observeFlow(actor, connectDevices);
  await idle(flow, actor);
  let forgotten = 0;
  for (let view = flow.getView(); view.step === 'ready'; view = flow.getView()) {
    const device = view.devices.find((d) => d.remembered);
    if (!device) break;
    view.forget(device.id); // then the list is read again
    await idle(flow, actor);
    forgotten += 1;
  }
  actor.stop();
  return forgotten;
}

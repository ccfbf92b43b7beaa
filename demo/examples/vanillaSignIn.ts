/**
 * Using the sign-in machine with no UI framework: an actor, a subscription,
 * and the plain view model. Run against the local backend with
 * `npx tsx demo/examples/vanillaSignIn.ts` while `npm start` is running.
 */
import { createActor, waitFor } from 'xstate';
import { configureAmplify, connectSignIn, createAmplifySignInMachine } from 'amplify-mfa-flow';
import type { AmplifyOutputsLike, SignInView } from 'amplify-mfa-flow';

export async function signInWithoutFramework(
  outputs: AmplifyOutputsLike,
  credentials: { email: string; password: string },
  askForCode: (view: SignInView<'totpCode' | 'smsCode' | 'emailCode'>) => Promise<string>,
): Promise<SignInView> {
  const { authFlowType } = configureAmplify(outputs);
  const actor = createActor(createAmplifySignInMachine(), { input: { authFlowType, totpIssuer: 'My App' } });
  actor.subscribe((snapshot) => {
    const view = connectSignIn(snapshot, actor.send);
    console.log(`step=${view.step} busy=${view.busy}${view.error ? ` error=${view.error.code}` : ''}`);
  });
  actor.start();
  const view = () => connectSignIn(actor.getSnapshot(), actor.send);

  await waitFor(actor, (s) => !s.hasTag('busy'));
  const start = view();
  if (start.step !== 'credentials') throw new Error(`expected the credentials step, got ${start.step}`);
  start.submitCredentials(credentials.email, credentials.password);
  await waitFor(actor, (s) => !s.hasTag('busy'));
  // Narrowing on `step` is what makes `submitCode` exist: it is only on the code steps.
  for (let v = view(); v.step === 'totpCode' || v.step === 'smsCode' || v.step === 'emailCode'; v = view()) {
    v.submitCode(await askForCode(v));
    await waitFor(actor, (s) => !s.hasTag('busy'));
  }
  const final = view();
  actor.stop();
  return final;
}

if (process.argv[1]?.endsWith('vanillaSignIn.ts')) {
  const { readFile } = await import('node:fs/promises');
  const { createInterface } = await import('node:readline/promises');
  const outputs = JSON.parse(await readFile('.amplify-local/amplify_outputs.json', 'utf8')) as AmplifyOutputsLike;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const result = await signInWithoutFramework(outputs, { email: 'demo@example.com', password: 'Demo-passw0rd!' }, (v) =>
    rl.question(`code (${v.step}${'codeDelivery' in v && v.codeDelivery?.destination ? ` sent to ${v.codeDelivery.destination}` : ''}): `),
  );
  rl.close();
  console.log(result.step === 'signedIn' ? `signed in as ${result.user?.email}` : `stopped at ${result.step}: ${result.error?.message}`);
}

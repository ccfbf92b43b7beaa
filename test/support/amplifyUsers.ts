import { Secret, TOTP } from 'otpauth';
import {
  confirmSignIn,
  confirmSignUp,
  confirmUserAttribute,
  setUpTOTP,
  signIn,
  signOut,
  signUp,
  updateUserAttributes,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import type { TestBackend } from './backend.js';
import { PASSWORD, uniqueEmail } from './backend.js';

/** An authenticator app: codes from the shared secret, as Google Authenticator would make them. */
export function authenticator(sharedSecret: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(sharedSecret), digits: 6, period: 30, algorithm: 'SHA1' });
}

/** A 6-digit code that no window the server accepts (now, ±30 s) would produce. */
export function wrongCode(totp: TOTP): string {
  const now = Date.now();
  const valid = new Set([-30_000, 0, 30_000].map((d) => totp.generate({ timestamp: now + d })));
  return ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c))!;
}

/** Signs a new user up through Amplify and confirms them with the emailed code. */
export async function signUpConfirmed(t: TestBackend, tag: string): Promise<string> {
  const email = uniqueEmail(tag);
  const res = await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  if (res.nextStep.signUpStep !== 'CONFIRM_SIGN_UP') throw new Error(`unexpected sign-up step ${res.nextStep.signUpStep}`);
  const code = t.backend.inbox.latest({ email, purpose: 'SignUp' }).code;
  await confirmSignUp({ username: email, confirmationCode: code });
  return email;
}

export async function signInWithPassword(t: TestBackend, email: string) {
  return signIn({ username: email, password: PASSWORD, options: { authFlowType: t.connection.authFlowType } });
}

/** Signs in (no MFA yet) and enrolls an authenticator app; returns it. Leaves the user signed in. */
export async function enrollTotp(t: TestBackend, email: string): Promise<TOTP> {
  const res = await signInWithPassword(t, email);
  if (res.nextStep.signInStep !== 'DONE') throw new Error(`expected DONE, got ${res.nextStep.signInStep}`);
  const setup = await setUpTOTP();
  const totp = authenticator(setup.sharedSecret);
  await verifyTOTPSetup({ code: totp.generate() });
  return totp;
}

/** While signed in: adds a phone number and confirms it with the code sent by SMS. */
export async function addVerifiedPhone(t: TestBackend, phone: string): Promise<void> {
  const res = await updateUserAttributes({ userAttributes: { phone_number: phone } });
  const next = res.phone_number?.nextStep;
  if (
    next?.updateAttributeStep !== 'CONFIRM_ATTRIBUTE_WITH_CODE' ||
    next.codeDeliveryDetails?.destination !== `+${'*'.repeat(phone.length - 5)}${phone.slice(-4)}`
  ) {
    throw new Error(`expected a code texted to ${phone}, got ${JSON.stringify(res.phone_number)}`);
  }
  const code = t.backend.inbox.latest({ medium: 'SMS', destination: phone }).code;
  await confirmUserAttribute({ userAttributeKey: 'phone_number', confirmationCode: code });
}

export { confirmSignIn, signOut };

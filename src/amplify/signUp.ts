import { signUp } from 'aws-amplify/auth';
import type { CodeDelivery } from '../../machines/shared/types.js';
import { checkPassword, checkUsername } from '../../machines/shared/validation.js';
import { toFlowError } from '../../machines/shared/errors.js';
import type { FlowError } from '../../machines/shared/errors.js';
import { toCodeDelivery } from './signIn.actors.js';

export type SignUpResult = { ok: true; codeDelivery: CodeDelivery | null; confirmed: boolean } | { ok: false; error: FlowError };

/**
 * Creates an account with an email and password (checked locally first). The
 * code Cognito sends is confirmed by the sign-in machine's confirmSignUp step
 * the first time the user signs in.
 */
export async function signUpWithEmail(email: string, password: string): Promise<SignUpResult> {
  const user = checkUsername(email);
  if (!user.ok) return user;
  const pass = checkPassword(password);
  if (!pass.ok) return pass;
  try {
    const res = await signUp({ username: user.value, password: pass.value, options: { userAttributes: { email: user.value } } });
    const delivery = res.nextStep.signUpStep === 'CONFIRM_SIGN_UP' ? toCodeDelivery(res.nextStep.codeDeliveryDetails) : null;
    return { ok: true, codeDelivery: delivery, confirmed: res.isSignUpComplete };
  } catch (e) {
    return { ok: false, error: toFlowError(e) };
  }
}

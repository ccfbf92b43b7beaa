import { createActor } from 'xstate';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { PoolCapabilities as AmplifyPoolCapabilities } from 'amplify-mfa-flow/amplify';
import type { ButtonProps, InputProps, PropTypes, SignInView } from 'amplify-mfa-flow/machines';
import type {
  MfaSettingsInput,
  MfaSettingsView,
  PhoneVerificationView,
  PoolCapabilities,
  TotpEnrollmentInput,
  TotpEnrollmentView,
} from 'amplify-mfa-flow/mfa';
import { connectSignIn, signInMachine } from 'amplify-mfa-flow/machines';
import type { MfaPolicyInput, MfaPolicyView } from 'amplify-mfa-flow/policy';

// What the compiler refuses: each `@ts-expect-error` line below must be an
// error, or tsc (run by `npm test`) fails on the unused directive. The
// functions are never called; they exist to be type-checked.

export function signInSteps(view: SignInView): void {
  if (view.step === 'credentials') {
    view.submitCredentials('pat@example.com', 'Correct-h0rse!');
    view.getUsernameInputProps();
    // @ts-expect-error a code is only submitted on a code step
    view.submitCode('123456');
    // @ts-expect-error the TOTP secret exists only while TOTP is set up
    void view.totpSetup;
    // @ts-expect-error no code input on the credentials step
    view.getCodeInputProps();
    // @ts-expect-error no challenge, no expiry
    void view.expiresAt;
  }
  if (view.step === 'totpCode') {
    view.submitCode('123456');
    expectTypeOf(view.expiresAt).toEqualTypeOf<number>();
    expectTypeOf(view.attemptsLeft).toEqualTypeOf<number>();
    // @ts-expect-error the TOTP secret is not shown when signing in with an existing authenticator
    void view.totpSetup;
    // @ts-expect-error an authenticator code cannot be sent again
    view.resendCode();
    // @ts-expect-error nothing was delivered for a TOTP code
    void view.codeDelivery;
    // @ts-expect-error the credentials are behind us
    view.submitCredentials('pat@example.com', 'x');
  }
  if (view.step === 'smsCode') {
    view.resendCode();
    expectTypeOf(view.canResend).toEqualTypeOf<boolean>();
    void view.codeDelivery?.destination;
  }
  if (view.step === 'totpSetup') {
    // Not null on its own step: no `?.` needed.
    expectTypeOf(view.totpSetup.secretGroups).toEqualTypeOf<string>();
  }
  if (view.step === 'mfaSelection') {
    view.selectMethod('TOTP');
    // @ts-expect-error a method is chosen, not typed
    view.submitCode('123456');
  }
  if (view.step === 'locked') {
    view.restart();
    // @ts-expect-error Cognito gives no time to wait, so the locked view promises none
    void view.retryAt;
  }
  if (view.step === 'signedIn') {
    view.signOut({ global: true });
    // @ts-expect-error nothing to cancel once signed in
    view.cancel();
  }
  if (view.step === 'signedOut') {
    // @ts-expect-error the user is forgotten on sign-out
    void view.user;
  }
  // Shared by every step.
  expectTypeOf(view.busy).toEqualTypeOf<boolean>();
  expectTypeOf(view.getErrorProps).returns.toHaveProperty('role');
  // @ts-expect-error not on every step: narrow on `step` first
  view.submitCode('123456');
}

/** One step's view, for typing that step's component. */
export function totpCodeScreen(view: SignInView<'totpCode'>): void {
  expectTypeOf(view.step).toEqualTypeOf<'totpCode'>();
  expectTypeOf(view.getCodeInputProps()).toEqualTypeOf<InputProps>();
  expectTypeOf(view.getSubmitButtonProps()).toEqualTypeOf<ButtonProps>();
}

export function codeScreens(view: SignInView<'totpCode' | 'smsCode' | 'emailCode'>): void {
  view.submitCode('123456');
  // @ts-expect-error only two of the three can resend
  view.resendCode();
}

export function enrollmentSteps(view: TotpEnrollmentView): void {
  if (view.step === 'settingUp') {
    // The secret may not have arrived yet.
    expectTypeOf(view.totpSetup).toEqualTypeOf<{
      readonly qrDataUrl: string | null;
      readonly secret: string;
      readonly secretGroups: string;
      readonly uri: string;
    } | null>();
  }
  if (view.step === 'awaitingCode') {
    view.submitCode('123456');
    void view.totpSetup.uri;
  }
  if (view.step === 'verifying') {
    view.getCodeInputProps();
    // @ts-expect-error the code is being checked: no second one
    view.submitCode('123456');
  }
  if (view.step === 'enrolled') {
    // @ts-expect-error the secret is gone once enrolled
    void view.totpSetup;
    // @ts-expect-error nothing to cancel once enrolled
    view.cancel();
  }
}

export function phoneSteps(view: PhoneVerificationView): void {
  if (view.step === 'enteringPhone') {
    view.submitPhone('+15550100101');
    // @ts-expect-error no code before the number is saved
    view.getCodeInputProps();
  }
  if (view.step === 'confirming') {
    view.changePhone();
    // @ts-expect-error no resend while a code is being checked
    view.resendCode();
    // @ts-expect-error no second code while one is being checked
    view.submitCode('123456');
  }
}

export function settingsSteps(view: MfaSettingsView): void {
  void view.methods;
  if (view.step === 'ready') {
    view.enroll('TOTP');
    // @ts-expect-error no flow runs on the ready step
    void view.totpEnrollment;
  }
  if (view.step === 'enrollingTotp') {
    // The running flow's view, itself a union on `step`.
    const flow = view.totpEnrollment;
    if (flow.step === 'awaitingCode') flow.submitCode('123456');
    // @ts-expect-error the page offers nothing while a flow runs
    view.enroll('SMS');
  }
  if (view.step === 'loading') {
    // @ts-expect-error nothing to change while loading
    view.prefer('TOTP');
  }
}

interface Marked extends PropTypes {
  readonly input: { readonly marked: 'input' };
  readonly label: { readonly marked: 'label' };
  readonly button: { readonly marked: 'button' };
  readonly error: { readonly marked: 'error' };
}

export function spelledByTheNormalizer(view: SignInView<'credentials', Marked>): void {
  expectTypeOf(view.getUsernameInputProps()).toEqualTypeOf<{ readonly marked: 'input' }>();
  expectTypeOf(view.getPasswordLabelProps()).toEqualTypeOf<{ readonly marked: 'label' }>();
  expectTypeOf(view.getErrorProps()).toEqualTypeOf<{ readonly marked: 'error' }>();
}

export function policySteps(view: MfaPolicyView): void {
  if (view.step === 'choosing') {
    view.selectMethod('TOTP');
    view.signOut({ global: true });
    expectTypeOf(view.methods).toEqualTypeOf<readonly ('TOTP' | 'SMS')[]>();
    // @ts-expect-error email cannot be set up after sign-in
    view.selectMethod('EMAIL');
  }
  if (view.step === 'checking') {
    view.signOut();
    // @ts-expect-error a read in flight cannot be cancelled: signing out is the way out
    view.cancel();
  }
  if (view.step === 'enrollingTotp') void view.totpEnrollment.step;
  if (view.step === 'satisfied') {
    // @ts-expect-error the gate is open: nothing to sign out of here
    view.signOut();
    // @ts-expect-error nor any method to choose
    view.selectMethod('TOTP');
  }
}

export function policyInput(): void {
  const user = { userId: 'u', username: 'u', groups: ['admins'] };
  const input: MfaPolicyInput = {
    requireMfaForGroups: ['admins'],
    user,
    capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['TOTP'] },
    totpIssuer: 'A',
  };
  // @ts-expect-error the groups to require MFA for are a list
  const one: MfaPolicyInput = { ...input, requireMfaForGroups: 'admins' };
  void [input, one];
}

export function oneNamePerConcept(): void {
  expectTypeOf<AmplifyPoolCapabilities>().toEqualTypeOf<PoolCapabilities>();
  expectTypeOf<MfaSettingsInput['capabilities']>().toEqualTypeOf<PoolCapabilities>();
  const input: TotpEnrollmentInput = { totpIssuer: 'My App', accountName: 'pat@example.com' };
  // @ts-expect-error the issuer is `totpIssuer` in every machine's input
  const old: TotpEnrollmentInput = { issuer: 'My App', accountName: 'pat@example.com' };
  void [input, old];
}

describe('views a compiler can check', () => {
  it('is type-checked by tsc; at run time a step has what its type says and nothing more', () => {
    const actor = createActor(signInMachine.provide({ actors: {} }), { input: { authFlowType: 'USER_PASSWORD_AUTH' } });
    const view = connectSignIn(actor.getSnapshot(), actor.send);
    expect(view.step).toBe('checkingSession');
    // Looking for a session can be cancelled, and that is all it offers.
    expect(Object.keys(view).sort()).toEqual(['activeStates', 'busy', 'cancel', 'error', 'getErrorProps', 'step']);
  });
});

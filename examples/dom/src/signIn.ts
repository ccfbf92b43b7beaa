import type { AmplifyConnection, SignInInput, SignInView } from 'amplify-mfa-flow';
import { createSignInFlow } from 'amplify-mfa-flow/dom';
import { button, form, h } from './h.ts';
import { mountMfaSettings } from './settings.ts';

/** What a test may give the flow instead of the defaults: another machine (fake calls), another clock, other timers. */
type Overrides = Pick<NonNullable<Parameters<typeof createSignInFlow>[0]>, 'machine' | 'clock'> & {
  readonly timing?: Pick<SignInInput, 'challengeTimeoutMs' | 'resendCooldownMs' | 'callTimeoutMs'>;
};

/** The sign-in screens, drawn into `root`; returns a function that stops them. */
export function mountSignIn(root: HTMLElement, connection: AmplifyConnection, overrides: Overrides = {}): () => void {
  const { authFlowType, loginWith } = connection;
  const { timing, ...flowOptions } = overrides;
  const flow = createSignInFlow({ ...flowOptions, input: { authFlowType, loginWith, totpIssuer: 'Example app', ...timing } });
  const settings = h('div');
  let stopSettings: (() => void) | null = null;
  let drawn: SignInView | null = null;

  const draw = (view: SignInView) => {
    // The signed-in screen holds the settings page: draw it once, not again on every change.
    if (view.step === 'signedIn' && drawn?.step === 'signedIn') return;
    if (view.step !== 'signedIn') {
      stopSettings?.();
      stopSettings = null;
    }
    drawn = view;
    root.replaceChildren(screen(view));
  };

  function screen(view: SignInView): Node {
    const error = view.error && h('p', { ...view.getErrorProps(), 'data-error': view.error.code }, view.error.message);
    switch (view.step) {
      case 'credentials':
      case 'signingIn':
        return form(
          ({ username = '', password = '' }) => view.step === 'credentials' && view.submitCredentials(username, password),
          h('label', view.getUsernameLabelProps(), 'Email ', h('input', { ...view.getUsernameInputProps(), value: view.values.username })),
          h('label', view.getPasswordLabelProps(), 'Password ', h('input', view.getPasswordInputProps())),
          error,
          h('button', view.getSubmitButtonProps(), 'Sign in'),
        );
      case 'totpCode':
        return form(
          ({ code = '' }) => view.submitCode(code),
          h('label', view.getCodeLabelProps(), 'Code from your authenticator app ', h('input', view.getCodeInputProps())),
          error,
          h('button', view.getSubmitButtonProps(), 'Verify'),
          button('Cancel', view.cancel),
        );
      case 'signedIn': {
        const email = view.user?.email ?? '';
        const open = () => {
          stopSettings ??= mountMfaSettings(settings, {
            capabilities: connection.capabilities,
            totpIssuer: 'Example app',
            accountName: email,
          });
        };
        settings.replaceChildren();
        return h(
          'section',
          {},
          h('p', {}, `Signed in as ${email}`),
          button('MFA settings', open),
          button('Sign out', () => view.signOut()),
          settings,
        );
      }
      case 'signedOut':
        return h('section', {}, h('p', {}, 'You are signed out.'), button('Sign in again', view.restart));
      default:
        return h('p', { role: 'status' }, view.busy ? 'Please wait…' : view.step, error);
    }
  }

  const stop = flow.subscribe(draw);
  flow.start();
  draw(flow.getView());
  return () => {
    stop();
    stopSettings?.();
    flow.stop();
  };
}

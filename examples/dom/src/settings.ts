import type { MfaSettingsInput, MfaSettingsView } from 'amplify-mfa-flow/mfa';
import { createMfaSettingsFlow } from 'amplify-mfa-flow/dom';
import { button, form, h } from './h.ts';

const NAMES = { TOTP: 'Authenticator app', SMS: 'Text message', EMAIL: 'Email' } as const;

/** The MFA settings page, drawn into `root`; returns a function that stops it. */
export function mountMfaSettings(root: HTMLElement, input: MfaSettingsInput): () => void {
  const flow = createMfaSettingsFlow({ input });
  // One subscription follows the settings flow and the enrollment flow it runs as a child.
  const stop = flow.subscribe((view) => root.replaceChildren(page(view)));
  flow.start();
  root.replaceChildren(page(flow.getView()));
  return () => {
    stop();
    flow.stop();
  };
}

function page(view: MfaSettingsView): Node {
  const totp = view.step === 'enrollingTotp' ? view.totpEnrollment : null;
  const body =
    totp?.step === 'awaitingCode' || totp?.step === 'verifying'
      ? form(
          ({ code = '' }) => totp.step === 'awaitingCode' && totp.submitCode(code),
          totp.totpSetup.qrDataUrl &&
            h('img', { src: totp.totpSetup.qrDataUrl, alt: 'QR code for your authenticator app', width: 200, height: 200 }),
          h('label', {}, 'Setup key ', h('input', { readonly: true, value: totp.totpSetup.secretGroups })),
          h('label', totp.getCodeLabelProps(), 'Code from your authenticator app ', h('input', totp.getCodeInputProps())),
          totp.error && h('p', totp.getErrorProps(), totp.error.message),
          h('button', totp.getSubmitButtonProps(), 'Verify'),
          button('Cancel', totp.cancel),
        )
      : h(
          'ul',
          {},
          ...view.methods.map((m) =>
            h(
              'li',
              {},
              `${NAMES[m.method]}: ${m.enabled ? 'on' : 'off'}`,
              view.step === 'ready' && m.canSetUp && m.method === 'TOTP' && button('Set up', () => view.enroll('TOTP')),
            ),
          ),
        );
  return h(
    'section',
    { 'aria-busy': view.busy },
    h('h2', {}, 'Two-step verification'),
    view.error && h('p', view.getErrorProps(), view.error.message),
    body,
  );
}

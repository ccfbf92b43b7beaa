import type { AmplifyConnection } from 'amplify-mfa-flow';
import { useMfaSettings } from 'amplify-mfa-flow/vue';
import { defineComponent, h } from 'vue';
import type { PropType } from 'vue';
import { fields } from './App.ts';

const NAMES = { TOTP: 'Authenticator app', SMS: 'Text message', EMAIL: 'Email' } as const;

export const MfaSettings = defineComponent({
  props: {
    connection: { type: Object as PropType<AmplifyConnection>, required: true },
    email: { type: String, required: true },
  },
  setup(props) {
    const settings = useMfaSettings({
      input: { capabilities: props.connection.capabilities, totpIssuer: 'Example app', accountName: props.email },
    });
    return () => {
      const view = settings.value;
      // The enrollment flow runs as a child of the settings flow; its steps show through `view.totpEnrollment`.
      const totp = view.step === 'enrollingTotp' ? view.totpEnrollment : null;
      const body =
        totp?.step === 'awaitingCode' || totp?.step === 'verifying'
          ? h(
              'form',
              {
                novalidate: true,
                onSubmit: (e: Event) => {
                  const { code = '' } = fields(e);
                  if (totp.step === 'awaitingCode') totp.submitCode(code);
                },
              },
              [
                totp.totpSetup.qrDataUrl &&
                  h('img', { src: totp.totpSetup.qrDataUrl, alt: 'QR code for your authenticator app', width: 200, height: 200 }),
                h('label', ['Setup key ', h('input', { readonly: true, value: totp.totpSetup.secretGroups })]),
                h('label', totp.getCodeLabelProps(), ['Code from your authenticator app ', h('input', totp.getCodeInputProps())]),
                totp.error && h('p', totp.getErrorProps(), totp.error.message),
                h('button', totp.getSubmitButtonProps(), 'Verify'),
                h('button', { type: 'button', onClick: totp.cancel }, 'Cancel'),
              ],
            )
          : h(
              'ul',
              view.methods.map((m) =>
                h('li', { key: m.method }, [
                  `${NAMES[m.method]}: ${m.enabled ? 'on' : 'off'}`,
                  view.step === 'ready' &&
                    m.canSetUp &&
                    m.method === 'TOTP' &&
                    h('button', { type: 'button', onClick: () => view.enroll('TOTP') }, 'Set up'),
                ]),
              ),
            );
      return h('section', { 'aria-busy': view.busy }, [
        h('h2', 'Two-step verification'),
        view.error && h('p', view.getErrorProps(), view.error.message),
        body,
      ]);
    };
  },
});

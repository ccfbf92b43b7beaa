import type { AmplifyConnection } from 'amplify-mfa-flow';
import { useSignIn } from 'amplify-mfa-flow/vue';
import { defineComponent, h, ref } from 'vue';
import type { PropType } from 'vue';
import { MfaSettings } from './MfaSettings.ts';

/** A form that hands its fields, by input name (the prop getters name them), to `onSubmit`. */
export function fields(event: Event): Record<string, string> {
  event.preventDefault();
  return Object.fromEntries([...new FormData(event.currentTarget as HTMLFormElement)].map(([k, v]) => [k, String(v)]));
}

export const App = defineComponent({
  props: { connection: { type: Object as PropType<AmplifyConnection>, required: true } },
  setup(props) {
    const { authFlowType, loginWith } = props.connection;
    const signIn = useSignIn({ input: { authFlowType, loginWith, totpIssuer: 'Example app' } });
    const settings = ref(false);
    return () => {
      const view = signIn.value;
      const error = view.error && h('p', view.getErrorProps(), view.error.message);
      switch (view.step) {
        case 'credentials':
        case 'signingIn':
          return h(
            'form',
            {
              novalidate: true,
              onSubmit: (e: Event) => {
                const { username = '', password = '' } = fields(e);
                if (view.step === 'credentials') view.submitCredentials(username, password);
              },
            },
            [
              h('label', view.getUsernameLabelProps(), [
                'Email ',
                h('input', { ...view.getUsernameInputProps(), value: view.values.username }),
              ]),
              h('label', view.getPasswordLabelProps(), ['Password ', h('input', view.getPasswordInputProps())]),
              error,
              h('button', view.getSubmitButtonProps(), 'Sign in'),
            ],
          );
        case 'totpCode':
          return h('form', { novalidate: true, onSubmit: (e: Event) => view.submitCode(fields(e).code ?? '') }, [
            h('label', view.getCodeLabelProps(), ['Code from your authenticator app ', h('input', view.getCodeInputProps())]),
            error,
            h('button', view.getSubmitButtonProps(), 'Verify'),
            h('button', { type: 'button', onClick: view.cancel }, 'Cancel'),
          ]);
        case 'signedIn':
          return h('section', [
            h('p', `Signed in as ${view.user?.email}`),
            h('button', { type: 'button', onClick: () => (settings.value = !settings.value) }, 'MFA settings'),
            h('button', { type: 'button', onClick: () => view.signOut() }, 'Sign out'),
            settings.value && h(MfaSettings, { connection: props.connection, email: view.user?.email ?? '' }),
          ]);
        case 'signedOut':
          return h('section', [h('p', 'You are signed out.'), h('button', { type: 'button', onClick: view.restart }, 'Sign in again')]);
        default:
          return h('p', { role: 'status' }, [view.busy ? 'Please wait…' : view.step, error]);
      }
    };
  },
});

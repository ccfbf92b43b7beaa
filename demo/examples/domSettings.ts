/**
 * The MFA settings page with no UI framework: one flow from
 * `amplify-mfa-flow/dom`, one render function, the views' prop getters put on
 * real elements with `spreadProps`. The running enrollment flow's own steps
 * (the QR code, a wrong code, a texted code) show because the flow follows
 * its children. Every step offers a way on: cancel, retry, start over, resend.
 */
import { createMfaSettingsFlow, spreadProps } from 'amplify-mfa-flow/dom';
import { connectSignIn } from 'amplify-mfa-flow/machines';
import type { SignInSnapshot } from 'amplify-mfa-flow/machines';
import type {
  MfaSettingsInput,
  MfaSettingsMachine,
  MfaSettingsView,
  PhoneVerificationView,
  TotpEnrollmentView,
} from 'amplify-mfa-flow/mfa';

/** Draws the settings page into `root` and keeps it current; returns a function that stops it. */
export function mountMfaSettings(root: HTMLElement, input: MfaSettingsInput, machine?: MfaSettingsMachine): () => void {
  const flow = createMfaSettingsFlow({ input, ...(machine ? { machine } : {}) });
  // A redraw replaces the elements, and a busy step disables its inputs: give the focus back to the
  // element that had it (ids are stable) once it is there and enabled again, unless the user went elsewhere.
  let focusId = '';
  const draw = (view: MfaSettingsView) => {
    const active = document.activeElement;
    if (active && root.contains(active)) focusId = active.id;
    else if (active && active !== document.body) focusId = '';
    root.replaceChildren(page(view));
    const target = focusId ? document.getElementById(focusId) : null;
    if (target && !target.matches(':disabled')) target.focus();
  };
  const stop = flow.subscribe(draw);
  flow.start();
  draw(flow.getView());
  return () => {
    stop();
    flow.stop();
  };
}

type Child = Node | string | false | null | undefined;

/** An element with a prop getter's attributes (and `on*` listeners) spread on it. */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: object, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  spreadProps(node, props);
  node.append(...children.filter((c): c is Node | string => c !== false && c !== null && c !== undefined));
  return node;
}

const action = (text: string, onclick: () => void, props: object = { type: 'button' }) => h('button', { ...props, onclick }, text);

/** The flow's current error, in the element its inputs point at (`aria-describedby`). */
const errorOf = (view: { error: { message: string } | null; getErrorProps(): object }) =>
  view.error && h('p', view.getErrorProps(), view.error.message);

/** One input with its label and submit button, all from the view's getters; `submit` is absent while busy. */
function oneInputForm(
  label: string,
  getters: { getLabel(): object; getInput(): object; getSubmit(): object },
  value: string,
  submit: ((value: string) => void) | null,
  ...more: Child[]
): HTMLFormElement {
  const input = h('input', getters.getInput());
  input.value = value;
  const onsubmit = (event: Event) => {
    event.preventDefault();
    submit?.(input.value);
  };
  // novalidate: the flow's own typed errors are shown, not the browser's.
  return h(
    'form',
    { novalidate: true, onsubmit },
    h('label', getters.getLabel(), label),
    input,
    h('button', getters.getSubmit(), 'Continue'),
    ...more,
  );
}

function page(view: MfaSettingsView): Node {
  const body =
    view.step === 'enrollingTotp'
      ? totpPart(view.totpEnrollment)
      : view.step === 'verifyingPhone'
        ? phonePart(view.phoneVerification)
        : view.step === 'reauthenticating'
          ? reauthPart(view)
          : methodsPart(view);
  return h('section', { 'aria-busy': view.busy }, h('h2', {}, 'Two-step verification'), errorOf(view), body);
}

/** The last sign-in is too old for the change asked for: the password (for the fixed account), then the user's code. */
function reauthPart(view: Extract<MfaSettingsView, { step: 'reauthenticating' }>): Node {
  const ref = view.reauthentication;
  const flow = ref ? connectSignIn(ref.getSnapshot() as SignInSnapshot, ref.send, { id: 'mfaSettings-reauth' }) : null;
  const cancel = action('Cancel the change', view.cancel);
  const intro = h('p', {}, `Sign in again as ${view.username} to make this change.`);
  if (!flow) return h('div', {}, intro, 'Please wait…');
  if (flow.step === 'credentials' || flow.step === 'signingIn') {
    const getters = { getLabel: flow.getPasswordLabelProps, getInput: flow.getPasswordInputProps, getSubmit: flow.getSubmitButtonProps };
    const submit = flow.step === 'credentials' ? view.submitPassword : null;
    return h('div', {}, intro, errorOf(flow), oneInputForm('Password', getters, '', submit, cancel));
  }
  if (flow.step === 'totpCode' || flow.step === 'smsCode' || flow.step === 'emailCode') {
    const getters = { getLabel: flow.getCodeLabelProps, getInput: flow.getCodeInputProps, getSubmit: flow.getSubmitButtonProps };
    return h('div', {}, intro, errorOf(flow), oneInputForm('6-digit code', getters, flow.values.code, flow.submitCode, cancel));
  }
  return h('div', {}, intro, errorOf(flow), flow.busy ? 'Please wait…' : `This step (${flow.step}) is not shown here.`, cancel);
}

function methodsPart(view: MfaSettingsView): Node {
  if (view.step === 'loadFailed') return action('Try again', view.reload);
  const rows = view.methods.map((row) => {
    const method = row.method;
    const ready = view.step === 'ready' ? view : null;
    return h(
      'li',
      {},
      `${method}: ${row.enabled ? 'on' : 'off'}${row.preferred ? ' (preferred)' : ''} `,
      ready && row.canSetUp && method !== 'EMAIL' && action(`Set up ${method}`, () => ready.enroll(method)),
      ready && row.canPrefer && action('Make preferred', () => ready.prefer(method)),
      ready && row.canDisable && action('Turn off', () => ready.disable(method)),
      row.disableBlockedReason,
    );
  });
  return h('ul', {}, ...rows);
}

function totpPart(totp: TotpEnrollmentView): Node {
  const part = (...children: Child[]) => h('div', {}, errorOf(totp), ...children);
  switch (totp.step) {
    case 'awaitingCode':
    case 'verifying': {
      const { qrDataUrl, secretGroups } = totp.totpSetup;
      const getters = { getLabel: totp.getCodeLabelProps, getInput: totp.getCodeInputProps, getSubmit: totp.getSubmitButtonProps };
      return part(
        qrDataUrl && h('img', { src: qrDataUrl, alt: 'QR code for your authenticator app', width: 200, height: 200 }),
        h('p', {}, `Or type this key: ${secretGroups}`),
        oneInputForm(
          'Code from your authenticator app',
          getters,
          totp.values.code,
          totp.step === 'awaitingCode' ? totp.submitCode : null,
          `${totp.attemptsLeft} tries left `,
          action('Cancel', totp.cancel),
        ),
      );
    }
    case 'settingUp':
      return part(h('p', {}, 'Making a new key…'), action('Cancel', totp.cancel));
    case 'setupFailed':
    case 'preferenceFailed':
      return part(action('Try again', totp.retry), action('Cancel', totp.cancel));
    case 'tooManyAttempts':
      return part(action('Start again with a new key', totp.restart), action('Cancel', totp.cancel));
    default:
      return part(h('p', {}, 'Saving…'));
  }
}

function phonePart(phone: PhoneVerificationView): Node {
  const part = (...children: Child[]) => h('div', {}, errorOf(phone), ...children);
  switch (phone.step) {
    case 'enteringPhone':
    case 'updatingPhone': {
      const getters = { getLabel: phone.getPhoneLabelProps, getInput: phone.getPhoneInputProps, getSubmit: phone.getSubmitButtonProps };
      const submit = phone.step === 'enteringPhone' ? phone.submitPhone : null;
      return part(oneInputForm('Phone number with country code', getters, phone.values.phone, submit, action('Cancel', phone.cancel)));
    }
    case 'sendingCode':
    case 'awaitingCode':
    case 'confirming': {
      const getters = { getLabel: phone.getCodeLabelProps, getInput: phone.getCodeInputProps, getSubmit: phone.getSubmitButtonProps };
      const waiting = phone.step === 'awaitingCode' ? phone : null;
      return part(
        h('p', {}, `Code sent to ${phone.codeDelivery?.destination ?? phone.phone}`),
        oneInputForm(
          'Texted code',
          getters,
          phone.values.code,
          waiting?.submitCode ?? null,
          waiting && action('Send a new code', waiting.resendCode, waiting.getResendButtonProps()),
          phone.step !== 'sendingCode' && action('Change number', phone.changePhone),
          action('Cancel', phone.cancel),
        ),
      );
    }
    case 'enableFailed':
      return part(action('Try again', phone.retry), action('Cancel', phone.cancel));
    default:
      return part(h('p', {}, 'Saving…'));
  }
}

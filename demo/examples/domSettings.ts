/**
 * The MFA settings page with no UI framework: one flow from
 * `amplify-mfa-flow/dom`, one render function, the view's prop getters put on
 * real inputs with `spreadProps`. The running enrollment flow's own steps
 * (the QR code, a wrong code) show because the flow follows its children.
 */
import { createMfaSettingsFlow, spreadProps } from 'amplify-mfa-flow/dom';
import type { MfaSettingsInput, MfaSettingsMachine, MfaSettingsView } from 'amplify-mfa-flow';

export function mountMfaSettings(root: HTMLElement, input: MfaSettingsInput, machine?: MfaSettingsMachine): () => void {
  const flow = createMfaSettingsFlow({ input, ...(machine ? { machine } : {}) });
  const stop = flow.subscribe((view) => render(root, view));
  flow.start();
  render(root, flow.getView());
  return () => {
    stop();
    flow.stop();
  };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, onClick?: () => void): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (onClick) node.addEventListener('click', onClick);
  return node;
}

/** A one-input form: label, input and submit button from the view's getters. */
function form(label: string, props: { label: object; input: object; button: object }, submit: (value: string) => void): HTMLFormElement {
  const f = el('form');
  const l = el('label', label);
  const input = el('input');
  const button = el('button', 'Continue');
  spreadProps(l, props.label);
  spreadProps(input, props.input);
  spreadProps(button, props.button);
  f.append(l, input, button);
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    submit(input.value);
  });
  return f;
}

function render(root: HTMLElement, view: MfaSettingsView): void {
  const parts: Node[] = [el('h2', view.step)];
  if (view.error) {
    const alert = el('p', view.error.message);
    spreadProps(alert, view.getErrorProps());
    parts.push(alert);
  }
  if (view.step === 'ready') {
    for (const row of view.methods) {
      const li = el('p', `${row.method}: ${row.enabled ? 'on' : 'off'}${row.preferred ? ' (preferred)' : ''}`);
      if (row.canSetUp && row.method !== 'EMAIL')
        li.append(el('button', `Set up ${row.method}`, () => view.enroll(row.method as 'TOTP' | 'SMS')));
      if (row.canPrefer) li.append(el('button', 'Make preferred', () => view.prefer(row.method)));
      if (row.canDisable) li.append(el('button', 'Turn off', () => view.disable(row.method)));
      parts.push(li);
    }
  }
  if (view.step === 'enrollingTotp') {
    const totp = view.totpEnrollment;
    if (totp.step === 'awaitingCode') {
      if (totp.totpSetup.qrDataUrl) {
        const img = el('img');
        img.src = totp.totpSetup.qrDataUrl;
        img.alt = 'QR code for your authenticator app';
        parts.push(img);
      }
      parts.push(el('p', `Key: ${totp.totpSetup.secretGroups}`));
      parts.push(
        form(
          '6-digit code',
          { label: totp.getCodeLabelProps(), input: totp.getCodeInputProps(), button: totp.getSubmitButtonProps() },
          totp.submitCode,
        ),
      );
      if (totp.error) parts.push(el('p', totp.error.message));
    } else {
      parts.push(el('p', totp.step));
    }
  }
  if (view.step === 'verifyingPhone') {
    const phone = view.phoneVerification;
    if (phone.step === 'enteringPhone') {
      parts.push(
        form(
          'Phone number',
          { label: phone.getPhoneLabelProps(), input: phone.getPhoneInputProps(), button: phone.getSubmitButtonProps() },
          phone.submitPhone,
        ),
      );
    } else if (phone.step === 'awaitingCode') {
      parts.push(
        form(
          'Texted code',
          { label: phone.getCodeLabelProps(), input: phone.getCodeInputProps(), button: phone.getSubmitButtonProps() },
          phone.submitCode,
        ),
      );
    } else {
      parts.push(el('p', phone.step));
    }
  }
  root.replaceChildren(...parts);
}

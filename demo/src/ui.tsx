import { useEffect, useRef, useState } from 'react';
import type { FormEvent, HTMLAttributes, InputHTMLAttributes, LabelHTMLAttributes, ReactNode } from 'react';
import type { FlowError } from 'amplify-mfa-flow';
import type { PasskeysError } from 'amplify-mfa-flow/passkeys';
import { errorText, useT } from './i18n.js';

/** The step's heading; it takes focus when the step changes, so screen readers and keyboards follow. */
export function StepHeading({ step, children }: { step: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), [step]);
  return (
    <h2 ref={ref} tabIndex={-1} data-step={step}>
      {children}
    </h2>
  );
}

/** The flow's error; `props` (the view's `getErrorProps()`) give it the id the inputs point at. */
export function ErrorAlert({ error, props }: { error: FlowError | PasskeysError | null; props?: HTMLAttributes<HTMLElement> }) {
  const t = useT();
  if (!error) return null;
  return (
    <p role="alert" {...props} data-error={error.code}>
      {errorText(t, error)}
      {error.retryable ? ' You can try again.' : ''}
    </p>
  );
}

/** Seconds left until `until` (ms since epoch), ticking. */
export function Countdown({ until, label }: { until: number | null; label: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, []);
  if (until === null) return null;
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  return (
    <p className="muted" aria-live="off" data-countdown={label}>
      {label} {Math.floor(seconds / 60)}:{String(seconds % 60).padStart(2, '0')}
    </p>
  );
}

export function formValue(e: FormEvent<HTMLFormElement>, name: string): string {
  e.preventDefault();
  return String(new FormData(e.currentTarget).get(name) ?? '');
}

/**
 * An input and its label, spread from a view's prop getters: ids, name, type,
 * autocomplete, inputmode, maxlength, aria-invalid and aria-describedby all
 * come from the flow, so the page writes none of them.
 */
export function Field({
  label,
  labelProps,
  inputProps,
  defaultValue,
  autoFocus,
  placeholder,
}: {
  label: string;
  labelProps: LabelHTMLAttributes<HTMLLabelElement>;
  inputProps: InputHTMLAttributes<HTMLInputElement>;
  defaultValue?: string;
  autoFocus?: boolean;
  placeholder?: string;
}) {
  return (
    <label {...labelProps}>
      {label}
      <input {...inputProps} defaultValue={defaultValue} autoFocus={autoFocus} placeholder={placeholder} />
    </label>
  );
}

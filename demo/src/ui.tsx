import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { FlowError } from 'amplify-mfa-flow';

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

export function ErrorAlert({ error }: { error: FlowError | null }) {
  if (!error) return null;
  return (
    <p role="alert" data-error={error.code}>
      {error.message}
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

/** A 6-digit code input, as phones fill them in. */
export function CodeInput({ label, defaultValue }: { label: string; defaultValue: string }) {
  return (
    <label>
      {label}
      <input name="code" inputMode="numeric" autoComplete="one-time-code" defaultValue={defaultValue} autoFocus />
    </label>
  );
}

import { useDevices } from 'amplify-mfa-flow/react';
import { ErrorAlert, StepHeading } from './ui.js';

/** The signed-in user's remembered devices, each with "Forget": a forgotten device is asked for the code again. */
export function DevicesCard() {
  const view = useDevices();
  return (
    <section className="card" aria-busy={view.busy} data-devices={view.devices.length}>
      <StepHeading step={`devices-${view.step}`}>Remembered devices</StepHeading>
      <ErrorAlert error={view.error} props={view.getErrorProps()} />
      {view.devices.length === 0 && view.step === 'ready' && <p className="muted">No device is remembered.</p>}
      <ul>
        {view.devices.map((d) => (
          <li key={d.id} data-device={d.id} data-remembered={String(d.remembered)}>
            {d.name ?? 'Unnamed device'} — {d.remembered === false ? 'signed in here, not remembered' : 'remembered'}
            {d.lastSignedInAt ? `, last sign-in ${new Date(d.lastSignedInAt).toLocaleString()}` : ''}{' '}
            {view.step === 'ready' && (
              <button {...view.getForgetButtonProps(d.id)} className="secondary" onClick={() => view.forget(d.id)}>
                Forget
              </button>
            )}
          </li>
        ))}
      </ul>
      {view.step === 'loadFailed' && <button onClick={view.reload}>Try again</button>}
      {(view.step === 'loading' || view.step === 'forgetting') && (
        <button className="secondary" onClick={view.cancel}>
          Stop waiting
        </button>
      )}
    </section>
  );
}

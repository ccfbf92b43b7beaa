import { usePasskeys } from 'amplify-mfa-flow/react';
import type { AuthFlowType } from 'amplify-mfa-flow';
import { timingsFromUrl } from './backend.js';
import { ErrorAlert, StepHeading } from './ui.js';
import { Reauthenticate } from './Reauthenticate.js';
import { useT } from './i18n.js';

/** The user's passkeys: what Cognito lists, add one (the browser's prompt), delete one after a confirmation (and a recent sign-in). */
export function PasskeysPanel({ authFlowType }: { authFlowType: AuthFlowType }) {
  // Deleting a passkey needs a recent sign-in: signing in again runs the sign-in flow with the app's settings.
  const timings = timingsFromUrl();
  const view = usePasskeys({
    input: {
      // Its calls' own wait (the browser's prompt included), shortened from the URL as the flows' are.
      ...(timings.callTimeoutMs ? { callTimeoutMs: timings.callTimeoutMs } : {}),
      reauthentication: { authFlowType, totpIssuer: 'amplify-mfa-flow demo', ...timings },
    },
  });
  const t = useT();
  return (
    <section className="card" aria-busy={view.busy} data-panel="passkeys">
      <StepHeading step={`passkeys-${view.step}`}>{t.step('passkeys', view.step)}</StepHeading>
      <ErrorAlert error={view.error} props={view.getErrorProps()} />
      {view.step === 'ready' && (
        <>
          {view.items.length === 0 ? (
            <p className="muted" data-passkeys="none">
              No passkeys yet.
            </p>
          ) : (
            <ul data-passkeys={view.items.length}>
              {view.items.map((p) => (
                <li key={p.id} data-passkey={p.id}>
                  {p.name || 'Passkey'} {p.createdAt ? <span className="muted">(added {p.createdAt.slice(0, 10)})</span> : null}{' '}
                  <button {...p.getDeleteButtonProps()} className="secondary" onClick={p.remove}>
                    Delete
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button {...view.getAddButtonProps()} onClick={view.addPasskey}>
            Add a passkey
          </button>
          {view.addBlockedBy && <p className="muted">{view.addBlockedBy.message}</p>}
        </>
      )}
      {view.step === 'confirmingDelete' && (
        <>
          <p>
            Delete the passkey <strong data-confirm={view.passkey.id}>{view.passkey.name || 'Passkey'}</strong>? You can no longer sign in
            with it.
          </p>
          <button {...view.getConfirmButtonProps()} onClick={view.confirmDelete}>
            Delete passkey
          </button>{' '}
          <button {...view.getCancelButtonProps()} className="secondary" onClick={view.cancel}>
            Keep it
          </button>
        </>
      )}
      {view.step === 'reauthenticating' && <Reauthenticate view={view} what={`delete the passkey ${view.passkey.name || 'Passkey'}`} />}
      {view.step === 'loadFailed' && <button onClick={view.reload}>Try again</button>}
      {(view.step === 'loading' || view.step === 'adding' || view.step === 'checkingSignIn' || view.step === 'deleting') && (
        <button className="secondary" onClick={view.cancel}>
          {view.step === 'loading' ? 'Stop waiting' : 'Cancel'}
        </button>
      )}
    </section>
  );
}

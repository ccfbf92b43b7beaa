import { useEffect, useState } from 'react';
import { BACKEND } from './backend.js';

interface Entry {
  id: number;
  at: string;
  medium: 'SMS' | 'EMAIL';
  destination: string;
  email?: string;
  purpose: string;
  code: string;
}

/** Development only: the codes the local backend "sent", as a phone and a mailbox would show them. */
export function Inbox() {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      fetch(`${BACKEND}/_dev/inbox`)
        .then((r) => r.json() as Promise<{ entries: Entry[] }>)
        .then((b) => {
          if (!live) return;
          setEntries(b.entries);
          setError(null);
        })
        .catch((e: unknown) => live && setError(String(e)));
    void load();
    const id = setInterval(load, 1000);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, []);
  return (
    <aside className="inbox" aria-label="Simulated phone and mailbox">
      <h2>Simulated phone and mailbox</h2>
      <p className="muted">The local backend sends nothing for real: its texts and emails land here.</p>
      {error && <p role="alert">Inbox unavailable: {error}</p>}
      {entries.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol reversed>
          {[...entries].reverse().map((e) => (
            <li key={e.id} data-inbox-medium={e.medium} data-inbox-to={e.destination}>
              {e.medium === 'SMS' ? 'Text' : 'Email'} to {e.destination} ({e.purpose}): <code>{e.code}</code>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

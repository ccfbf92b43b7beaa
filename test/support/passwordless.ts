import { LocalClock, startLocalBackend } from '../../amplify/local/server.js';
import type { LocalBackendOptions } from '../../amplify/local/server.js';
import { synthesizeCached } from '../../amplify/local/synth.js';
import type { CachedSynth } from '../../amplify/local/synth.js';
import { configureAmplify } from '../../src/amplify/configure.js';
import type { TestBackend } from './backend.js';
import { PASSWORD, uniqueEmail } from './backend.js';

/** The passwordless, passkey-first variant (amplify/variants/passwordless), synthesized once and cached like the main definition. */
export function synthesizePasswordless(): Promise<CachedSynth> {
  return synthesizeCached({ variant: 'passwordless' });
}

/** A local backend provisioned from the passwordless variant, with Amplify pointed at it. */
export async function startPasswordlessBackend(options: Omit<LocalBackendOptions, 'pool' | 'clock'> = {}): Promise<TestBackend> {
  const { pool } = await synthesizePasswordless();
  const clock = new LocalClock();
  const backend = await startLocalBackend({ seed: false, ...options, pool, clock });
  return { backend, connection: configureAmplify(backend.outputs), clock };
}

let phones = 0;
/** A unique E.164 number per call in this process. */
function uniquePhone(): string {
  phones += 1;
  return `+1555${String(process.pid % 1000).padStart(3, '0')}${String(phones).padStart(4, '0')}`;
}

/** Creates a confirmed user with a verified email and (unless `phone: false`) a verified phone; returns the email and phone. */
export async function passwordlessUser(t: TestBackend, tag: string, options: { phone?: boolean } = {}) {
  const email = uniqueEmail(tag);
  const phone = options.phone === false ? undefined : uniquePhone();
  await t.backend.createUser({ email, password: PASSWORD, ...(phone ? { phone } : {}) });
  return { email, phone };
}

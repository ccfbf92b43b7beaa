import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import { withCeremonySignal } from '../../src/amplify/ceremonySignal.js';

// The wrapper that lets a stopped actor close the browser's passkey prompt (src/amplify/ceremonySignal.ts), on a
// hand-made navigator: its `credentials` has `get` and `create` on its prototype, as a browser's CredentialsContainer
// does, and each ceremony waits, as a prompt nobody answers, until the signal it was given aborts.

type Options = { publicKey?: unknown; signal?: AbortSignal };

class FakeContainer {
  readonly seen: { kind: 'get' | 'create'; options: Options | undefined; self: unknown }[] = [];
  get(options?: Options): Promise<unknown> {
    return this.prompt('get', options);
  }
  create(options?: Options): Promise<unknown> {
    return this.prompt('create', options);
  }
  private prompt(kind: 'get' | 'create', options: Options | undefined): Promise<unknown> {
    this.seen.push({ kind, options, self: this });
    return new Promise((_, reject) => {
      const signal = options?.signal;
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
}

function onPage(): FakeContainer {
  const credentials = new FakeContainer();
  vi.stubGlobal('navigator', { credentials });
  return credentials;
}
afterEach(() => {
  vi.unstubAllGlobals();
});

const own = (c: object, name: string) => Object.hasOwn(c, name);
const settled = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('withCeremonySignal', () => {
  it("adds the call's signal to get and create, keeps the options and the container as `this`, and aborting it closes the prompt", async () => {
    const page = onPage();
    const controller = new AbortController();
    const prompt = settled(
      withCeremonySignal(controller.signal, () => navigator.credentials.get({ publicKey: { challenge: 'c' } } as never)),
    );
    const { kind, options, self } = page.seen[0]!;
    expect(kind).toBe('get');
    expect(self).toBe(page);
    expect(options?.publicKey).toEqual({ challenge: 'c' });
    expect(options?.signal).toBeInstanceOf(AbortSignal);
    expect(options?.signal?.aborted).toBe(false);
    controller.abort();
    expect(options?.signal?.aborted).toBe(true);
    const out = await prompt;
    expect((out as { error: DOMException }).error.name).toBe('AbortError');

    const again = new AbortController();
    const create = settled(withCeremonySignal(again.signal, () => navigator.credentials.create({ publicKey: {} } as never)));
    const passed = page.seen[1]!.options!.signal!;
    again.abort();
    expect(passed.aborted).toBe(true);
    expect(((await create) as { error: DOMException }).error.name).toBe('AbortError');
  });

  it('puts the originals back when the call ends, resolved or thrown: the prototype shows through again', async () => {
    const page = onPage();
    const { get, create } = FakeContainer.prototype;
    await withCeremonySignal(new AbortController().signal, async () => {
      expect(own(page, 'get')).toBe(true);
      expect(navigator.credentials.get).not.toBe(get);
      return 'done';
    });
    expect(own(page, 'get') || own(page, 'create')).toBe(false);
    expect(navigator.credentials.get).toBe(get);

    const failed = await settled(
      withCeremonySignal(new AbortController().signal, async () => {
        throw new Error('the network');
      }),
    );
    expect((failed as { error: Error }).error.message).toBe('the network');
    expect(own(page, 'get') || own(page, 'create')).toBe(false);
    expect([navigator.credentials.get, navigator.credentials.create]).toEqual([get, create]);
  });

  it('an own property that was there before (another library, a test double) is put back as it was', async () => {
    const page = onPage();
    const theirs = vi.fn(async () => 'theirs');
    Object.assign(page, { create: theirs });
    await withCeremonySignal(new AbortController().signal, async () => {
      await navigator.credentials.create({ publicKey: {} } as never);
    });
    expect(navigator.credentials.create).toBe(theirs);
    // Theirs ran under ours, with the signal added.
    expect((theirs.mock.calls[0] as unknown as [Options])[0].signal).toBeInstanceOf(AbortSignal);
  });

  it('combines a signal the caller already passed with the call’s: either one aborts the prompt', async () => {
    const page = onPage();
    for (const which of ['caller', 'actor'] as const) {
      const caller = new AbortController();
      const actor = new AbortController();
      const prompt = settled(
        withCeremonySignal(actor.signal, () => navigator.credentials.get({ publicKey: {}, signal: caller.signal } as never)),
      );
      const passed = page.seen.at(-1)!.options!.signal!;
      expect(passed).not.toBe(caller.signal);
      expect(passed.aborted).toBe(false);
      (which === 'caller' ? caller : actor).abort(new DOMException(which, 'AbortError'));
      expect(passed.aborted).toBe(true);
      expect(((await prompt) as { error: DOMException }).error.message).toBe(which);
    }
  });

  it('leaves browsers without AbortSignal.any (Safari before 17.4) as they are: the call runs, nothing is wrapped', async () => {
    const page = onPage();
    const { any: _, ...withoutAny } = Object.fromEntries(
      Object.getOwnPropertyNames(AbortSignal).map((k) => [k, (AbortSignal as never)[k]]),
    );
    vi.stubGlobal('AbortSignal', withoutAny);
    expect(
      await withCeremonySignal(new AbortController().signal, async () => {
        expect(own(page, 'get') || own(page, 'create')).toBe(false);
        return 'ran';
      }),
    ).toBe('ran');
  });

  it('overlapping calls share one wrapper: a ceremony meanwhile gets both signals, and the last call to end restores', async () => {
    const page = onPage();
    const { get } = FakeContainer.prototype;
    let endFirst!: () => void;
    const first = new AbortController();
    const second = new AbortController();
    const one = withCeremonySignal(first.signal, () => new Promise<void>((resolve) => (endFirst = resolve)));
    const wrapped = navigator.credentials.get;
    const two = settled(withCeremonySignal(second.signal, () => navigator.credentials.get({} as never)));
    // Not wrapped twice: the second call reuses the first's wrapper.
    expect(navigator.credentials.get).toBe(wrapped);
    const passed = page.seen[0]!.options!.signal!;
    // Stopping the first (whose call may be the one that asked) closes the prompt rather than leave it open.
    first.abort();
    expect(passed.aborted).toBe(true);
    expect(((await two) as { error: DOMException }).error.name).toBe('AbortError');
    // The first still runs: the wrapper stays until it ends.
    expect(navigator.credentials.get).toBe(wrapped);
    endFirst();
    await one;
    expect(navigator.credentials.get).toBe(get);
    expect(own(page, 'get')).toBe(false);
  });

  it('two calls with the same signal end one at a time', async () => {
    onPage();
    const signal = new AbortController().signal;
    let endFirst!: () => void;
    const one = withCeremonySignal(signal, () => new Promise<void>((resolve) => (endFirst = resolve)));
    await withCeremonySignal(signal, async () => undefined);
    expect(own(navigator.credentials, 'get')).toBe(true);
    endFirst();
    await one;
    expect(own(navigator.credentials, 'get')).toBe(false);
  });

  it('a wrapper someone put over ours during the call stays; ours under it adds nothing once no call runs', async () => {
    const page = onPage();
    let theirs: ((o?: Options) => Promise<unknown>) | undefined;
    await withCeremonySignal(new AbortController().signal, async () => {
      const ours = navigator.credentials.get.bind(navigator.credentials);
      theirs = (o?: Options) => ours(o as never);
      Object.assign(page, { get: theirs });
    });
    expect(navigator.credentials.get).toBe(theirs);
    void navigator.credentials.get({ publicKey: 'x' } as never);
    expect(page.seen[0]!.options).toEqual({ publicKey: 'x' });
  });

  it('runs the call as it is where there is no navigator.credentials (Node, an old browser) or it cannot be written', async () => {
    vi.stubGlobal('navigator', undefined);
    expect(await withCeremonySignal(new AbortController().signal, async () => 'ran')).toBe('ran');
    const frozen = Object.freeze({ get: async () => 'got', create: async () => 'made' });
    vi.stubGlobal('navigator', { credentials: frozen });
    expect(await withCeremonySignal(new AbortController().signal, () => navigator.credentials.get())).toBe('got');
    // And the next call still tries (nothing was left half installed).
    const page = onPage();
    const controller = new AbortController();
    const prompt = settled(withCeremonySignal(controller.signal, () => navigator.credentials.get({} as never)));
    expect(page.seen[0]!.options!.signal).toBeInstanceOf(AbortSignal);
    controller.abort();
    await prompt;
  });

  it("as a fromPromise actor: stopping the actor aborts the prompt, the actor's rejection goes nowhere, and the next actor's prompt opens", async () => {
    const page = onPage();
    const ceremony = fromPromise<unknown, void>(({ signal }) =>
      withCeremonySignal(signal, () => navigator.credentials.get({ publicKey: {} } as never)),
    );
    const errors: unknown[] = [];
    const actor = createActor(ceremony);
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    const signal = page.seen[0]!.options!.signal!;
    actor.stop();
    expect(signal.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toEqual([]);
    expect(own(page, 'get')).toBe(false);

    const next = createActor(ceremony).start();
    const nextSignal = page.seen[1]!.options!.signal!;
    expect(nextSignal.aborted).toBe(false);
    next.stop();
  });
});

import { fromPromise } from 'xstate';
import type { AnyActorLogic } from 'xstate';

export interface FakeCall {
  readonly src: string;
  readonly input: unknown;
  settled: boolean;
  resolve(output: unknown): void;
  reject(error: unknown): void;
}

/**
 * Stand-ins for invoked actors (pure machine tests only): each call is
 * recorded and stays pending until the test settles it, like a network call
 * that has not answered yet.
 */
export class FakeActors {
  readonly calls: FakeCall[] = [];

  actors(names: readonly string[]): Record<string, AnyActorLogic> {
    return Object.fromEntries(
      names.map((src) => [
        src,
        fromPromise(
          ({ input }) =>
            new Promise((resolve, reject) => {
              const call: FakeCall = {
                src,
                input,
                settled: false,
                resolve: (o) => {
                  call.settled = true;
                  resolve(o);
                },
                reject: (e) => {
                  call.settled = true;
                  reject(e);
                },
              };
              this.calls.push(call);
            }),
        ),
      ]),
    );
  }

  /** The newest unsettled call of an actor; fails the test when there is none. */
  pending(src: string): FakeCall {
    const call = [...this.calls].reverse().find((c) => c.src === src && !c.settled);
    if (!call) throw new Error(`expected a pending call of "${src}", calls were: ${this.calls.map((c) => c.src).join(', ')}`);
    return call;
  }
}

/** An Error with the given Cognito name, as aws-amplify throws them. */
export function namedError(e: { name: string; message: string }): Error {
  return Object.assign(new Error(e.message), { name: e.name });
}

/** Lets promise callbacks and the actor's reactions run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

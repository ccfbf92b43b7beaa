import type { SnapshotFrom } from 'xstate';
import { propKit } from '../shared/props.js';
import type { ConnectOptions, DomPropTypes, PropTypes, StepView } from '../shared/props.js';
import { activeStateIds } from '../shared/types.js';
import type { DevicesMachine } from './devices.machine.js';
import type { DevicesEvent, RememberedDevice } from './devices.types.js';

export type DevicesSnapshot = SnapshotFrom<DevicesMachine>;

/** The screens of the devices list; the names are the machine's own states. */
export type DevicesViewStep = 'loading' | 'loadFailed' | 'ready' | 'forgetting' | 'signedOut';

/** The list, shown on every step (the last one read while a device is forgotten or the list read again). */
export interface DevicesList {
  readonly devices: readonly RememberedDevice[];
}

type Nothing = Record<never, never>;

/** What each step has besides `step`, `busy`, `error`, `activeStates`, `getErrorProps` and the list. */
export interface DevicesSteps<T extends PropTypes = DomPropTypes> {
  /** Stops waiting (after which the list can be read again). */
  loading: { cancel(): void };
  loadFailed: { reload(): void };
  ready: {
    forget(deviceId: string): void;
    reload(): void;
    /** The "Forget" button of one device. */
    getForgetButtonProps(deviceId: string): T['button'];
  };
  /** `deviceId` is the device being forgotten; stopping the wait reads the list again. */
  forgetting: { readonly deviceId: string; cancel(): void };
  /** The session ended elsewhere on the page; `error` says so (SIGNED_OUT). */
  signedOut: Nothing;
}

/** The devices view: a union on `step` (see `SignInView`). */
export type DevicesView<S extends DevicesViewStep = DevicesViewStep, T extends PropTypes = DomPropTypes> = {
  [K in S]: StepView<K, DevicesList & DevicesSteps<T>[K], T>;
}[S];

const STEPS = ['loading', 'loadFailed', 'ready', 'forgetting', 'signedOut'] as const;

export function connectDevices<T extends PropTypes = DomPropTypes>(
  snapshot: DevicesSnapshot,
  send: (event: DevicesEvent) => void,
  options?: ConnectOptions<T>,
): DevicesView<DevicesViewStep, T> {
  const c = snapshot.context;
  const busy = snapshot.hasTag('busy');
  const props = propKit(options, 'devices', busy, c.error);
  const base = {
    busy,
    error: c.error,
    activeStates: activeStateIds('devices', snapshot.value),
    getErrorProps: props.error,
    devices: c.devices,
  };
  const reload = () => send({ type: 'DEVICES.RELOAD' });
  const cancel = () => send({ type: 'FLOW.CANCEL' });
  const step = STEPS.find((s) => snapshot.matches(s)) ?? 'loading';
  switch (step) {
    case 'loadFailed':
      return { step, ...base, reload };
    case 'ready':
      return {
        step,
        ...base,
        forget: (deviceId) => send({ type: 'DEVICE.FORGET', deviceId }),
        reload,
        getForgetButtonProps: () => props.button(),
      };
    case 'forgetting':
      return { step, ...base, deviceId: c.forgetting ?? '', cancel };
    case 'loading':
      return { step, ...base, cancel };
    case 'signedOut':
      return { step, ...base };
  }
}

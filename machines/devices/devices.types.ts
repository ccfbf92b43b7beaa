import type { FlowError } from '../shared/errors.js';
import type { AuthHubEvent } from '../shared/types.js';

/**
 * A device Cognito tracks for the signed-in user (aws-amplify's `fetchDevices`), without anything that proves it:
 * the device's group key and password stay in aws-amplify's token store on that device.
 */
export interface RememberedDevice {
  /** Cognito's device key: names the device to forget, proves nothing. */
  readonly id: string;
  /** What the device called itself when it was confirmed (a browser's user agent), if anything. */
  readonly name: string | null;
  /** Remembered (answers for the MFA code), or only tracked; null when Cognito does not say. */
  readonly remembered: boolean | null;
  /** When the device last signed in (ms since epoch), if Cognito says. */
  readonly lastSignedInAt: number | null;
}

export interface DevicesInput {
  /** How long one call may go unanswered before the flow gives up on it (a retryable TIMEOUT); 30 s by default. */
  readonly callTimeoutMs?: number;
}

export interface DevicesContext {
  readonly callTimeoutMs: number;
  /** The list as last read; emptied in a stored snapshot (a restore reads it again). */
  devices: readonly RememberedDevice[];
  /** The device being forgotten, while it is. */
  forgetting: string | null;
  error: FlowError | null;
}

export type DevicesEvent =
  | { type: 'DEVICE.FORGET'; deviceId: string }
  | { type: 'DEVICES.RELOAD' }
  /** Stops waiting for a read or a forget (the list is then read again, or offered to be). */
  | { type: 'FLOW.CANCEL' }
  | AuthHubEvent;

export type DevicesEventType = DevicesEvent['type'];

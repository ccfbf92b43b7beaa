import { fetchMFAPreference, signOut } from 'aws-amplify/auth';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { TOTP, URI } from 'otpauth';
import { createActor, waitFor } from 'xstate';
import type { AnyActorRef } from 'xstate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import { connectPhoneVerification } from '../../machines/phoneVerification/phoneVerification.view.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import { connectTotpEnrollment } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import { readCapabilities } from '../../src/amplify/configure.js';
import {
  createAmplifyMfaSettingsMachine,
  createAmplifyPhoneVerificationMachine,
  createAmplifyTotpEnrollmentMachine,
} from '../../src/amplify/mfa.actors.js';
import { createAmplifySignInMachine } from '../../src/amplify/signIn.actors.js';
import { signInWithPassword, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { at } from '../support/views.js';

// From a fresh user to "TOTP preferred, SMS enabled" with the machines and the
// real aws-amplify client, then signing in with each method through the
// sign-in machine. The TOTP secret is read back from the QR image, as a phone would.

let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(() => t.backend.close());
afterEach(() => signOut());

const idle = (actor: AnyActorRef) => waitFor(actor, (s) => !s.hasTag('busy'), { timeout: 10_000 });

/** Decodes a PNG data URL the way a phone camera reads the QR code. */
function scanQr(dataUrl: string): string {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error('no QR code in the image');
  return found.data;
}

describe('a fresh user sets up both methods and signs in with each', () => {
  it('TOTP from a scanned QR code (preferred), then SMS (enabled), then each sign-in', async () => {
    const email = await signUpConfirmed(t, 'e2e');
    await signInWithPassword(t, email);

    // TOTP enrollment: scan the QR, check it is an otpauth URI authenticator apps accept.
    const enroll = createActor(createAmplifyTotpEnrollmentMachine(), {
      input: { totpIssuer: 'Amplify MFA Flow', accountName: email },
    }).start();
    await idle(enroll);
    const setup = at(connectTotpEnrollment(enroll.getSnapshot(), enroll.send), 'awaitingCode');
    const scanned = scanQr(setup.totpSetup.qrDataUrl!);
    expect(scanned).toBe(setup.totpSetup.uri);
    const parsed = URI.parse(scanned);
    expect(parsed).toBeInstanceOf(TOTP);
    const app = parsed as TOTP;
    expect({ issuer: app.issuer, label: app.label, algorithm: app.algorithm, digits: app.digits, period: app.period }).toEqual({
      issuer: 'Amplify MFA Flow',
      label: email,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    // Key URI format: otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer (Google Authenticator, Authy, 1Password).
    const uri = new URL(scanned);
    expect(decodeURIComponent(uri.pathname)).toBe(`/Amplify MFA Flow:${email}`);
    expect([...uri.searchParams.keys()]).toEqual(['secret', 'issuer']);
    expect(uri.searchParams.get('secret')).toMatch(/^[A-Z2-7]+$/);
    expect(uri.searchParams.get('issuer')).toBe('Amplify MFA Flow');
    expect(setup.totpSetup.secretGroups.replace(/ /g, '')).toBe(app.secret.base32);
    setup.submitCode(app.generate());
    await waitFor(enroll, (s) => s.status === 'done', { timeout: 10_000 });
    expect(enroll.getSnapshot().output).toEqual({ status: 'enrolled' });
    expect(enroll.getSnapshot().context.secret, 'the secret is gone once the flow ends').toBeNull();

    // Phone verification with SMS MFA enabled (not preferred).
    const phone = createActor(createAmplifyPhoneVerificationMachine(), { input: { enableSmsMfa: 'ENABLED' } }).start();
    at(connectPhoneVerification(phone.getSnapshot(), phone.send), 'enteringPhone').submitPhone('+1 555 010 7777');
    await idle(phone);
    const awaiting = at(connectPhoneVerification(phone.getSnapshot(), phone.send), 'awaitingCode');
    expect(awaiting.codeDelivery).toMatchObject({ deliveryMedium: 'SMS', destination: '+*******7777' });
    awaiting.submitCode(t.backend.inbox.latest({ destination: '+15550107777' }).code);
    await waitFor(phone, (s) => s.status === 'done', { timeout: 10_000 });
    expect(phone.getSnapshot().output).toEqual({ status: 'verified', phone: '+15550107777' });

    const pref = await fetchMFAPreference();
    expect({ enabled: [...(pref.enabled ?? [])].sort(), preferred: pref.preferred }).toEqual({
      enabled: ['SMS', 'TOTP'],
      preferred: 'TOTP',
    });
    await signOut();

    // Sign in with TOTP (preferred).
    const signIn = (input = {}) =>
      createActor(createAmplifySignInMachine(), { input: { authFlowType: t.connection.authFlowType, ...input } }).start();
    const first = signIn();
    await idle(first);
    at(connectSignIn(first.getSnapshot(), first.send), 'credentials').submitCredentials(email, PASSWORD);
    await idle(first);
    at(connectSignIn(first.getSnapshot(), first.send), 'totpCode').submitCode(app.generate());
    await waitFor(first, (s) => s.matches('signedIn'), { timeout: 10_000 });
    expect(at(connectSignIn(first.getSnapshot(), first.send), 'signedIn').user?.email).toBe(email);

    // Settings: prefer SMS; the page reloads what Cognito now says.
    const settings = createActor(createAmplifyMfaSettingsMachine(), {
      input: { capabilities: readCapabilities(t.backend.outputs), totpIssuer: 'Amplify MFA Flow', accountName: email },
    }).start();
    await idle(settings);
    let view = connectMfaSettings(settings.getSnapshot(), settings.send);
    expect(view.methods.map((m) => [m.method, m.enabled, m.preferred])).toEqual([
      ['SMS', true, false],
      ['TOTP', true, true],
    ]);
    at(view, 'ready').prefer('SMS');
    await waitFor(settings, (s) => s.matches('ready'), { timeout: 10_000 });
    view = connectMfaSettings(settings.getSnapshot(), settings.send);
    expect(view.preferred).toBe('SMS');
    settings.stop();

    // Sign out from the machine, then sign in with SMS.
    at(connectSignIn(first.getSnapshot(), first.send), 'signedIn').signOut();
    await waitFor(first, (s) => s.matches('signedOut'), { timeout: 10_000 });
    first.stop();
    const second = signIn();
    await idle(second);
    at(connectSignIn(second.getSnapshot(), second.send), 'credentials').submitCredentials(email, PASSWORD);
    await idle(second);
    const sms = at(connectSignIn(second.getSnapshot(), second.send), 'smsCode');
    expect(sms.codeDelivery?.destination).toBe('+*******7777');
    sms.submitCode(t.backend.inbox.latest({ destination: '+15550107777', purpose: 'Authentication' }).code);
    await waitFor(second, (s) => s.matches('signedIn'), { timeout: 10_000 });
    second.stop();
  });
});

/**
 * A software passkey authenticator for Node, where aws-amplify's passkey calls
 * (`associateWebAuthnCredential`, the WEB_AUTHN sign-in step) reach for
 * `navigator.credentials.create/get`. Each passkey is a real P-256 key pair
 * (node:crypto); registration answers with "none" attestation, CBOR-encoded
 * with @simplewebauthn/server's own encoder, and sign-in with a real ECDSA
 * signature over authenticatorData ‖ SHA-256(clientDataJSON), so the local
 * backend verifies both for real. `origin` is what the page would be, and can
 * be set to another origin to play a page the relying party does not serve.
 */
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

interface Passkey {
  readonly id: Buffer;
  readonly rpId: string;
  readonly userHandle: Buffer;
  readonly privateKey: KeyObject;
  counter: number;
}

const b64url = (bytes: ArrayBuffer | Uint8Array | Buffer) => Buffer.from(bytes as Uint8Array).toString('base64url');
const toArrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const bytes = (source: BufferSource): Buffer =>
  ArrayBuffer.isView(source) ? Buffer.from(source.buffer, source.byteOffset, source.byteLength) : Buffer.from(source);

// The classes aws-amplify checks with instanceof; in a browser the platform provides them.
class FakePublicKeyCredential {
  constructor(
    readonly id: string,
    readonly rawId: ArrayBuffer,
    readonly response: unknown,
    readonly authenticatorAttachment = 'platform',
  ) {}
  readonly type = 'public-key';
  getClientExtensionResults() {
    return {};
  }
}
class FakeAttestationResponse {
  constructor(
    readonly clientDataJSON: ArrayBuffer,
    readonly attestationObject: ArrayBuffer,
    private readonly authData: ArrayBuffer,
    private readonly spki: ArrayBuffer,
  ) {}
  getTransports() {
    return ['internal'];
  }
  getPublicKeyAlgorithm() {
    return -7;
  }
  getAuthenticatorData() {
    return this.authData;
  }
  getPublicKey() {
    return this.spki;
  }
}
class FakeAssertionResponse {
  constructor(
    readonly clientDataJSON: ArrayBuffer,
    readonly authenticatorData: ArrayBuffer,
    readonly signature: ArrayBuffer,
    readonly userHandle: ArrayBuffer,
  ) {}
}

/** An error as a browser throws it from a ceremony (`NotAllowedError` when the user cancels or it times out). */
export function domException(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export class SoftwareAuthenticator {
  /** The page's origin, as the browser writes it into clientDataJSON. */
  origin: string;
  /** Signs for this relying party id instead of the one asked for (a page of another site). */
  rpIdOverride: string | undefined;
  /** The next ceremony fails with this instead (then it is cleared): a cancel, a timeout. */
  failNext: Error | undefined;
  /** The next registration answers with this passkey (its id and key) instead of a new one, as a rogue authenticator could. */
  reuseNext: string | undefined;
  /** Every create/get the page asked for, newest last. */
  readonly requests: { kind: 'create' | 'get'; options: PublicKeyCredentialCreationOptions | PublicKeyCredentialRequestOptions }[] = [];
  private readonly passkeys: Passkey[] = [];

  constructor(origin = 'http://localhost:5173') {
    this.origin = origin;
  }

  /** The passkeys this authenticator holds (the browser's own view, not the server's). */
  get held(): readonly { id: string; rpId: string; counter: number }[] {
    return this.passkeys.map((p) => ({ id: b64url(p.id), rpId: p.rpId, counter: p.counter }));
  }

  /** Puts what aws-amplify looks for on the globals: a secure browser window with WebAuthn. Returns the undo. */
  install(): () => void {
    const g = globalThis as Record<string, unknown>;
    const keys = ['window', 'navigator', 'PublicKeyCredential', 'AuthenticatorAttestationResponse', 'AuthenticatorAssertionResponse'];
    const before = keys.map((k) => [k, Object.getOwnPropertyDescriptor(g, k)] as const);
    const define = (k: string, value: unknown) => Object.defineProperty(g, k, { value, configurable: true, writable: true });
    define('PublicKeyCredential', FakePublicKeyCredential);
    define('AuthenticatorAttestationResponse', FakeAttestationResponse);
    define('AuthenticatorAssertionResponse', FakeAssertionResponse);
    define('navigator', {
      credentials: {
        create: (o: CredentialCreationOptions) => this.create(o),
        get: (o: CredentialRequestOptions) => this.get(o),
      },
    });
    define('window', { document: {}, isSecureContext: true, PublicKeyCredential: FakePublicKeyCredential });
    return () => {
      for (const [k, d] of before) {
        if (d) Object.defineProperty(g, k, d);
        else delete g[k];
      }
    };
  }

  private clientData(type: string, challenge: BufferSource): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge: b64url(bytes(challenge)), origin: this.origin, crossOrigin: false }));
  }

  private takeFailure(): void {
    const e = this.failNext;
    this.failNext = undefined;
    if (e) throw e;
  }

  async create(o: CredentialCreationOptions): Promise<FakePublicKeyCredential> {
    const options = o.publicKey as PublicKeyCredentialCreationOptions;
    this.requests.push({ kind: 'create', options });
    this.takeFailure();
    const rpId = this.rpIdOverride ?? options.rp.id ?? new URL(this.origin).hostname;
    const userHandle = bytes(options.user.id);
    // An authenticator refuses to make a second passkey for a credential it already holds (excludeCredentials).
    for (const excluded of this.reuseNext ? [] : (options.excludeCredentials ?? [])) {
      if (this.passkeys.some((p) => p.id.equals(bytes(excluded.id)))) throw domException('InvalidStateError');
    }
    const reused = this.reuseNext ? this.passkeys.find((p) => b64url(p.id) === this.reuseNext) : undefined;
    this.reuseNext = undefined;
    const { privateKey, publicKey } = reused
      ? { privateKey: reused.privateKey, publicKey: createPublicKey(reused.privateKey) }
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'))],
        [-3, new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url'))],
      ]),
    );
    const id = reused?.id ?? randomBytes(16);
    const counter = Buffer.alloc(4);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      createHash('sha256').update(rpId).digest(),
      Buffer.from([FLAG_UP | FLAG_UV | FLAG_AT]),
      counter,
      Buffer.alloc(16), // AAGUID: none
      idLength,
      id,
      Buffer.from(cose),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, string> | Uint8Array>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', new Uint8Array(authData)],
      ]),
    );
    if (!reused) this.passkeys.push({ id, rpId, userHandle, privateKey, counter: 0 });
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    return new FakePublicKeyCredential(
      b64url(id),
      toArrayBuffer(id),
      new FakeAttestationResponse(
        toArrayBuffer(this.clientData('webauthn.create', options.challenge)),
        toArrayBuffer(Buffer.from(attestationObject)),
        toArrayBuffer(authData),
        toArrayBuffer(spki),
      ),
    );
  }

  async get(o: CredentialRequestOptions): Promise<FakePublicKeyCredential> {
    const options = o.publicKey as PublicKeyCredentialRequestOptions;
    this.requests.push({ kind: 'get', options });
    this.takeFailure();
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    const allowed = (options.allowCredentials ?? []).map((c) => bytes(c.id));
    const passkey = this.passkeys.find((p) => p.rpId === rpId && (allowed.length === 0 || allowed.some((id) => id.equals(p.id))));
    // What a browser says when none of its passkeys fits: the user could not complete the ceremony.
    if (!passkey) throw domException('NotAllowedError', 'No passkey for this site');
    return this.assert(passkey, options.challenge, rpId);
  }

  /** Sets a passkey's sign counter back, as a cloned authenticator would have it. */
  rewind(id: string, counter: number): void {
    const key = this.passkeys.find((p) => b64url(p.id) === id);
    if (!key) throw new Error(`no passkey ${id}`);
    key.counter = counter;
  }

  /** Signs an assertion with a given passkey, whatever the page asked for (to play a credential the server must refuse). */
  assert(passkey: Passkey | string, challenge: BufferSource, rpId?: string): FakePublicKeyCredential {
    const key = typeof passkey === 'string' ? this.passkeys.find((p) => b64url(p.id) === passkey) : passkey;
    if (!key) throw new Error(`no passkey ${String(passkey)}`);
    key.counter += 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(key.counter);
    const authData = Buffer.concat([
      createHash('sha256')
        .update(rpId ?? key.rpId)
        .digest(),
      Buffer.from([FLAG_UP | FLAG_UV]),
      counter,
    ]);
    const clientDataJSON = this.clientData('webauthn.get', challenge);
    const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]), key.privateKey);
    return new FakePublicKeyCredential(
      b64url(key.id),
      toArrayBuffer(key.id),
      new FakeAssertionResponse(
        toArrayBuffer(clientDataJSON),
        toArrayBuffer(authData),
        toArrayBuffer(signature),
        toArrayBuffer(key.userHandle),
      ),
    );
  }

  /** The JSON aws-amplify would send for a registration (CompleteWebAuthnRegistration's Credential). */
  static registrationJSON(credential: FakePublicKeyCredential): Record<string, unknown> {
    const r = credential.response as FakeAttestationResponse;
    return {
      id: credential.id,
      rawId: b64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: {},
      authenticatorAttachment: credential.authenticatorAttachment,
      response: {
        clientDataJSON: b64url(r.clientDataJSON),
        attestationObject: b64url(r.attestationObject),
        transports: r.getTransports(),
        publicKeyAlgorithm: r.getPublicKeyAlgorithm(),
        authenticatorData: b64url(r.getAuthenticatorData()),
        publicKey: b64url(r.getPublicKey()),
      },
    };
  }

  /** The JSON aws-amplify would send for an assertion (what RespondToAuthChallenge's CREDENTIAL holds). */
  static toJSON(credential: FakePublicKeyCredential): string {
    const r = credential.response as FakeAssertionResponse;
    return JSON.stringify({
      id: credential.id,
      rawId: b64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: {},
      authenticatorAttachment: credential.authenticatorAttachment,
      response: {
        clientDataJSON: b64url(r.clientDataJSON),
        authenticatorData: b64url(r.authenticatorData),
        signature: b64url(r.signature),
        userHandle: b64url(r.userHandle),
      },
    });
  }
}

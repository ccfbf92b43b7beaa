import { Amplify } from 'aws-amplify';
import type { ResourcesConfig } from 'aws-amplify';

/** The part of `amplify_outputs.json` this library reads. */
export interface AmplifyOutputsLike {
  readonly version: string;
  readonly auth?: {
    readonly aws_region: string;
    readonly user_pool_id: string;
    readonly user_pool_client_id: string;
    readonly mfa_configuration?: 'NONE' | 'OPTIONAL' | 'REQUIRED';
    readonly mfa_methods?: readonly ('SMS' | 'TOTP' | 'EMAIL')[];
    /** `email` and/or `phone_number`; none means users sign in with a username. */
    readonly username_attributes?: readonly string[];
  };
  /** The local backend adds `local_cognito_endpoint`; deployed outputs do not have it. */
  readonly custom?: { readonly local_cognito_endpoint?: string };
}

import type { AuthFlowType, LoginIdentifier } from '../../machines/signIn/signIn.types.js';
import type { PoolCapabilities } from '../../machines/shared/types.js';

export type { AuthFlowType, PoolCapabilities };

export interface AmplifyConnection {
  /** The password flow sign-in uses: USER_SRP_AUTH unless `configureAmplify` was asked for another. */
  readonly authFlowType: AuthFlowType;
  readonly capabilities: PoolCapabilities;
  /** What users sign in with in this pool: pass it to the sign-in machine's `loginWith`. */
  readonly loginWith: readonly LoginIdentifier[];
}

/**
 * What users type to sign in, from `auth.username_attributes`: email, phone
 * number, both, or (when neither is a username attribute) a username.
 */
export function readLoginWith(outputs: AmplifyOutputsLike): LoginIdentifier[] {
  const attributes = outputs.auth?.username_attributes ?? [];
  const kinds: LoginIdentifier[] = [];
  if (attributes.includes('email')) kinds.push('email');
  if (attributes.includes('phone_number')) kinds.push('phone');
  return kinds.length > 0 ? kinds : ['username'];
}

/**
 * Reads the pool's MFA mode and methods straight from the outputs: aws-amplify's
 * own parser drops EMAIL from `mfa_methods`, so it cannot be asked afterwards.
 */
export function readCapabilities(outputs: AmplifyOutputsLike): PoolCapabilities {
  const mode = outputs.auth?.mfa_configuration;
  return {
    mfaMode: mode === 'REQUIRED' ? 'REQUIRED' : mode === 'OPTIONAL' ? 'OPTIONAL' : 'OFF',
    mfaMethods: mode && mode !== 'NONE' ? [...(outputs.auth?.mfa_methods ?? [])] : [],
  };
}

const AUTH_FLOWS: readonly AuthFlowType[] = ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'];

export interface ConfigureOptions {
  /**
   * The password flow to sign in with. USER_SRP_AUTH (the default) is the only
   * one a Gen 2 app client allows, and the local backend checks it for real.
   * USER_PASSWORD_AUTH sends the password itself: only for a client that allows
   * it, e.g. while users are migrated by a Lambda trigger.
   */
  readonly authFlowType?: AuthFlowType;
}

/**
 * Configures Amplify from `amplify_outputs.json`. The same call serves a real
 * deployment (Cognito's own endpoint) and the local backend, whose outputs
 * carry its endpoint: only then is `userPoolEndpoint` set. Both sign in with
 * SRP unless `options.authFlowType` asks for USER_PASSWORD_AUTH.
 */
export function configureAmplify(outputs: AmplifyOutputsLike, options: ConfigureOptions = {}): AmplifyConnection {
  const authFlowType = options.authFlowType ?? 'USER_SRP_AUTH';
  if (!AUTH_FLOWS.includes(authFlowType)) {
    throw new TypeError(`authFlowType must be ${AUTH_FLOWS.join(' or ')}, not ${JSON.stringify(authFlowType)}`);
  }
  Amplify.configure(outputs as Parameters<typeof Amplify.configure>[0]);
  const endpoint = outputs.custom?.local_cognito_endpoint;
  if (endpoint) {
    const config = Amplify.getConfig();
    const cognito = config.Auth?.Cognito;
    if (!cognito?.userPoolId || !cognito.userPoolClientId) throw new Error('amplify_outputs.json has no user pool');
    // Amplify types Auth as a union keyed on which pools exist; this keeps whichever it parsed and only adds the endpoint.
    const auth = { Cognito: { ...cognito, userPoolEndpoint: endpoint } } as NonNullable<ResourcesConfig['Auth']>;
    Amplify.configure({ ...config, Auth: auth });
  }
  return { authFlowType, capabilities: readCapabilities(outputs), loginWith: readLoginWith(outputs) };
}

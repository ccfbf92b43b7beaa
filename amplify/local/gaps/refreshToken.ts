/**
 * aws-amplify 6.22 refreshes its tokens with GetTokensFromRefreshToken, which
 * cognito-local 5.3 does not have: every refresh failed, so a change of group
 * membership (or of any claim) never reached a signed-in page. Cognito answers
 * it as it answers InitiateAuth with REFRESH_TOKEN_AUTH (new ID and access
 * tokens, the user's current groups in them, the same refresh token), which
 * cognito-local has; this serves the one as the other.
 */
import type { Route } from 'cognito-local/lib/server/Router.js';

export function getTokensFromRefreshToken(initiateAuth: Route): Route {
  return async (ctx, req: { RefreshToken?: string; ClientId?: string; ClientMetadata?: Record<string, string> }) => {
    const res = (await initiateAuth(ctx, {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: req.ClientId,
      AuthParameters: { REFRESH_TOKEN: req.RefreshToken ?? '' },
      ...(req.ClientMetadata ? { ClientMetadata: req.ClientMetadata } : {}),
    })) as { AuthenticationResult?: Record<string, unknown> };
    // Cognito leaves the refresh token out unless it rotates it; the client keeps the one it has.
    const { RefreshToken: _kept, ...result } = res.AuthenticationResult ?? {};
    return { AuthenticationResult: result };
  };
}

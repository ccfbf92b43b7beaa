/** Cognito's defaults, used when a machine's input does not say otherwise. */
export const DEFAULTS = {
  /** A sign-in challenge session lives 3 minutes (configurable 3–15 in the pool). */
  challengeTimeoutMs: 3 * 60 * 1000,
  /** Cognito locks a user out after 5 failed attempts. */
  maxAttempts: 5,
  /** How long before a code can be sent again. */
  resendCooldownMs: 30 * 1000,
  /** How long one call may go unanswered before the flow gives up on it (a retryable TIMEOUT). */
  callTimeoutMs: 30 * 1000,
} as const;

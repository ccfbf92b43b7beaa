import { cognitoPorts } from './cognitoPorts.js';
import { createRecoveryTriggers } from './triggers.js';

export const handler = createRecoveryTriggers(cognitoPorts()).verifyAuthChallengeResponse;

import { type ApiErrorCode } from '../../../shared/errors';

/**
 * Answers after which the session no longer exists (the middle tier does not know it, or Graph
 * has dropped it): its row goes, and that is what the person wanted, not a failure. A single
 * close or refresh and "Close all" treat them alike.
 */
const GONE_CODES: ReadonlySet<string> = new Set(['sessionNotFound', 'sessionExpired'] satisfies ApiErrorCode[]);

export const isSessionGoneCode = (code: string): boolean => GONE_CODES.has(code);

/**
 * Answers after which Graph can no longer use the session, for a reason the person should read:
 * Graph lost it, or other clients' changes conflict with it. The middle tier has forgotten it, so
 * its row goes too; unlike the codes above, this is not what the person asked for.
 */
const UNUSABLE_CODES: ReadonlySet<string> = new Set(['sessionLost', 'sessionConflict'] satisfies ApiErrorCode[]);

export const isSessionUnusableCode = (code: string): boolean => UNUSABLE_CODES.has(code);

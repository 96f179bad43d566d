import { type ApiErrorCode } from '../../../shared/errors';

/**
 * Answers after which the session no longer exists (the middle tier does not know it, or Graph
 * has dropped it): its row goes, and that is what the person wanted, not a failure. A single
 * close or refresh and "Close all" treat them alike.
 */
const GONE_CODES: ReadonlySet<string> = new Set(['sessionNotFound', 'sessionExpired'] satisfies ApiErrorCode[]);

export const isSessionGoneCode = (code: string): boolean => GONE_CODES.has(code);

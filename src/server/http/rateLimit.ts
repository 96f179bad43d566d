/**
 * Per-user and per-IP request limits for the API, as token buckets.
 *
 * - A signed-in user (tid + oid) may make `perUserBurst` requests at once and
 *   `perUserPerMinute` sustained. Keyed by the user, not the IP: many users share one corporate
 *   egress address, and one user's task panes on several devices share one budget.
 * - Requests that fail authentication are charged to the client address (`unauthenticatedPerIpPerMinute`,
 *   the same number as burst), counted like the connection caps (connectionLimits.ts): an IPv6
 *   client by its /64, which one host commonly holds whole (so rotating through it gains
 *   nothing), an IPv4-mapped address as the IPv4 address. A request with a valid token is never charged there, so an
 *   attacker behind the same address cannot lock signed-in users out; nor is a genuine token
 *   that has only expired (auth/authenticate.ts), so its user always learns to renew it.
 * - Genuine but expired tokens have a meter of their own per address
 *   (`expiredTokensPerIpPerMinute`, 600 by default): a pane renews its token once per 401, so
 *   even hundreds of users behind one address stay far below it, while replaying one expired
 *   token in a loop (each costs a signature check) is cut off.
 * A limit of 0 turns that bucket off. Past the limit the answer is 429 `rateLimited` with
 * `retryAfterSeconds` and a `Retry-After` header.
 */
import type { RateLimitConfig } from '../config';
import { type AppError, createAppError } from '../errors/AppError';
import { addressKey } from './connectionLimits';
import { KeyedBuckets } from './tokenBucket';

export interface RequestRateLimiter {
  /** Throws `rateLimited` when this user is over the limit. */
  chargeUser(tenantId: string, userOid: string): void;
  /** Charges one failed authentication to `ip`; the `rateLimited` error to answer instead, if over the limit. */
  chargeUnauthenticated(ip: string): AppError | undefined;
  /** Charges one genuine but expired token to `ip`; the `rateLimited` error to answer instead, if over its (generous) limit. */
  chargeExpired(ip: string): AppError | undefined;
}

function limited(retryAfterMs: number, who: string): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return createAppError('rateLimited', {
    message: `Too many requests ${who}; retry in ${seconds} s.`,
    retryAfterSeconds: seconds,
  });
}

export function createRateLimiter(config: RateLimitConfig, now: () => number): RequestRateLimiter {
  const users =
    config.perUserPerMinute > 0 ? new KeyedBuckets(config.perUserBurst, config.perUserPerMinute) : undefined;
  const ips =
    config.unauthenticatedPerIpPerMinute > 0
      ? new KeyedBuckets(config.unauthenticatedPerIpPerMinute, config.unauthenticatedPerIpPerMinute)
      : undefined;
  const expired =
    config.expiredTokensPerIpPerMinute > 0
      ? new KeyedBuckets(config.expiredTokensPerIpPerMinute, config.expiredTokensPerIpPerMinute)
      : undefined;
  return {
    chargeUser(tenantId, userOid) {
      if (users === undefined) return;
      const t = now();
      const result = users.bucketFor(`${tenantId}|${userOid}`, t).take(t);
      if (!result.ok) throw limited(result.retryAfterMs, 'from this user');
    },
    chargeUnauthenticated(ip) {
      if (ips === undefined) return undefined;
      const t = now();
      const result = ips.bucketFor(addressKey(ip), t).take(t);
      return result.ok ? undefined : limited(result.retryAfterMs, 'without a valid token from this address');
    },
    chargeExpired(ip) {
      if (expired === undefined) return undefined;
      const t = now();
      const result = expired.bucketFor(addressKey(ip), t).take(t);
      return result.ok ? undefined : limited(result.retryAfterMs, 'with expired tokens from this address');
    },
  };
}

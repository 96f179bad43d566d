/**
 * Readiness: whether this instance can serve the API right now: its registry answers, and
 * Microsoft Entra ID's metadata and signing keys can be fetched (without them no SSO token can
 * be validated). Probes from a load balancer or orchestrator arrive every few seconds, from
 * several places at once: the verdict is computed by one check at a time and kept for
 * READINESS_CACHE_MS, so probes can never hammer Entra. Each check is bounded in time. A failing
 * check is logged once when it starts failing and once when it recovers, not on every probe.
 */
import type { Dispatcher } from 'undici';
import type { FastifyBaseLogger } from 'fastify';
import { sendOutbound, parseJson } from '../http/outboundRequest';

export const READINESS_CACHE_MS = 10_000;
export const READINESS_CHECK_TIMEOUT_MS = 5_000;

/** What a readiness probe needs to know about the registry. */
export interface RegistryHealth {
  /** Resolves when the registry answers; rejects (serviceUnavailable) when it does not. */
  ping(): Promise<void>;
  /** Close credentials found since start that could not be opened (e.g. a SEALING_KEY rotated without SEALING_KEY_PREVIOUS). */
  unopenableCredentials(): number;
  /** Shared Graph-token cache entries found since start sealed under a key this instance lacks (another instance's SEALING_KEY). */
  unopenableTokenCacheEntries(): number;
}

export interface ReadinessCheck {
  /** A short word for the probe's answer (no configuration in it). */
  name: string;
  /** Resolves when ready; rejects with the reason (logged, never answered). */
  run(): Promise<void>;
}

export type CheckState = 'ok' | 'failing';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckState>;
}

export interface ReadinessProbe {
  report(): Promise<ReadinessReport>;
}

export interface ReadinessOptions {
  now: () => number;
  log: FastifyBaseLogger;
  cacheMs?: number;
  timeoutMs?: number;
}

export function createReadinessProbe(checks: readonly ReadinessCheck[], options: ReadinessOptions): ReadinessProbe {
  const cacheMs = options.cacheMs ?? READINESS_CACHE_MS;
  const timeoutMs = options.timeoutMs ?? READINESS_CHECK_TIMEOUT_MS;
  let cached: { at: number; report: ReadinessReport } | undefined;
  let inFlight: Promise<ReadinessReport> | undefined;
  const failing = new Set<string>();

  const runOne = async (check: ReadinessCheck): Promise<CheckState> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check.run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (failing.delete(check.name)) options.log.info({ check: check.name }, `readiness: ${check.name} recovered`);
      return 'ok';
    } catch (error) {
      if (!failing.has(check.name)) {
        failing.add(check.name);
        options.log.warn(
          { check: check.name, reason: error instanceof Error ? error.message : String(error) },
          `readiness: ${check.name} is failing`,
        );
      }
      return 'failing';
    } finally {
      clearTimeout(timer);
    }
  };

  const evaluate = async (): Promise<ReadinessReport> => {
    const states = await Promise.all(checks.map(runOne));
    const report: ReadinessReport = { ready: states.every((s) => s === 'ok'), checks: {} };
    checks.forEach((check, i) => (report.checks[check.name] = states[i] ?? 'failing'));
    cached = { at: options.now(), report };
    return report;
  };

  return {
    report() {
      if (cached !== undefined && options.now() - cached.at < cacheMs) return Promise.resolve(cached.report);
      inFlight ??= evaluate().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}

/**
 * Entra's OpenID metadata for `tenant` and the signing keys it points to: both must answer with
 * what a token validator needs (an https `jwks_uri`; at least one key).
 * https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-tokens
 */
export function entraCheck(authorityHost: string, tenant: string, dispatcher: Dispatcher): ReadinessCheck {
  return {
    name: 'entra',
    async run() {
      const metadataUrl = `${authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`;
      const metadata = await getJson(dispatcher, metadataUrl);
      const jwksUri = (metadata as { jwks_uri?: unknown }).jwks_uri;
      if (typeof jwksUri !== 'string' || !jwksUri.startsWith('https://'))
        throw new Error(`${metadataUrl} has no https jwks_uri`);
      const keys = (await getJson(dispatcher, jwksUri)) as { keys?: unknown };
      if (!Array.isArray(keys.keys) || keys.keys.length === 0) throw new Error(`${jwksUri} lists no keys`);
    },
  };
}

async function getJson(dispatcher: Dispatcher, url: string): Promise<object> {
  const { status, text } = await sendOutbound(dispatcher, {
    method: 'GET',
    url,
    headers: { accept: 'application/json' },
  });
  if (status !== 200) throw new Error(`${url} answered ${status}`);
  const body = parseJson(text);
  if (typeof body !== 'object' || body === null) throw new Error(`${url} did not answer JSON`);
  return body;
}

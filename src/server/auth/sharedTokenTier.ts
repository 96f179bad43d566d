/**
 * The Graph-token cache shared by all instances, kept in the registry's PostgreSQL through
 * msal-node's distributed cache client interface (`ICacheClient`: get and set of strings by key).
 *
 * msal-node's own on-behalf-of cache looks tokens up by a hash of the incoming assertion, so each
 * fresh SSO token would miss it (and its DistributedCachePlugin with it); the add-in's cache is
 * keyed by user and scopes instead (graphTokenCache.ts), and only its storage is msal's interface.
 * Values are sealed at rest like the close credentials (closeCredential.ts), bound to their key.
 * https://learn.microsoft.com/entra/msal/javascript/node/caching
 */
import type { ICacheClient } from '@azure/msal-node';
import pg from 'pg';
import type { Log } from '../log';
import type { CredentialSealer } from '../registry/closeCredential';
import type { CachedToken, SharedTokenTier } from './graphTokenCache';

/** Entries older than this are gone whatever they held: Graph tokens live 60 to 90 minutes. */
const PURGE_AFTER_MINUTES = 120;

/** ICacheClient over the `graph_token_cache` table of the registry database. */
export class PostgresCacheClient implements ICacheClient {
  private readonly pool: pg.Pool;

  /**
   * `statementTimeoutMs` bounds each statement, lock waits included (PostgreSQL's
   * `statement_timeout`): a slow or locked cache is skipped (the token is exchanged instead), never
   * waited on.
   */
  constructor(url: string, log: Log, options: { statementTimeoutMs?: number } = {}) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: 4,
      connectionTimeoutMillis: 2_000,
      statement_timeout: options.statementTimeoutMs ?? 2_000,
    });
    this.pool.on('error', (error: Error & { code?: string }) =>
      log.debug({ code: error.code ?? 'connectionLost' }, 'a token cache database connection was lost'),
    );
  }

  /** The value, or '' when there is none (msal's convention). */
  async get(key: string): Promise<string> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM graph_token_cache WHERE key = $1', [
      key,
    ]);
    return rows[0]?.value ?? '';
  }

  /** Stores `value` under `key`; '' removes the entry. */
  async set(key: string, value: string): Promise<string> {
    if (value === '') {
      await this.pool.query('DELETE FROM graph_token_cache WHERE key = $1', [key]);
    } else {
      await this.pool.query(
        `WITH purged AS (DELETE FROM graph_token_cache WHERE updated_at < now() - make_interval(mins => $3))
         INSERT INTO graph_token_cache (key, value, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [key, value, PURGE_AFTER_MINUTES],
      );
    }
    return value;
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/** The shared tier, and how many of its entries were sealed under a key this instance does not hold. */
export interface SealedTokenTier extends SharedTokenTier {
  /** Entries found since start sealed under an unknown key (readiness reports it). */
  unknownKeyEntries(): number;
}

/**
 * The shared tier of the Graph-token cache, sealed, over any ICacheClient. An entry this instance
 * cannot open is a cache miss (the token is exchanged instead); one sealed under a key it does not
 * hold means the instances sharing the database disagree on SEALING_KEY, which would also strand
 * their close credentials: the first such entry is a warning, and every one is counted.
 */
export function sealedTokenTier(client: ICacheClient, sealer: CredentialSealer, log: Log): SealedTokenTier {
  const context = (key: string): string => JSON.stringify(['graph-token', key]);
  let unknownKey = 0;
  const read = async (key: string): Promise<CachedToken | undefined> => {
    let stored: string;
    try {
      stored = await client.get(key);
    } catch (error) {
      log.warn({ code: codeOf(error) }, 'the shared token cache could not be read; exchanging instead');
      return undefined;
    }
    if (stored === '') return undefined;
    const opened = sealer.open(stored, context(key));
    if (!opened.ok) {
      if (opened.problem === 'unknownKey') {
        unknownKey++;
        if (unknownKey === 1) {
          log.warn(
            { problem: opened.problem },
            'a shared Graph-token cache entry is sealed under a key this instance does not have: give every instance the same SEALING_KEY (and SEALING_KEY_PREVIOUS while rotating); until then tokens are exchanged again and /readyz counts such entries',
          );
        }
      }
      return undefined;
    }
    try {
      const value = JSON.parse(opened.value) as Partial<CachedToken>;
      return typeof value.token === 'string' && value.token !== '' && typeof value.expiresAt === 'number'
        ? { token: value.token, expiresAt: value.expiresAt }
        : undefined;
    } catch {
      return undefined;
    }
  };
  const write = async (key: string, value: string): Promise<void> => {
    try {
      await client.set(key, value);
    } catch (error) {
      log.warn({ code: codeOf(error) }, 'the shared token cache could not be written');
    }
  };
  return {
    read,
    unknownKeyEntries: () => unknownKey,
    write: (key, value) => write(key, sealer.seal(JSON.stringify(value), context(key))),
    async remove(key, token) {
      if ((await read(key))?.token === token) await write(key, '');
    },
  };
}

/** The `code` of a failure of the cache client, for the log line; anything may have been thrown. */
function codeOf(error: unknown): unknown {
  return (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined) ?? 'unknown';
}

/**
 * Chooses the registry from the configuration: the only place that knows which stores exist.
 * REGISTRY_URL set → PostgreSQL (several instances; connecting in the background, not ready until
 * it answers); otherwise the SQLite file of REGISTRY_PATH (one instance, local mode).
 */
import type { Log } from '../log';
import { connectingSessionStore } from './ConnectingSessionStore';
import { PostgresSessionStore } from './PostgresSessionStore';
import type { SessionStore } from './SessionStore';
import { SqliteSessionStore } from './SqliteSessionStore';

export interface RegistryConfig {
  /** SQLite file path, or ':memory:'. */
  registryPath: string;
  registryUrl: string | null;
}

export interface OpenedStore {
  store: SessionStore;
  /** Settles after the first connection attempt (at once for SQLite): start-up waits for it, bounded. */
  firstAttempt: Promise<void>;
}

export function openSessionStore(config: RegistryConfig, log: Log): OpenedStore {
  const url = config.registryUrl;
  if (url === null)
    return { store: new SqliteSessionStore(config.registryPath, { log }), firstAttempt: Promise.resolve() };
  const store = connectingSessionStore({
    describe: describePostgresUrl(url),
    connect: () => PostgresSessionStore.open(url, { log }),
    log,
  });
  return { store, firstAttempt: store.firstAttempt() };
}

/** host:port/database of a PostgreSQL URL (the socket folder for a local server), for logs (no user, no password). */
export function describePostgresUrl(url: string): string {
  const parsed = new URL(url);
  const port = parsed.searchParams.get('port') ?? (parsed.port === '' ? '5432' : parsed.port);
  return `${parsed.searchParams.get('host') ?? parsed.hostname}:${port}${parsed.pathname}`;
}

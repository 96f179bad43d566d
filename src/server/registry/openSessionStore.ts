/**
 * Chooses the registry from the configuration: the only place that knows which stores exist.
 */
import type { Log } from '../log';
import type { SessionStore } from './SessionStore';
import { SqliteSessionStore } from './SqliteSessionStore';

export interface RegistryConfig {
  /** SQLite file path, or ':memory:'. */
  registryPath: string;
}

export async function openSessionStore(config: RegistryConfig, log: Log): Promise<SessionStore> {
  return new SqliteSessionStore(config.registryPath, { log });
}

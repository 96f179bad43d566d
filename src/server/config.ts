/**
 * The middle tier's one configuration object, read from environment variables and validated
 * at start-up. Validation collects every problem before failing, so an operator fixes them all
 * in one go: the ConfigError message has one line per wrong or missing variable, naming it.
 *
 * `ServerConfig` holds loaded values (PEM contents, not paths) so tests and the integration
 * suite can build one directly without environment variables or files.
 */
import { resolve } from 'node:path';
import { readClientCredential, type ClientCredential } from './auth/clientCredential';
import { readTenancy } from './auth/tenancy';
import { readConnectionLimits, type ConnectionLimits } from './http/connectionLimits';
import { readOfficeWebOrigins } from './http/securityHeaders';
import { readTransport, type TlsMaterial, type TrustProxy } from './http/transport';
import { parseSupportContact, type SupportContact } from './support/supportPage';
import { readTelemetry, type TelemetryConfig } from './telemetry/telemetryConfig';
import { guid, isReadableDirectory, parentIsUsable, pemFile, postgresUrl, sealingKey, textFile } from './configValues';
import { networkFilesystemOf, readSystemMounts } from './registry/networkFilesystem';
import { SERVER_VARIABLES, type LOG_LEVELS } from './serverVariables';
import { tableReader, type Env } from '../shared/configTable';

export { OFFICE_JS_CDN_URL } from './serverVariables';
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  port: number;
  host: string;
  /** The add-in's public origin, e.g. https://localhost:3000 (no trailing slash). */
  publicUrl: string;
  /** The HTTPS certificate; null = plain HTTP to the TLS-terminating proxy named by `trustProxy`. */
  tls: TlsMaterial | null;
  /** The proxies whose X-Forwarded-* headers are believed; null = none (see http/transport.ts). */
  trustProxy: TrustProxy | null;
  tenantId: string;
  clientId: string;
  /** A client secret or a certificate (see auth/clientCredential.ts). */
  clientCredential: ClientCredential;
  /** Keys sealing secrets at rest in the registry (SEALING_KEY, SEALING_KEY_PREVIOUS). */
  sealingKeys: { current: Buffer; previous: Buffer | null };
  /** e.g. https://login.microsoftonline.com (no trailing slash). */
  authorityHost: string;
  /** e.g. https://graph.microsoft.com/v1.0 (no trailing slash). */
  graphBaseUrl: string;
  graphScopes: string[];
  /** Extra CA (PEM) trusted for outbound HTTPS (Entra, Graph); null = system trust only. */
  outboundCaPem: string | null;
  officeJsUrl: string;
  /**
   * Local mode only: a script the task pane page loads right after office.js, giving it what
   * Office provides outside office.js (the nested app authentication bridge). null in production.
   */
  officeHostBridgeUrl: string | null;
  /** The Office web origins that may frame the pane and the dialog (OFFICE_WEB_ORIGINS; http/securityHeaders.ts). */
  officeWebOrigins: string[];
  /** SQLite file path, or ':memory:' (used when registryUrl is null). */
  registryPath: string;
  /** A PostgreSQL URL (several instances share the registry), or null for the SQLite file. */
  registryUrl: string | null;
  /** How long a registry row in flight stays leased to an instance that stops renewing it. */
  registryLeaseMs: number;
  logLevel: LogLevel;
  /** Folder with the production build of the task pane (taskpane.html, *.js, assets/). */
  staticDir: string;
  /**
   * Multi-tenant mode when non-empty: the tenants (GUIDs, lower case) whose users may call the
   * API. Empty: single-tenant, only `tenantId` (which must then be a GUID). See tenancy.ts.
   */
  allowedTenants: string[];
  rateLimit: RateLimitConfig;
  connections: ConnectionLimits;
  /** Who the support page tells users to contact (SUPPORT_CONTACT); null = their administrator. */
  supportContact: SupportContact;
  /** Metrics and traces export (telemetry/telemetryConfig.ts); null or absent = off, nothing loaded. */
  telemetry?: TelemetryConfig | null;
}

/** Token buckets; 0 disables a limit. */
export interface RateLimitConfig {
  /** Sustained API requests per minute per signed-in user (tid + oid). */
  perUserPerMinute: number;
  /** Requests a user may make at once before the sustained rate applies. */
  perUserBurst: number;
  /** /api requests per minute per client IP that fail authentication (no or bad token; not an expired one). */
  unauthenticatedPerIpPerMinute: number;
  /**
   * /api requests per minute per client IP with a genuine token that has only expired: generous
   * (many users behind one address each renew now and then), so only a flood is refused.
   */
  expiredTokensPerIpPerMinute: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  /** The Linux mount table (`/proc/mounts`), or null where there is none; tests give their own. */
  mountsTable?: () => string | null;
}

/** Reads and validates every variable of serverVariables.ts; throws ConfigError listing all problems. */
export function loadConfig(env: Env, sources: ConfigSources = {}): ServerConfig {
  const problems: string[] = [];
  const reader = tableReader(SERVER_VARIABLES, env, problems);
  const { isSet, text: read, value } = reader;
  const required = (name: 'TENANT_ID' | 'CLIENT_ID' | 'SEALING_KEY', what: string): string => {
    if (!isSet(name)) problems.push(`${name} is missing: set it to ${what}.`);
    return read(name);
  };

  const port = value('PORT');
  const host = value('HOST');
  const publicUrl = value('PUBLIC_URL');
  const { tls, trustProxy } = readTransport(
    read,
    (name, path, label) => pemFile(name, path, label, problems),
    problems,
  );

  const { tenantId, allowedTenants } = readTenancy(
    required('TENANT_ID', 'the Entra tenant id (a GUID)'),
    read('ALLOWED_TENANTS'),
    problems,
  );
  const clientId = guid(
    'CLIENT_ID',
    required('CLIENT_ID', "the add-in's app registration (client) id (a GUID)"),
    problems,
  );
  const clientCredential = readClientCredential(
    read,
    (name, path) => textFile(name, path, problems),
    problems,
    Date.now(),
  );
  const sealingKeys = {
    current: sealingKey(
      'SEALING_KEY',
      required(
        'SEALING_KEY',
        'a random key of 32 bytes or more, base64 (for example: openssl rand -base64 32), kept like the client secret',
      ),
      problems,
    ),
    previous: isSet('SEALING_KEY_PREVIOUS')
      ? sealingKey('SEALING_KEY_PREVIOUS', read('SEALING_KEY_PREVIOUS'), problems)
      : null,
  };

  const authorityHost = value('AUTHORITY_HOST');
  const graphBaseUrl = value('GRAPH_BASE_URL');
  const graphScopes = value('GRAPH_SCOPES');
  const outboundCaPem = isSet('OUTBOUND_CA_FILE')
    ? pemFile('OUTBOUND_CA_FILE', read('OUTBOUND_CA_FILE'), 'CERTIFICATE', problems)
    : null;
  const officeJsUrl = value('OFFICE_JS_URL');
  const officeHostBridgeUrl = isSet('OFFICE_HOST_BRIDGE_URL') ? value('OFFICE_HOST_BRIDGE_URL') : null;
  const officeWebOrigins = readOfficeWebOrigins(read('OFFICE_WEB_ORIGINS'), problems);

  const registryPath = read('REGISTRY_PATH');
  if (registryPath !== ':memory:' && !parentIsUsable(registryPath)) {
    problems.push(
      `REGISTRY_PATH must be ":memory:" or a file path whose folder exists or can be created (got "${registryPath}").`,
    );
  }
  const registryUrl = postgresUrl(read('REGISTRY_URL'), problems);
  if (registryUrl === null && !isSet('REGISTRY_URL') && registryPath !== ':memory:') {
    const networkFs = networkFilesystemOf(registryPath, (sources.mountsTable ?? readSystemMounts)());
    if (networkFs !== null) {
      problems.push(
        `REGISTRY_PATH is on a network filesystem (${networkFs}), where SQLite's write-ahead log does not work (https://www.sqlite.org/wal.html): put the file on a local disk, or use a PostgreSQL database (REGISTRY_URL) (got "${registryPath}").`,
      );
    }
  }
  const registryLeaseMs = value('REGISTRY_LEASE_SECONDS');
  const logLevel = value('LOG_LEVEL');

  // An explicit STATIC_DIR must exist. The default (dist/) may not be built yet in development
  // and tests: the API still works, and the server logs that the pane is not served.
  const staticDir = resolve(read('STATIC_DIR'));
  if (isSet('STATIC_DIR') && !isReadableDirectory(staticDir)) {
    problems.push(
      `STATIC_DIR must be a readable folder with the task pane build (got "${staticDir}"; run "npm run build:web").`,
    );
  }

  const rateLimit: RateLimitConfig = {
    perUserPerMinute: value('RATE_LIMIT_PER_MINUTE'),
    perUserBurst: value('RATE_LIMIT_BURST'),
    unauthenticatedPerIpPerMinute: value('RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE'),
    expiredTokensPerIpPerMinute: value('RATE_LIMIT_EXPIRED_TOKENS_PER_MINUTE'),
  };
  if (rateLimit.perUserPerMinute > 0 && rateLimit.perUserBurst === 0 && read('RATE_LIMIT_BURST') === '0') {
    problems.push('RATE_LIMIT_BURST must be at least 1 when RATE_LIMIT_PER_MINUTE is not 0 (got "0").');
  }

  const connections = readConnectionLimits(reader, problems);
  const supportContact = parseSupportContact(read('SUPPORT_CONTACT'), problems);
  const telemetry = readTelemetry(read, port, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    publicUrl,
    tls,
    trustProxy,
    tenantId,
    clientId,
    clientCredential,
    sealingKeys: { current: sealingKeys.current ?? Buffer.alloc(0), previous: sealingKeys.previous },
    authorityHost,
    graphBaseUrl,
    graphScopes,
    outboundCaPem,
    officeJsUrl,
    officeHostBridgeUrl,
    officeWebOrigins,
    registryPath,
    registryUrl,
    registryLeaseMs,
    logLevel,
    staticDir,
    allowedTenants,
    rateLimit,
    connections,
    supportContact,
    telemetry,
  };
}

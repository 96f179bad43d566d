/**
 * The middle tier's one configuration object, read from environment variables and validated
 * at start-up. Validation collects every problem before failing, so an operator fixes them all
 * in one go: the ConfigError message has one line per wrong or missing variable, naming it.
 *
 * `ServerConfig` holds loaded values (PEM contents, not paths) so tests and the integration
 * suite can build one directly without environment variables or files.
 */
import { accessSync, constants as fsConstants, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readClientCredential, type ClientCredential } from './auth/clientCredential';
import { readTransport, type TlsMaterial, type TrustProxy } from './http/transport';
import { parseSupportContact, type SupportContact } from './support/supportPage';
import { isGuid } from '../shared/guid';

export const OFFICE_JS_CDN_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
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
}

/** Token buckets; 0 disables a limit. */
export interface RateLimitConfig {
  /** Sustained API requests per minute per signed-in user (tid + oid). */
  perUserPerMinute: number;
  /** Requests a user may make at once before the sustained rate applies. */
  perUserBurst: number;
  /** /api requests per minute per client IP that fail authentication (no, bad or expired token). */
  unauthenticatedPerIpPerMinute: number;
}

/**
 * How long the server waits for a client, and how many connections it holds (see
 * http/connectionLimits.ts). Timeouts in milliseconds; a cap of 0 turns that cap off.
 */
export interface ConnectionLimits {
  /** The request line and headers must arrive within this (also the TLS handshake). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed, even mid-request. */
  connectionTimeoutMs: number;
  /** Open connections in all. */
  maxConnections: number;
  /** Open connections from one client address (an IPv6 client's /64). */
  maxConnectionsPerAddress: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

// A scope is a URL-ish or short name without spaces or control characters (Entra's syntax).
const SCOPE = /^[A-Za-z0-9._:/~-]+$/;

// From build/server/config.js or src/server/config.ts, two levels up is the repository root.
const REPO_ROOT = resolve(__dirname, '..', '..');

export const CONFIG_DEFAULTS = {
  PORT: '3000',
  HOST: 'localhost',
  PUBLIC_URL: 'https://localhost:3000',
  AUTHORITY_HOST: 'https://login.microsoftonline.com',
  GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0',
  GRAPH_SCOPES: 'https://graph.microsoft.com/Files.ReadWrite',
  OFFICE_JS_URL: OFFICE_JS_CDN_URL,
  REGISTRY_PATH: resolve(REPO_ROOT, '.data', 'registry.sqlite'),
  REGISTRY_LEASE_SECONDS: '60',
  LOG_LEVEL: 'info',
  STATIC_DIR: resolve(REPO_ROOT, 'dist'),
  RATE_LIMIT_PER_MINUTE: '60',
  RATE_LIMIT_BURST: '30',
  RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '30',
  HEADERS_TIMEOUT_SECONDS: '10',
  REQUEST_TIMEOUT_SECONDS: '30',
  KEEP_ALIVE_TIMEOUT_SECONDS: '72',
  CONNECTION_TIMEOUT_SECONDS: '120',
  MAX_CONNECTIONS: '1000',
  MAX_CONNECTIONS_PER_ADDRESS: '100',
} as const;

/** Entra's tenant-independent authority segments a multi-tenant app may use (work/school accounts). */
export const MULTI_TENANT_AUTHORITIES = ['organizations', 'common'] as const;

/** Reads and validates every variable; throws ConfigError listing all problems. */
export function loadConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const problems: string[] = [];
  const read = (name: string, fallback?: string): string => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? (fallback ?? '') : raw.trim();
  };
  const required = (name: string, what: string): string => {
    const value = read(name);
    if (value === '') problems.push(`${name} is missing: set it to ${what}.`);
    return value;
  };

  const portText = read('PORT', CONFIG_DEFAULTS.PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || !Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${portText}").`);
  }

  const host = read('HOST', CONFIG_DEFAULTS.HOST);
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) problems.push(`HOST must be a host name or IP address (got "${host}").`);

  const publicUrl = httpsOrigin('PUBLIC_URL', read('PUBLIC_URL', CONFIG_DEFAULTS.PUBLIC_URL), problems, false);
  const { tls, trustProxy } = readTransport(read, (name, path, label) => pemFile(name, path, label, problems), problems);

  const { tenantId, allowedTenants } = tenancy(required('TENANT_ID', 'the Entra tenant id (a GUID)'), read('ALLOWED_TENANTS'), problems);
  const clientId = guid('CLIENT_ID', required('CLIENT_ID', "the add-in's app registration (client) id (a GUID)"), problems);
  const clientCredential = readClientCredential(read, (name, path) => textFile(name, path, problems), problems, Date.now());
  const sealingKeys = {
    current: sealingKey('SEALING_KEY', required('SEALING_KEY', 'a random key of 32 bytes or more, base64 (for example: openssl rand -base64 32), kept like the client secret'), problems),
    previous: read('SEALING_KEY_PREVIOUS') === '' ? null : sealingKey('SEALING_KEY_PREVIOUS', read('SEALING_KEY_PREVIOUS'), problems),
  };

  const authorityHost = httpsOrigin('AUTHORITY_HOST', read('AUTHORITY_HOST', CONFIG_DEFAULTS.AUTHORITY_HOST), problems, false);
  const graphBaseUrl = httpsOrigin('GRAPH_BASE_URL', read('GRAPH_BASE_URL', CONFIG_DEFAULTS.GRAPH_BASE_URL), problems, true);

  const graphScopes = read('GRAPH_SCOPES', CONFIG_DEFAULTS.GRAPH_SCOPES).split(/[\s,]+/).filter((s) => s !== '');
  const badScope = graphScopes.find((s) => !SCOPE.test(s));
  if (graphScopes.length === 0 || badScope !== undefined) {
    problems.push(`GRAPH_SCOPES must be a space-separated list of scopes (bad entry: "${badScope ?? ''}").`);
  }

  const caFile = read('OUTBOUND_CA_FILE');
  const outboundCaPem = caFile === '' ? null : pemFile('OUTBOUND_CA_FILE', caFile, 'CERTIFICATE', problems);

  const officeJsUrl = read('OFFICE_JS_URL', CONFIG_DEFAULTS.OFFICE_JS_URL);
  if (!isHttpsUrl(officeJsUrl)) problems.push(`OFFICE_JS_URL must be an https URL (got "${officeJsUrl}").`);

  const registryPath = read('REGISTRY_PATH', CONFIG_DEFAULTS.REGISTRY_PATH);
  if (registryPath !== ':memory:' && !parentIsUsable(registryPath)) {
    problems.push(`REGISTRY_PATH must be ":memory:" or a file path whose folder exists or can be created (got "${registryPath}").`);
  }

  const registryUrl = postgresUrl(read('REGISTRY_URL'), problems);
  const leaseText = read('REGISTRY_LEASE_SECONDS', CONFIG_DEFAULTS.REGISTRY_LEASE_SECONDS);
  const leaseSeconds = Number(leaseText);
  if (!/^\d+$/.test(leaseText) || leaseSeconds < 2 || leaseSeconds > 3600) problems.push(`REGISTRY_LEASE_SECONDS must be an integer from 2 to 3600 (got "${leaseText}").`);

  const logLevel = read('LOG_LEVEL', CONFIG_DEFAULTS.LOG_LEVEL).toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}").`);

  // An explicit STATIC_DIR must exist. The default (dist/) may not be built yet in development
  // and tests: the API still works, and the server logs that the pane is not served.
  const staticDir = resolve(read('STATIC_DIR', CONFIG_DEFAULTS.STATIC_DIR));
  if (read('STATIC_DIR') !== '' && !isReadableDirectory(staticDir)) {
    problems.push(`STATIC_DIR must be a readable folder with the task pane build (got "${staticDir}"; run "npm run build:web").`);
  }

  const rateLimit: RateLimitConfig = {
    perUserPerMinute: count('RATE_LIMIT_PER_MINUTE', read('RATE_LIMIT_PER_MINUTE', CONFIG_DEFAULTS.RATE_LIMIT_PER_MINUTE), problems),
    perUserBurst: count('RATE_LIMIT_BURST', read('RATE_LIMIT_BURST', CONFIG_DEFAULTS.RATE_LIMIT_BURST), problems),
    unauthenticatedPerIpPerMinute: count(
      'RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE',
      read('RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE', CONFIG_DEFAULTS.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE),
      problems,
    ),
  };
  if (rateLimit.perUserPerMinute > 0 && rateLimit.perUserBurst === 0 && read('RATE_LIMIT_BURST') === '0') {
    problems.push('RATE_LIMIT_BURST must be at least 1 when RATE_LIMIT_PER_MINUTE is not 0 (got "0").');
  }

  const connections = connectionLimits(read, problems);
  const supportContact = parseSupportContact(read('SUPPORT_CONTACT'), problems);

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
    registryPath,
    registryUrl,
    registryLeaseMs: leaseSeconds * 1000,
    logLevel: logLevel as LogLevel,
    staticDir,
    allowedTenants,
    rateLimit,
    connections,
    supportContact,
  };
}

/** Timeouts of 1 s to 1 h (never off: the server terminates client connections itself) and connection caps. */
function connectionLimits(read: (name: string, fallback?: string) => string, problems: string[]): ConnectionLimits {
  const seconds = (name: keyof typeof CONFIG_DEFAULTS): number => {
    const text = read(name, CONFIG_DEFAULTS[name]);
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1 || value > 3600) {
      problems.push(`${name} must be a whole number of seconds from 1 to 3600 (got "${text}").`);
      return Number(CONFIG_DEFAULTS[name]) * 1000;
    }
    return value * 1000;
  };
  const limits: ConnectionLimits = {
    headersTimeoutMs: seconds('HEADERS_TIMEOUT_SECONDS'),
    requestTimeoutMs: seconds('REQUEST_TIMEOUT_SECONDS'),
    keepAliveTimeoutMs: seconds('KEEP_ALIVE_TIMEOUT_SECONDS'),
    connectionTimeoutMs: seconds('CONNECTION_TIMEOUT_SECONDS'),
    maxConnections: count('MAX_CONNECTIONS', read('MAX_CONNECTIONS', CONFIG_DEFAULTS.MAX_CONNECTIONS), problems),
    // Behind a trusted proxy (TRUST_PROXY) every socket's peer is the proxy: a per-address cap
    // there would throttle all users behind it together, so it is off unless set explicitly.
    maxConnectionsPerAddress: count(
      'MAX_CONNECTIONS_PER_ADDRESS',
      read('MAX_CONNECTIONS_PER_ADDRESS', read('TRUST_PROXY') === '' ? CONFIG_DEFAULTS.MAX_CONNECTIONS_PER_ADDRESS : '0'),
      problems,
    ),
  };
  // Node measures both from the start of the request; a longer headers timeout would never apply.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    problems.push(`HEADERS_TIMEOUT_SECONDS must not exceed REQUEST_TIMEOUT_SECONDS (got ${limits.headersTimeoutMs / 1000} and ${limits.requestTimeoutMs / 1000}).`);
  }
  return limits;
}

/** The defaults of ConnectionLimits, for configurations built in code. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: Number(CONFIG_DEFAULTS.HEADERS_TIMEOUT_SECONDS) * 1000,
  requestTimeoutMs: Number(CONFIG_DEFAULTS.REQUEST_TIMEOUT_SECONDS) * 1000,
  keepAliveTimeoutMs: Number(CONFIG_DEFAULTS.KEEP_ALIVE_TIMEOUT_SECONDS) * 1000,
  connectionTimeoutMs: Number(CONFIG_DEFAULTS.CONNECTION_TIMEOUT_SECONDS) * 1000,
  maxConnections: Number(CONFIG_DEFAULTS.MAX_CONNECTIONS),
  maxConnectionsPerAddress: Number(CONFIG_DEFAULTS.MAX_CONNECTIONS_PER_ADDRESS),
};

/**
 * Single-tenant (the default): TENANT_ID is the one tenant's GUID. Multi-tenant: ALLOWED_TENANTS
 * lists the tenant GUIDs served; TENANT_ID may then be "organizations" or "common" (or one of
 * the GUIDs, which is allowed implicitly). "common" without an allow-list would accept any
 * tenant's users, so it is refused.
 */
function tenancy(tenantText: string, allowedText: string, problems: string[]): { tenantId: string; allowedTenants: string[] } {
  const allowed = allowedText.split(/[\s,]+/).filter((t) => t !== '');
  const bad = allowed.filter((t) => !isGuid(t));
  if (bad.length > 0) problems.push(`ALLOWED_TENANTS must be a comma-separated list of tenant GUIDs (bad entries: ${bad.map((t) => `"${t}"`).join(', ')}).`);
  const allowedTenants = [...new Set(allowed.filter(isGuid).map((t) => t.toLowerCase()))];
  const lower = tenantText.toLowerCase();
  if ((MULTI_TENANT_AUTHORITIES as readonly string[]).includes(lower)) {
    if (allowed.length === 0) problems.push(`TENANT_ID "${tenantText}" accepts users of any tenant: set ALLOWED_TENANTS to the tenant GUIDs you serve, or set TENANT_ID to your tenant's GUID.`);
    return { tenantId: lower, allowedTenants };
  }
  if (tenantText !== '' && !isGuid(tenantText)) {
    problems.push(`TENANT_ID must be a GUID like 00000000-0000-0000-0000-000000000000${allowed.length > 0 ? ', "organizations" or "common"' : ''} (got "${tenantText}").`);
  }
  if (allowedTenants.length > 0 && isGuid(tenantText) && !allowedTenants.includes(lower)) allowedTenants.unshift(lower);
  return { tenantId: lower, allowedTenants };
}

/**
 * REGISTRY_URL: empty (the SQLite file), or a postgres:// / postgresql:// URL naming a host and a
 * database. Its password is never repeated in a message.
 */
function postgresUrl(text: string, problems: string[]): string | null {
  if (text === '') return null;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || url.hostname === '' || url.pathname.length < 2) {
    problems.push('REGISTRY_URL must be a PostgreSQL URL like postgres://user:password@host:5432/database (leave it empty for the SQLite file of REGISTRY_PATH).');
    return null;
  }
  return text;
}

/** A sealing key: base64 or base64url of at least 32 bytes. The value is never repeated in a message. */
function sealingKey(name: string, text: string, problems: string[]): Buffer | null {
  if (text === '') return null;
  const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : Buffer.alloc(0);
  if (bytes.length < 32) {
    problems.push(`${name} must be base64 of at least 32 random bytes (for example: openssl rand -base64 32); the value given is not.`);
    return null;
  }
  return bytes;
}

/** A non-negative integer count (0 = no limit). */
function count(name: string, text: string, problems: string[]): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value > 1_000_000) {
    problems.push(`${name} must be an integer from 0 (no limit) to 1000000 (got "${text}").`);
    return 0;
  }
  return value;
}

function guid(name: string, value: string, problems: string[]): string {
  if (value !== '' && !isGuid(value)) problems.push(`${name} must be a GUID like 00000000-0000-0000-0000-000000000000 (got "${value}").`);
  return value.toLowerCase();
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** An https URL without query or fragment, returned without the trailing slash; a path only where allowed. */
function httpsOrigin(name: string, value: string, problems: string[], pathAllowed: boolean): string {
  if (!isHttpsUrl(value)) {
    problems.push(`${name} must be an https URL (got "${value}").`);
    return value;
  }
  const url = new URL(value);
  const hasPath = url.pathname !== '/' && url.pathname !== '';
  if (url.search !== '' || url.hash !== '' || (!pathAllowed && hasPath)) {
    problems.push(`${name} must be ${pathAllowed ? 'an https URL without query or fragment' : 'an https origin without path, query or fragment'} (got "${value}").`);
  }
  return value.replace(/\/+$/, '');
}

function textFile(name: string, path: string, problems: string[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    problems.push(`${name} must name a readable file (cannot read "${path}").`);
    return undefined;
  }
}

function pemFile(name: string, path: string, label: string, problems: string[]): string {
  if (path === '') return '';
  const text = textFile(name, path, problems);
  if (text === undefined) return '';
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text)) {
    problems.push(`${name} must be a PEM file containing a ${label} ("${path}" does not).`);
  }
  return text;
}

function parentIsUsable(path: string): boolean {
  // The folder is created at start-up when missing; here we only reject a parent that is a file.
  let dir = dirname(resolve(path));
  for (;;) {
    try {
      return statSync(dir).isDirectory();
    } catch {
      const up = dirname(dir);
      if (up === dir) return false;
      dir = up;
    }
  }
}

function isReadableDirectory(path: string): boolean {
  try {
    accessSync(path, fsConstants.R_OK);
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

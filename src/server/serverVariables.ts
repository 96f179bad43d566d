/**
 * Every environment variable the middle tier reads, as data: config.ts reads values only through
 * this table, and the README's configuration table and `.env.example` are generated from it
 * (`npm run config:docs`; `npm run lint` fails when they are stale). Local mode's launcher sets
 * the variables marked required for `local` (src/emulator/localMode.ts).
 */
import { resolve } from 'node:path';
import {
  count,
  custom,
  hostName,
  httpsUrl,
  list,
  oneOf,
  port,
  seconds,
  type tableReader,
  variable,
} from '../shared/configTable';
import { TELEMETRY_VARIABLES } from './telemetry/telemetryVariables';

export const OFFICE_JS_CDN_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// From build/server/ or src/server/, two levels up is the repository root.
const REPO_ROOT = resolve(__dirname, '..', '..');
const BOTH = ['local', 'production'] as const;

const APP = 'The app registration (Microsoft Entra admin center → App registrations)';
const KEYS = 'Secrets at rest';
const WHERE = 'Where it runs';
const REGISTRY = 'The session registry';
const PANE = 'The task pane and Office';
const LIMITS = 'Limits and timeouts';
const SUPPORT = 'Support and logs';

const SCOPE = /^[A-Za-z0-9._:/~-]+$/;

export const SERVER_VARIABLES = [
  variable('TENANT_ID', custom('GUID, or organizations/common with ALLOWED_TENANTS'), {
    requiredIn: BOTH,
    group: APP,
    description:
      "the directory (tenant) id of the add-in's Entra app registration (`organizations` or `common` only with `ALLOWED_TENANTS`)",
  }),
  variable('CLIENT_ID', custom('GUID'), {
    requiredIn: BOTH,
    group: APP,
    description:
      "the application (client) id of the app registration; the manifest's `<WebApplicationInfo><Id>` is the same",
  }),
  variable('CLIENT_SECRET', custom('text'), {
    secret: true,
    requiredIn: BOTH,
    group: APP,
    description:
      "the app registration's client secret; or leave it unset and set `CLIENT_CERTIFICATE_FILE` (exactly one of the two)",
  }),
  variable('CLIENT_CERTIFICATE_FILE', custom('PEM file'), {
    group: APP,
    description:
      'a PEM file with the certificate uploaded to the app registration and its unencrypted private key (better than a secret in production)',
  }),
  variable('ALLOWED_TENANTS', custom('comma-separated GUIDs'), {
    group: APP,
    description: 'multi-tenant deployments: the tenant ids whose users may sign in; without it, only `TENANT_ID`',
  }),
  variable('SEALING_KEY', custom('base64 of 32+ bytes'), {
    secret: true,
    requiredIn: BOTH,
    group: KEYS,
    description:
      'base64 of 32+ random bytes (`openssl rand -base64 32`) sealing the secrets the registry keeps; separate from the client credential (local mode and the dev server make one)',
  }),
  variable('SEALING_KEY_PREVIOUS', custom('base64 of 32+ bytes'), {
    secret: true,
    group: KEYS,
    description:
      'the sealing key before the last rotation (still opens what it sealed): to rotate, move the old key here and put a new one in `SEALING_KEY`',
  }),
  variable('PUBLIC_URL', httpsUrl('origin'), {
    default: 'https://localhost:3000',
    group: WHERE,
    description: "the add-in's public https origin: the host in the manifest and in `api://<host>/<client id>`",
  }),
  variable('PORT', port(), { default: '3000', group: WHERE, description: 'the port to listen on' }),
  variable('HOST', hostName, {
    default: 'localhost',
    group: WHERE,
    description: 'the address to listen on (`0.0.0.0` in a container)',
  }),
  variable('TLS_CERT_FILE', custom('PEM file'), {
    requiredIn: ['local'],
    group: WHERE,
    description: 'the HTTPS certificate (PEM); required unless `TRUST_PROXY` is set',
  }),
  variable('TLS_KEY_FILE', custom('PEM file'), {
    requiredIn: ['local'],
    group: WHERE,
    description: 'the private key of `TLS_CERT_FILE` (PEM)',
  }),
  variable('TRUST_PROXY', custom('hop count 1–10, or addresses'), {
    group: WHERE,
    description:
      'the TLS-terminating proxy in front: its exact addresses, or its hop count. CIDR ranges and `loopback`/`linklocal`/`uniquelocal` are accepted with a start-up warning (any client inside a range can forge its address). Only then are `X-Forwarded-*` believed, and without TLS files the middle tier serves plain HTTP to that proxy only',
  }),
  variable('AUTHORITY_HOST', httpsUrl('origin'), {
    default: 'https://login.microsoftonline.com',
    requiredIn: ['local'],
    group: WHERE,
    description: 'Entra ID',
  }),
  variable('GRAPH_BASE_URL', httpsUrl('path'), {
    default: 'https://graph.microsoft.com/v1.0',
    requiredIn: ['local'],
    group: WHERE,
    description: 'Microsoft Graph',
  }),
  variable('GRAPH_SCOPES', list(SCOPE, 'space-separated list of scopes'), {
    default: 'https://graph.microsoft.com/Files.ReadWrite',
    group: WHERE,
    description: 'scopes of the on-behalf-of token',
  }),
  variable('OUTBOUND_CA_FILE', custom('PEM file'), {
    requiredIn: ['local'],
    group: WHERE,
    description:
      "an extra CA (PEM) trusted for outbound HTTPS to Entra ID and Graph, besides the system's (local mode points it at its own CA)",
  }),
  variable('REGISTRY_PATH', custom('file path, or :memory:'), {
    default: resolve(REPO_ROOT, '.data', 'registry.sqlite'),
    shownDefault: '.data/registry.sqlite',
    group: REGISTRY,
    description: 'the SQLite session registry (one instance), on a local disk (refused on a network filesystem)',
  }),
  variable('REGISTRY_URL', custom('postgres:// URL'), {
    secret: true,
    group: REGISTRY,
    description:
      "a PostgreSQL URL (`postgres://user:pass@host:5432/db`, special characters in the password percent-encoded; a local server's socket folder as `postgres:///db?host=/var/run/postgresql`): the registry (and the Graph-token cache) shared by several instances; see `docs/registry.md`",
  }),
  variable('REGISTRY_LEASE_SECONDS', seconds(2, 3600), {
    default: '60',
    group: REGISTRY,
    description: 'how long a row in flight stays with an instance that stops renewing it',
  }),
  variable('OFFICE_JS_URL', httpsUrl('any'), {
    default: OFFICE_JS_CDN_URL,
    requiredIn: ['local'],
    group: PANE,
    description: 'where the task pane loads office.js from',
  }),
  variable('OFFICE_HOST_BRIDGE_URL', httpsUrl('any'), {
    requiredIn: ['local'],
    group: PANE,
    description:
      "local mode only: one more script the task pane page loads after office.js (the emulator's nested app authentication bridge, which Office provides outside office.js)",
  }),
  variable('OFFICE_WEB_ORIGINS', custom('https origins, separated by spaces or commas'), {
    shownDefault: "Microsoft's Office on the web domains",
    requiredIn: ['local'],
    group: PANE,
    description:
      'the Office web origins allowed to frame the pane and the dialog (`frame-ancestors`; the headers are in `docs/deployment.md`)',
  }),
  variable('STATIC_DIR', custom('folder'), {
    default: resolve(REPO_ROOT, 'dist'),
    shownDefault: 'dist',
    group: PANE,
    description: 'the production build of the task pane (`npm run build:web`)',
  }),
  variable('RATE_LIMIT_PER_MINUTE', count, {
    default: '60',
    group: LIMITS,
    description: 'per-user token bucket on the API: requests per minute (`0` turns it off)',
  }),
  variable('RATE_LIMIT_BURST', count, {
    default: '30',
    group: LIMITS,
    description:
      'requests a user may make at once before the per-minute rate applies (at least 1 while that rate is on)',
  }),
  variable('RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE', count, {
    default: '30',
    group: LIMITS,
    description:
      'per-address limit on failed authentications (a genuine token that has only expired is not counted and always gets `401 tokenExpired`)',
  }),
  variable('RATE_LIMIT_EXPIRED_TOKENS_PER_MINUTE', count, {
    default: '600',
    group: LIMITS,
    description:
      'per-address limit on genuine but expired tokens (each pane renews once per `401 tokenExpired`, so hundreds of users behind one address stay far below it); past it `429 rateLimited`; 0 = off',
  }),
  variable('HEADERS_TIMEOUT_SECONDS', seconds(1, 3600), {
    default: '10',
    group: LIMITS,
    description:
      'the TLS handshake and request headers must arrive within this, else `408` and the connection is closed',
  }),
  variable('REQUEST_TIMEOUT_SECONDS', seconds(1, 3600), {
    default: '30',
    group: LIMITS,
    description: 'the whole request, body included, must arrive within this (at least `HEADERS_TIMEOUT_SECONDS`)',
  }),
  variable('KEEP_ALIVE_TIMEOUT_SECONDS', seconds(1, 3600), {
    default: '72',
    group: LIMITS,
    description:
      "an idle keep-alive connection is closed after this; behind a load balancer, set it above the balancer's idle timeout",
  }),
  variable(
    'CONNECTION_TIMEOUT_SECONDS',
    seconds(
      60,
      3600,
      ': a request may wait that long on Microsoft Graph (bounded retries take up to 30 s) without traffic, and must not be cut off',
    ),
    {
      default: '120',
      group: LIMITS,
      description:
        "a connection silent both ways for this long is closed, even mid-request; at least 60, since a request waiting on Graph's bounded retries is silent up to about 30 s",
    },
  ),
  variable('MAX_CONNECTIONS', count, {
    default: '1000',
    group: LIMITS,
    description:
      'open connections in all. At the cap a newcomer is still served: the longest-idle keep-alive connection of the address group (IPv4 /24, IPv6 /48) holding the most is closed to make room; only when every connection has a request in flight is the newcomer closed on arrival (`0` turns the cap off)',
  }),
  variable('MAX_CONNECTIONS_PER_ADDRESS', count, {
    default: '100',
    shownDefault: '100 (0 with `TRUST_PROXY`)',
    group: LIMITS,
    description:
      "open connections per client address (an IPv6 client's /64); raise it when many users share one public address. Behind a trusted proxy (`TRUST_PROXY`) every connection comes from the proxy, so the default there is `0` (off)",
  }),
  variable('SUPPORT_CONTACT', custom('email address or https URL'), {
    shownDefault: 'their administrator',
    group: SUPPORT,
    description: 'who users contact, on the support page (`/support`): an email address or an https URL',
  }),
  variable('ENV_FILE', custom('file path'), {
    shownDefault: '`.env` in the working folder, when present',
    group: SUPPORT,
    description: 'the env file to read (the environment wins over it)',
  }),
  variable('LOG_LEVEL', oneOf(LOG_LEVELS), {
    default: 'info',
    group: SUPPORT,
    description:
      'pino level; at `info`, one line per answered request, while routine refusals (4xx, late or malformed requests, capped connections) are summed up by code once a minute; `debug` shows each',
  }),
  ...TELEMETRY_VARIABLES,
] as const;

export type ServerVariableName = (typeof SERVER_VARIABLES)[number]['name'];
/** Reads the table's variables (shared/configTable.ts `tableReader`). */
export type ServerReader = ReturnType<typeof tableReader<typeof SERVER_VARIABLES>>;
/** A variable's trimmed text, or `fallback`, or the table's default. */
export type ReadVariable = ServerReader['text'];

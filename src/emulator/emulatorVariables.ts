/**
 * The environment variables of local mode, as data: the launcher's (`npm start`, localMode.ts)
 * and the emulator process's (emulatorConfig.ts, which the launcher sets). The loaders read only
 * through these tables, and the README's local-mode table is generated from them
 * (`npm run config:docs`).
 */
import { LOCAL_MODE } from '../shared/localMode';
import { boolean, custom, httpsUrl, port, variable } from '../shared/configTable';

const PORTS = 'Ports';
const EMULATOR = 'The emulator process (set by npm start)';
const LOCAL = ['local'] as const;

const servicePort = <N extends string>(name: N, service: string, offset: number) =>
  variable(name, port(), {
    shownDefault: `EMULATOR_PORT + ${offset}`,
    group: PORTS,
    description: `the emulated ${service}'s port`,
  });

/** The ports of the emulator's four services: the launcher and the emulator process read the same. */
const SERVICE_PORTS = [
  variable('EMULATOR_PORT', port(), {
    default: String(LOCAL_MODE.emulatorPort),
    group: PORTS,
    description:
      'the emulated Excel on the web: the dev host page and the control API (`/_emulator/`); the next three follow it',
  }),
  servicePort('EMULATOR_ENTRA_PORT', 'Entra ID', 1),
  servicePort('EMULATOR_GRAPH_PORT', 'Microsoft Graph', 2),
  servicePort('EMULATOR_CDN_PORT', 'office.js CDN', 3),
] as const;

export const LAUNCHER_VARIABLES = [
  variable('PORT', port(1), {
    default: String(LOCAL_MODE.addinPort),
    group: PORTS,
    description: 'the middle tier',
  }),
  ...SERVICE_PORTS,
  variable('LOCAL_STATE_DIR', custom('folder'), {
    shownDefault: '.certs',
    group: PORTS,
    description:
      "the local CA, the localhost certificate and local mode's client secret and sealing key; `.data/` beside it keeps the state of both processes",
  }),
] as const;

export const EMULATOR_VARIABLES = [
  ...SERVICE_PORTS,
  variable('EMULATOR_HOST', custom('address'), {
    default: '127.0.0.1',
    group: EMULATOR,
    description: 'where it listens',
  }),
  variable('EMULATOR_PUBLIC_HOSTNAME', custom('host name'), {
    default: 'localhost',
    group: EMULATOR,
    description: 'the host name in its origins and tokens',
  }),
  variable('EMULATOR_TLS_CERT_FILE', custom('PEM file'), {
    requiredIn: LOCAL,
    group: EMULATOR,
    description: "the emulator's TLS certificate",
  }),
  variable('EMULATOR_TLS_KEY_FILE', custom('PEM file'), {
    requiredIn: LOCAL,
    group: EMULATOR,
    description: "the emulator's TLS private key",
  }),
  variable('EMULATOR_CLIENT_SECRET', custom('16+ characters'), {
    secret: true,
    requiredIn: LOCAL,
    group: EMULATOR,
    description: 'the client secret of the local app registration (the launcher makes one per machine)',
  }),
  variable('ADDIN_ORIGIN', httpsUrl('origin'), {
    default: `https://localhost:${LOCAL_MODE.addinPort}`,
    group: EMULATOR,
    description: "the add-in's origin (the middle tier), where the app registration's redirect and API live",
  }),
  variable('EMULATOR_TENANT_ID', custom('GUID'), {
    default: LOCAL_MODE.tenantId,
    group: EMULATOR,
    description: 'the demo tenant',
  }),
  variable('EMULATOR_CLIENT_ID', custom('GUID'), {
    default: LOCAL_MODE.clientId,
    group: EMULATOR,
    description: "the add-in's app registration (client) id",
  }),
  variable('EMULATOR_HOST_SCRIPTS_DIR', custom('folder'), {
    group: EMULATOR,
    description: "the built dev host page scripts (default: the build's own)",
  }),
  variable('EMULATOR_STATE_DIR', custom('folder'), {
    group: EMULATOR,
    description: 'where the emulator keeps `emulator-state.json` (none: nothing is kept)',
  }),
  variable('EMULATOR_LOG', boolean, { default: 'false', group: EMULATOR, description: 'log every request' }),
] as const;

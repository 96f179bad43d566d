/**
 * Where the conformance suite points: by default a local emulator it starts itself (free port,
 * throwaway CA, trusted through an undici dispatcher — never through NODE_EXTRA_CA_CERTS); with
 * CONFORMANCE_LIVE=1, a real tenant and real Graph, from these environment variables:
 *
 *   CONFORMANCE_TENANT_ID, CONFORMANCE_CLIENT_ID, CONFORMANCE_CLIENT_SECRET  the add-in's app registration
 *   CONFORMANCE_USER_ASSERTION   an SSO token Office issued to the add-in for a test user (valid ≥ 10 min)
 *   CONFORMANCE_DRIVE_ID, CONFORMANCE_ITEM_ID, CONFORMANCE_WORKBOOK_URL  a workbook that user may edit
 *   CONFORMANCE_AUTHORITY_HOST (default https://login.microsoftonline.com)
 *   CONFORMANCE_GRAPH_HOST (default https://graph.microsoft.com)
 *
 * The same tests run against both. Steps that need the emulator's control API (fault rules,
 * Entra switches, minted broken tokens, the interactive sign-in) are in `emulatorOnly` blocks,
 * which live runs skip, saying why in the block's name.
 */
import { randomBytes } from 'node:crypto';
import { Agent } from 'undici';
import { createEmulator, type RunningEmulator } from '../../src/emulator/createEmulator';
import { generateDevCertificates } from '../../src/emulator/devCerts';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { EmulatorControl } from '../support/emulatorControl';

export const LIVE = process.env.CONFORMANCE_LIVE === '1';

/** `describe` for steps only the emulator can take; a live run skips them with the reason in the title. */
export const emulatorOnly = (title: string, body: () => void): void =>
  (LIVE ? describe.skip : describe)(LIVE ? `${title} [skipped live: needs the emulator's control API]` : title, body);

export interface ConformanceTarget {
  live: boolean;
  /** Graph's origin, e.g. https://graph.microsoft.com (the SDK adds /v1.0). */
  graphHost: string;
  /** Hosts the Graph SDK sends the token to besides Microsoft's. */
  customHosts: Set<string>;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Trusts the emulator's throwaway CA (undefined live: the system store applies). */
  dispatcher: Agent | undefined;
  workbook: { driveId: string; itemId: string; webUrl: string };
  /** An SSO token (audience: the add-in) for the test user. */
  userAssertion(): Promise<string>;
  /** The emulator's control API; undefined live. */
  control: EmulatorControl | undefined;
  close(): Promise<void>;
}

/** The emulator's control API, for steps inside `emulatorOnly` blocks (a live target has none). */
export function controlOf(target: ConformanceTarget): EmulatorControl {
  if (target.control === undefined) throw new Error('emulator only');
  return target.control;
}

export async function startTarget(): Promise<ConformanceTarget> {
  return LIVE ? liveTarget() : emulatorTarget();
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`CONFORMANCE_LIVE=1 needs ${name} (see test/conformance/target.ts).`);
  return value;
}

function liveTarget(): ConformanceTarget {
  const assertion = required('CONFORMANCE_USER_ASSERTION');
  return {
    live: true,
    graphHost: process.env.CONFORMANCE_GRAPH_HOST ?? 'https://graph.microsoft.com',
    customHosts: new Set(),
    authorityHost: process.env.CONFORMANCE_AUTHORITY_HOST ?? 'https://login.microsoftonline.com',
    tenantId: required('CONFORMANCE_TENANT_ID'),
    clientId: required('CONFORMANCE_CLIENT_ID'),
    clientSecret: required('CONFORMANCE_CLIENT_SECRET'),
    dispatcher: undefined,
    workbook: {
      driveId: required('CONFORMANCE_DRIVE_ID'),
      itemId: required('CONFORMANCE_ITEM_ID'),
      webUrl: required('CONFORMANCE_WORKBOOK_URL'),
    },
    userAssertion: async () => assertion,
    control: undefined,
    close: async () => undefined,
  };
}

async function emulatorTarget(): Promise<ConformanceTarget> {
  const certs = generateDevCertificates();
  const clientSecret = randomBytes(32).toString('base64url');
  const emulator: RunningEmulator = await createEmulator({
    port: 0,
    tls: { certPem: certs.certPem, keyPem: certs.keyPem },
    tenantId: LOCAL_MODE.tenantId,
    clientId: LOCAL_MODE.clientId,
    clientSecret,
    // No add-in runs here; the origin only scopes CORS and the registered redirect URIs.
    addinOrigin: 'https://localhost:3000',
  });
  const dispatcher = new Agent({ connect: { ca: certs.caCertPem } });
  const control = new EmulatorControl(emulator.url, dispatcher);
  const workbook = SEED_WORKBOOKS.presupuesto;
  return {
    live: false,
    graphHost: emulator.origins.graph,
    customHosts: new Set(['localhost']),
    authorityHost: emulator.origins.entra,
    tenantId: LOCAL_MODE.tenantId,
    clientId: LOCAL_MODE.clientId,
    clientSecret,
    dispatcher,
    workbook: { driveId: workbook.driveId, itemId: workbook.itemId, webUrl: workbook.webUrl },
    userAssertion: () => control.ssoToken(SEED_USERS.megan.oid),
    control,
    async close() {
      await emulator.close();
      await dispatcher.close();
    },
  };
}

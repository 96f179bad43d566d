/**
 * The emulator process's configuration from the variables of emulatorVariables.ts. Every problem is reported
 * as one line naming the variable; all problems are collected before giving up.
 */
import { readFileSync } from 'node:fs';
import type { EmulatorOptions } from './createEmulator';
import { EMULATOR_VARIABLES } from './emulatorVariables';
import { port, tableReader, type Env } from '../shared/configTable';
import { OTHER_SERVICES, SERVICE_PORT_OFFSETS, SERVICE_PORT_VARIABLES } from './common/serviceOrigins';
import { isGuid } from '../shared/guid';

export type ConfigResult = { ok: true; options: EmulatorOptions } | { ok: false; problems: string[] };

/** Reads the variables of emulatorVariables.ts. */
export function readEmulatorConfig(
  env: Env,
  readText: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): ConfigResult {
  const problems: string[] = [];
  const { isSet, text, value } = tableReader(EMULATOR_VARIABLES, env, problems);

  const emulatorPort = value('EMULATOR_PORT');
  // The other services follow EMULATOR_PORT unless moved; with EMULATOR_PORT=0 they take free ports too.
  const servicePorts = { entra: 0, graph: 0, cdn: 0 };
  for (const service of OTHER_SERVICES) {
    const name = SERVICE_PORT_VARIABLES[service];
    const follow =
      emulatorPort === 0 || Number.isNaN(emulatorPort) ? '0' : String(emulatorPort + SERVICE_PORT_OFFSETS[service]);
    servicePorts[service] = port().parse(name, text(name, follow), problems);
  }
  const fixed = [emulatorPort, ...Object.values(servicePorts)].filter((p) => p !== 0 && !Number.isNaN(p));
  if (new Set(fixed).size !== fixed.length)
    problems.push(
      `EMULATOR_PORT, ${OTHER_SERVICES.map((s) => SERVICE_PORT_VARIABLES[s]).join(', ')} must all differ (got ${[emulatorPort, ...Object.values(servicePorts)].join(', ')}).`,
    );

  const host = text('EMULATOR_HOST');
  const publicHostname = text('EMULATOR_PUBLIC_HOSTNAME');
  if (!/^[A-Za-z0-9.-]+$/.test(publicHostname))
    problems.push(`EMULATOR_PUBLIC_HOSTNAME must be a host name (got "${publicHostname}").`);

  const pem = (name: 'EMULATOR_TLS_CERT_FILE' | 'EMULATOR_TLS_KEY_FILE', marker: string, what: string): string => {
    if (!isSet(name)) {
      problems.push(`${name} is required: the path of the emulator's TLS ${what} (PEM).`);
      return '';
    }
    const path = text(name);
    try {
      const pemText = readText(path);
      if (!pemText.includes(marker)) problems.push(`${name} (${path}) is not a PEM ${what}.`);
      return pemText;
    } catch {
      problems.push(`${name} (${path}) cannot be read.`);
      return '';
    }
  };
  const certPem = pem('EMULATOR_TLS_CERT_FILE', '-----BEGIN CERTIFICATE-----', 'certificate');
  const keyPem = pem('EMULATOR_TLS_KEY_FILE', 'PRIVATE KEY-----', 'private key');

  const clientSecret = text('EMULATOR_CLIENT_SECRET');
  if (clientSecret === '')
    problems.push(
      'EMULATOR_CLIENT_SECRET is required: the client secret of the local app registration (the launcher generates it).',
    );
  else if (clientSecret.length < 16) problems.push('EMULATOR_CLIENT_SECRET must be at least 16 characters.');

  const addinOrigin = value('ADDIN_ORIGIN');
  const tenantId = text('EMULATOR_TENANT_ID');
  if (!isGuid(tenantId)) problems.push(`EMULATOR_TENANT_ID must be a GUID (got "${tenantId}").`);
  const clientId = text('EMULATOR_CLIENT_ID');
  if (!isGuid(clientId)) problems.push(`EMULATOR_CLIENT_ID must be a GUID (got "${clientId}").`);
  const logger = value('EMULATOR_LOG');

  if (problems.length > 0) return { ok: false, problems };
  const options: EmulatorOptions = {
    port: emulatorPort,
    servicePorts,
    host,
    publicHostname,
    tls: { certPem, keyPem },
    tenantId,
    clientId,
    clientSecret,
    addinOrigin,
    logger,
  };
  if (isSet('EMULATOR_HOST_SCRIPTS_DIR')) options.hostScriptsDir = text('EMULATOR_HOST_SCRIPTS_DIR');
  if (isSet('EMULATOR_STATE_DIR')) options.stateDir = text('EMULATOR_STATE_DIR');
  return { ok: true, options };
}

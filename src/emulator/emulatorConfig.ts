/**
 * The emulator process's configuration from environment variables. Every problem is reported
 * as one line naming the variable; all problems are collected before giving up.
 */
import { readFileSync } from 'node:fs';
import { LOCAL_MODE } from '../shared/localMode';
import { type EmulatorOptions, isHttpsOrigin } from './createEmulator';
import { OTHER_SERVICES, SERVICE_PORT_OFFSETS, SERVICE_PORT_VARIABLES } from './common/serviceOrigins';
import { isGuid } from '../shared/guid';

export type Env = Readonly<Record<string, string | undefined>>;

export type ConfigResult = { ok: true; options: EmulatorOptions } | { ok: false; problems: string[] };

export function readEmulatorConfig(
  env: Env,
  readText: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): ConfigResult {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };

  const portText = value('EMULATOR_PORT') ?? String(LOCAL_MODE.emulatorPort);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    problems.push(`EMULATOR_PORT must be a port number from 0 to 65535 (got "${portText}").`);

  // The other services follow EMULATOR_PORT unless moved; with EMULATOR_PORT=0 they take free ports too.
  const servicePorts = { entra: 0, graph: 0, cdn: 0 };
  for (const service of OTHER_SERVICES) {
    const name = SERVICE_PORT_VARIABLES[service];
    const text = value(name) ?? (port === 0 ? '0' : String(port + SERVICE_PORT_OFFSETS[service]));
    servicePorts[service] = Number(text);
    if (!/^\d+$/.test(text) || servicePorts[service] > 65535)
      problems.push(`${name} must be a port number from 0 to 65535 (got "${text}").`);
  }
  const fixed = [port, ...Object.values(servicePorts)].filter((p) => p !== 0);
  if (new Set(fixed).size !== fixed.length)
    problems.push(
      `EMULATOR_PORT, ${OTHER_SERVICES.map((s) => SERVICE_PORT_VARIABLES[s]).join(', ')} must all differ (got ${[port, ...Object.values(servicePorts)].join(', ')}).`,
    );

  const host = value('EMULATOR_HOST') ?? '127.0.0.1';
  const publicHostname = value('EMULATOR_PUBLIC_HOSTNAME') ?? 'localhost';
  if (!/^[A-Za-z0-9.-]+$/.test(publicHostname))
    problems.push(`EMULATOR_PUBLIC_HOSTNAME must be a host name (got "${publicHostname}").`);

  const pem = (name: string, marker: string, what: string): string => {
    const path = value(name);
    if (path === undefined) {
      problems.push(`${name} is required: the path of the emulator's TLS ${what} (PEM).`);
      return '';
    }
    try {
      const text = readText(path);
      if (!text.includes(marker)) problems.push(`${name} (${path}) is not a PEM ${what}.`);
      return text;
    } catch {
      problems.push(`${name} (${path}) cannot be read.`);
      return '';
    }
  };
  const certPem = pem('EMULATOR_TLS_CERT_FILE', '-----BEGIN CERTIFICATE-----', 'certificate');
  const keyPem = pem('EMULATOR_TLS_KEY_FILE', 'PRIVATE KEY-----', 'private key');

  const clientSecret = value('EMULATOR_CLIENT_SECRET');
  if (clientSecret === undefined)
    problems.push(
      'EMULATOR_CLIENT_SECRET is required: the client secret of the local app registration (the launcher generates it).',
    );
  else if (clientSecret.length < 16) problems.push('EMULATOR_CLIENT_SECRET must be at least 16 characters.');

  const addinOrigin = value('ADDIN_ORIGIN') ?? `https://localhost:${LOCAL_MODE.addinPort}`;
  if (!isHttpsOrigin(addinOrigin))
    problems.push(
      `ADDIN_ORIGIN must be an https origin without a path, e.g. https://localhost:3000 (got "${addinOrigin}").`,
    );

  const tenantId = value('EMULATOR_TENANT_ID') ?? LOCAL_MODE.tenantId;
  if (!isGuid(tenantId)) problems.push(`EMULATOR_TENANT_ID must be a GUID (got "${tenantId}").`);
  const clientId = value('EMULATOR_CLIENT_ID') ?? LOCAL_MODE.clientId;
  if (!isGuid(clientId)) problems.push(`EMULATOR_CLIENT_ID must be a GUID (got "${clientId}").`);

  const hostScriptsDir = value('EMULATOR_HOST_SCRIPTS_DIR');
  const logText = value('EMULATOR_LOG') ?? 'false';
  if (logText !== 'true' && logText !== 'false')
    problems.push(`EMULATOR_LOG must be "true" or "false" (got "${logText}").`);

  if (problems.length > 0) return { ok: false, problems };
  const options: EmulatorOptions = {
    port,
    servicePorts,
    host,
    publicHostname,
    tls: { certPem, keyPem },
    tenantId,
    clientId,
    clientSecret: clientSecret ?? '',
    addinOrigin,
    logger: logText === 'true',
  };
  if (hostScriptsDir !== undefined) options.hostScriptsDir = hostScriptsDir;
  const stateDir = value('EMULATOR_STATE_DIR');
  if (stateDir !== undefined) options.stateDir = stateDir;
  return { ok: true, options };
}

import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import {
  checkPortsFree,
  ensureLocalClientSecret,
  ensureLocalSealingKey,
  launcherArguments,
  localModeSettings,
  processEnvironments,
} from './localMode';
import { LOCAL_MODE } from '../shared/localMode';

describe('local mode settings', () => {
  it('defaults to the documented ports with no configuration', () => {
    const s = localModeSettings({});
    expect([s.addinPort, s.emulatorPort, s.servicePorts]).toEqual([
      3000,
      3100,
      { entra: 3101, graph: 3102, cdn: 3103 },
    ]);
    expect(s.stateDir).toMatch(/\.certs$/);
  });

  it('moves Entra, Graph and the CDN with EMULATOR_PORT, each overridable by its own variable', () => {
    const s = localModeSettings({ PORT: '3001', EMULATOR_PORT: '3101', EMULATOR_GRAPH_PORT: '4102' });
    expect([s.addinPort, s.emulatorPort, s.servicePorts]).toEqual([
      3001,
      3101,
      { entra: 3102, graph: 4102, cdn: 3104 },
    ]);
  });

  it('names every wrong variable on its own line', () => {
    expect(() => localModeSettings({ PORT: 'abc', EMULATOR_PORT: '70000' })).toThrow(
      /^PORT must be a port number .*\nEMULATOR_PORT must be a port number /,
    );
    expect(() => localModeSettings({ PORT: '4000', EMULATOR_PORT: '4000' })).toThrow(
      /PORT and EMULATOR_PORT must differ/,
    );
    expect(() => localModeSettings({ PORT: '3101' })).toThrow(
      /^PORT and EMULATOR_ENTRA_PORT must differ \(both 3101\)/m,
    );
    expect(() => localModeSettings({ EMULATOR_CDN_PORT: 'x' })).toThrow(/^EMULATOR_CDN_PORT must be a port number/m);
  });
});

describe('the local client secret', () => {
  it('is generated once, kept private, and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbs-local-'));
    const first = ensureLocalClientSecret(dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'local-mode.json')).mode & 0o077).toBe(0);
    expect(ensureLocalClientSecret(dir)).toBe(first);
    expect(ensureLocalClientSecret(mkdtempSync(join(tmpdir(), 'wbs-local-')))).not.toBe(first);
    expect(JSON.parse(readFileSync(join(dir, 'local-mode.json'), 'utf8'))).toEqual({ clientSecret: first });
  });

  it('makes the middle tier a sealing key of its own once, readable only by its owner, kept across runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbs-local-'));
    const key = ensureLocalSealingKey(dir);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(key).not.toBe(ensureLocalClientSecret(dir));
    expect(statSync(join(dir, 'local-sealing-key')).mode & 0o077).toBe(0);
    expect(ensureLocalSealingKey(dir)).toBe(key);
  });
});

describe('process environments', () => {
  it("points the middle tier at each service's own origin and loads office.js from the emulated web host", () => {
    const settings = localModeSettings({ LOCAL_STATE_DIR: '/tmp/x/.certs' });
    const certs = {
      caFile: '/c/ca.crt',
      certFile: '/c/l.crt',
      keyFile: '/c/l.key',
      caCertPem: '',
      certPem: '',
      keyPem: '',
    };
    const { emulator, server } = processEnvironments(settings, certs, 's3cret-s3cret-s3cret-s3cret-s3cret');
    expect(server).toMatchObject({
      TENANT_ID: LOCAL_MODE.tenantId,
      CLIENT_ID: LOCAL_MODE.clientId,
      AUTHORITY_HOST: 'https://localhost:3101',
      GRAPH_BASE_URL: 'https://localhost:3102/v1.0',
      OFFICE_JS_URL: 'https://localhost:3103/lib/1/hosted/office.js',
      OFFICE_HOST_BRIDGE_URL: 'https://localhost:3100/_host/naa-bridge.js',
      OFFICE_WEB_ORIGINS: 'https://localhost:3100',
      OUTBOUND_CA_FILE: '/c/ca.crt',
    });
    expect(emulator).toMatchObject({
      ADDIN_ORIGIN: 'https://localhost:3000',
      EMULATOR_CLIENT_SECRET: server.CLIENT_SECRET,
      EMULATOR_PORT: '3100',
      EMULATOR_ENTRA_PORT: '3101',
      EMULATOR_GRAPH_PORT: '3102',
      EMULATOR_CDN_PORT: '3103',
    });
    // Both sides keep their state beside each other in .data/.
    expect(emulator.EMULATOR_STATE_DIR).toBe('/tmp/x/.data');
    expect(server.REGISTRY_PATH).toBe('/tmp/x/.data/registry.sqlite');
  });

  it.each([
    ['REGISTRY_URL', 'postgres:///wbs?host=/var/run/postgresql'],
    ['REGISTRY_PATH', '/srv/mine.sqlite'],
  ])('leaves a registry the user chose with %s to them: used, never owned', (name, value) => {
    const settings = localModeSettings({ LOCAL_STATE_DIR: '/tmp/x/.certs', [name]: value });
    expect(settings.world.ownRegistryPath).toBeUndefined();
    const certs = {
      caFile: '/c/ca.crt',
      certFile: '/c/l.crt',
      keyFile: '/c/l.key',
      caCertPem: '',
      certPem: '',
      keyPem: '',
    };
    expect(
      processEnvironments(settings, certs, 's3cret-s3cret-s3cret-s3cret-s3cret').server.REGISTRY_PATH,
    ).toBeUndefined();
  });
});

describe('launcher arguments', () => {
  it('takes --fresh and refuses anything else', () => {
    expect(launcherArguments([])).toEqual({ fresh: false });
    expect(launcherArguments(['--fresh'])).toEqual({ fresh: true });
    expect(() => launcherArguments(['--frsh'])).toThrow(/unknown argument --frsh/);
  });
});

describe('the port check', () => {
  it('names each busy port and the variable that moves it', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as { port: number }).port;
    try {
      const free = { entra: 0, graph: 0, cdn: 0 };
      await expect(
        checkPortsFree({ addinPort: port, emulatorPort: 0, servicePorts: free }).catch((e: Error) => e.message),
      ).resolves.toMatch(new RegExp(`^port ${port} is already in use .* PORT=<port>$`, 'm'));
      await expect(
        checkPortsFree({ addinPort: 0, emulatorPort: 0, servicePorts: { ...free, graph: port } }).catch(
          (e: Error) => e.message,
        ),
      ).resolves.toMatch(new RegExp(`^port ${port} is already in use .* EMULATOR_GRAPH_PORT=<port>$`, 'm'));
    } finally {
      busy.close();
    }
  });
});

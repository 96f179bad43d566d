import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { checkPortsFree, ensureLocalClientSecret, ensureLocalSealingKey, launcherArguments, localModeSettings, processEnvironments } from './localMode';
import { LOCAL_MODE } from '../shared/localMode';

describe('local mode settings', () => {
  it('defaults to the documented ports with no configuration', () => {
    const s = localModeSettings({});
    expect([s.addinPort, s.emulatorPort]).toEqual([3000, 3100]);
    expect(s.stateDir).toMatch(/\.certs$/);
  });

  it('names every wrong variable on its own line', () => {
    expect(() => localModeSettings({ PORT: 'abc', EMULATOR_PORT: '70000' })).toThrow(/^PORT: .*\nEMULATOR_PORT: /);
    expect(() => localModeSettings({ PORT: '4000', EMULATOR_PORT: '4000' })).toThrow(/must differ/);
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
  it('points the middle tier at the emulator and loads office.js from the emulator host', () => {
    const settings = localModeSettings({ LOCAL_STATE_DIR: '/tmp/x/.certs' });
    const certs = { caFile: '/c/ca.crt', certFile: '/c/l.crt', keyFile: '/c/l.key', caCertPem: '', certPem: '', keyPem: '' };
    const { emulator, server } = processEnvironments(settings, certs, 's3cret-s3cret-s3cret-s3cret-s3cret');
    expect(server).toMatchObject({
      TENANT_ID: LOCAL_MODE.tenantId,
      CLIENT_ID: LOCAL_MODE.clientId,
      AUTHORITY_HOST: 'https://localhost:3100',
      GRAPH_BASE_URL: 'https://localhost:3100/v1.0',
      OFFICE_JS_URL: 'https://localhost:3100/_host/office.js',
      OUTBOUND_CA_FILE: '/c/ca.crt',
    });
    expect(emulator).toMatchObject({ ADDIN_ORIGIN: 'https://localhost:3000', EMULATOR_CLIENT_SECRET: server.CLIENT_SECRET });
    // Both sides keep their state beside each other in .data/.
    expect(emulator.EMULATOR_STATE_DIR).toBe('/tmp/x/.data');
    expect(server.REGISTRY_PATH).toBe('/tmp/x/.data/registry.sqlite');
  });

  it.each([['REGISTRY_URL', 'postgres:///wbs?host=/var/run/postgresql'], ['REGISTRY_PATH', '/srv/mine.sqlite']])('leaves a registry the user chose with %s to them: used, never owned', (name, value) => {
    const settings = localModeSettings({ LOCAL_STATE_DIR: '/tmp/x/.certs', [name]: value });
    expect(settings.world.ownRegistryPath).toBeUndefined();
    const certs = { caFile: '/c/ca.crt', certFile: '/c/l.crt', keyFile: '/c/l.key', caCertPem: '', certPem: '', keyPem: '' };
    expect(processEnvironments(settings, certs, 's3cret-s3cret-s3cret-s3cret-s3cret').server.REGISTRY_PATH).toBeUndefined();
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
      await expect(checkPortsFree({ addinPort: port, emulatorPort: 1 }).catch((e: Error) => e.message)).resolves.toMatch(
        new RegExp(`^port ${port} is already in use .* PORT=<port>$`, 'm'),
      );
    } finally {
      busy.close();
    }
  });
});

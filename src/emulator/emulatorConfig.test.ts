import { readEmulatorConfig } from './emulatorConfig';

const files: Record<string, string> = {
  '/certs/localhost.crt': '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n',
  '/certs/localhost.key': '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n',
};
const readText = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw new Error('ENOENT');
  return text;
};
const good = {
  EMULATOR_TLS_CERT_FILE: '/certs/localhost.crt',
  EMULATOR_TLS_KEY_FILE: '/certs/localhost.key',
  EMULATOR_CLIENT_SECRET: 'sixteen-chars-or-more',
};

describe('readEmulatorConfig', () => {
  it('applies the local-mode defaults', () => {
    const result = readEmulatorConfig(good, readText);
    expect(result).toMatchObject({
      ok: true,
      options: {
        port: 3100,
        host: '127.0.0.1',
        addinOrigin: 'https://localhost:3000',
        tenantId: '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5',
      },
    });
  });

  it('names every wrong or missing variable on its own line', () => {
    const result = readEmulatorConfig(
      {
        EMULATOR_PORT: '70000',
        EMULATOR_TLS_CERT_FILE: '/missing.crt',
        ADDIN_ORIGIN: 'http://localhost:3000/x',
        EMULATOR_TENANT_ID: 'contoso',
      },
      readText,
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    for (const name of [
      'EMULATOR_PORT',
      'EMULATOR_TLS_CERT_FILE',
      'EMULATOR_TLS_KEY_FILE',
      'EMULATOR_CLIENT_SECRET',
      'ADDIN_ORIGIN',
      'EMULATOR_TENANT_ID',
    ]) {
      expect(problems.filter((p) => p.startsWith(name))).toHaveLength(1);
    }
  });

  it('puts Entra, Graph and the CDN on EMULATOR_PORT +1, +2, +3 unless moved, and on free ports when it is 0', () => {
    expect(readEmulatorConfig({ ...good, EMULATOR_PORT: '3101', EMULATOR_CDN_PORT: '4000' }, readText)).toMatchObject({
      ok: true,
      options: { port: 3101, servicePorts: { entra: 3102, graph: 3103, cdn: 4000 } },
    });
    expect(readEmulatorConfig({ ...good, EMULATOR_PORT: '0' }, readText)).toMatchObject({
      ok: true,
      options: { port: 0, servicePorts: { entra: 0, graph: 0, cdn: 0 } },
    });
  });

  it('refuses two services on one port, and a bad service port, naming the variables', () => {
    const clash = readEmulatorConfig({ ...good, EMULATOR_GRAPH_PORT: '3101' }, readText);
    expect(clash.ok ? [] : clash.problems).toEqual([
      expect.stringMatching(
        /^EMULATOR_PORT, EMULATOR_ENTRA_PORT, EMULATOR_GRAPH_PORT, EMULATOR_CDN_PORT must all differ/,
      ),
    ]);
    const bad = readEmulatorConfig({ ...good, EMULATOR_ENTRA_PORT: 'x' }, readText);
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringMatching(/^EMULATOR_ENTRA_PORT must be a port number/)]);
  });
});

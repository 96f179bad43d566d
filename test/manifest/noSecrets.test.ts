/**
 * No secret reaches what is published: the task pane build (dist/, which the middle tier serves
 * to every browser) and the manifests (uploaded to the admin center, sideloaded by developers).
 * The secrets looked for are the ones this machine really has — local mode's client secret and
 * sealing key, the local TLS key, any CLIENT_SECRET/SEALING_KEY in .env — and any private key.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvText } from '../../src/server/envFile';
import { manifestCommand, ROOT } from './scriptsApi';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Secret values present on this machine (at least 12 characters, so they cannot match by chance). */
function localSecrets(): string[] {
  const secrets: string[] = [];
  const certs = join(ROOT, '.certs');
  const localMode = join(certs, 'local-mode.json');
  if (existsSync(localMode))
    secrets.push(
      String((JSON.parse(readFileSync(localMode, 'utf8')) as { clientSecret?: unknown }).clientSecret ?? ''),
    );
  for (const file of ['local-sealing-key', 'localhost.key'])
    if (existsSync(join(certs, file))) secrets.push(readFileSync(join(certs, file), 'utf8').trim());
  const envFile = join(ROOT, '.env');
  if (existsSync(envFile)) {
    const env = parseEnvText(readFileSync(envFile, 'utf8'), envFile);
    for (const name of ['CLIENT_SECRET', 'SEALING_KEY', 'SEALING_KEY_PREVIOUS']) secrets.push(env[name] ?? '');
  }
  return secrets.filter((s) => s.length >= 12);
}

function leaks(files: string[]): string[] {
  const secrets = localSecrets();
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const found = [
      ...(text.includes('PRIVATE KEY-----') ? ['a PEM private key'] : []),
      ...secrets.filter((s) => text.includes(s)).map(() => 'a secret of this machine'),
    ];
    return found.map((what) => `${file}: ${what}`);
  });
}

describe('published files', () => {
  it('the task pane build (dist/) holds no secret', () => {
    const dist = filesUnder(join(ROOT, 'dist'));
    if (!dist.some((f) => f.endsWith('taskpane.html')))
      throw new Error('dist/ is not built: run npm run build:web (npm test builds first)');
    expect(leaks(dist)).toEqual([]);
  });

  it('the manifests (the dev one, generated ones, any written here) hold no secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbs-secrets-'));
    manifestCommand.initEnvironment({
      dir,
      name: 'production',
      values: {
        kind: 'production',
        'public-url': 'https://addin.contoso.com',
        'client-id': '7c9e6679-7425-40de-944b-e07fc1f90ae7',
        'provider-name': 'Contoso Ltd',
      },
    });
    const generated = manifestCommand.writeManifest({ dir, name: 'production', out: join(dir, 'production.xml') }).out;
    const manifests = [
      join(ROOT, 'manifest.xml'),
      generated,
      ...filesUnder(join(ROOT, 'manifests', 'out')),
      ...filesUnder(join(ROOT, 'build', 'dev-pane')).filter((f) => f.endsWith('.xml')),
    ];
    expect(leaks(manifests)).toEqual([]);
  });
});

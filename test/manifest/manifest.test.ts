/**
 * The development manifest at the root (manifest.xml): written from
 * manifests/environments/dev.json, valid offline (official schemas and the admin center's rules),
 * on https://localhost:3000 with the local-mode app registration, icons that exist at the sizes
 * declared, every user-visible string in Spanish too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { generateModule, offlineValidator, ROOT, settingsModule } from './scriptsApi';
import { requireSchemasDir } from './schemas';

const manifestFile = join(ROOT, 'manifest.xml');
const manifest = readFileSync(manifestFile, 'utf8');
const element = (name: string): string[] =>
  [...manifest.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => (m[1] ?? '').trim());

describe('manifest.xml (the development manifest)', () => {
  it('is exactly what manifests/environments/dev.json gives (regenerate with: npm run manifest -- dev --out manifest.xml)', () => {
    const dev = settingsModule.loadSettings(join(ROOT, 'manifests', 'environments'), 'dev');
    expect(manifest).toBe(generateModule.renderManifest(dev));
  });

  it('passes validate:offline: the official schemas and every rule', async () => {
    expect(
      await offlineValidator.validateManifestFile(manifestFile, { env: { MANIFEST_SCHEMAS_DIR: requireSchemasDir() } }),
    ).toEqual([]);
  });

  it('names its environment and serves everything from https://localhost:3000', () => {
    expect(manifest).toMatch(
      /^<\?xml[^>]*>\n<!-- Workbook Sessions add-in manifest for the "dev" environment \(development\)/,
    );
    const urls = [
      ...manifest.matchAll(/(?:DefaultValue|Value)="(https?:[^"]*)"/g),
      ...manifest.matchAll(/<AppDomain>([^<]*)</g),
    ].map((m) => m[1] ?? '');
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(new URL(url).origin).toBe('https://localhost:3000');
    expect(manifest).toContain('<SupportUrl DefaultValue="https://localhost:3000/support"/>');
  });

  it('declares SSO for the local-mode app registration, and what sign-in needs', () => {
    expect(element('Id')).toContain(LOCAL_MODE.clientId);
    expect(element('Resource')).toEqual([`api://localhost:3000/${LOCAL_MODE.clientId}`]);
    expect(element('Scope')).toEqual(['Files.ReadWrite', 'openid', 'profile']);
    expect(manifest).toContain('<Set Name="DialogApi" MinVersion="1.1"/>');
  });

  it('translates every user-visible string into Spanish', () => {
    const strings = manifest.match(/<(bt:String|DisplayName|Description) [^>]*DefaultValue="[^"]*">/g) ?? [];
    const overrides = manifest.match(/Locale="es-ES"/g) ?? [];
    expect(strings.length).toBeGreaterThan(5);
    expect(overrides.length).toBe(strings.length);
  });
});

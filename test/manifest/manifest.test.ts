/**
 * The add-in manifest: valid against the official schemas (read from MANIFEST_SCHEMAS_DIR, which
 * CI and `npm test` point at ../shared/manifest-schemas), plus the rules the schemas cannot check:
 * https URLs on the add-in's own origin, resource ids that resolve, an SSO resource that matches
 * the domain and the client id, icons that exist at the sizes declared, Spanish overrides.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_MODE } from '../../src/shared/localMode';

const root = join(__dirname, '..', '..');
const manifest = readFileSync(join(root, 'manifest.xml'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildManifest } = require('../../scripts/build-manifest.js') as {
  buildManifest: (template: string, publicUrl: string, clientId: string) => string;
};

function schemaDir(): string {
  const dir = process.env.MANIFEST_SCHEMAS_DIR;
  if (!dir) throw new Error('MANIFEST_SCHEMAS_DIR is not set: point it at the folder holding OfficeAppManifestV1_1.xsd (CI uses ../shared/manifest-schemas).');
  if (!existsSync(join(dir, 'OfficeAppManifestV1_1.xsd'))) throw new Error(`MANIFEST_SCHEMAS_DIR=${dir} has no OfficeAppManifestV1_1.xsd`);
  return dir;
}

function xmllint(file: string): { ok: boolean; output: string } {
  const cwd = schemaDir();
  try {
    const output = execFileSync('xmllint', ['--noout', '--nonet', '--schema', 'OfficeAppManifestV1_1.xsd', file], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, output };
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('xmllint is not installed (Debian package libxml2-utils)', { cause: err });
    return { ok: false, output: String(e.stderr ?? '') };
  }
}

const attr = (name: string): string[] => [...manifest.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1] ?? '');
const element = (name: string): string[] => [...manifest.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => (m[1] ?? '').trim());

describe('manifest.xml', () => {
  it('is valid against the Office add-in manifest schemas', () => {
    const result = xmllint(join(root, 'manifest.xml'));
    expect(result).toEqual({ ok: true, output: '' });
  });

  it('is rejected by the schemas when a required element is missing (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    const broken = join(dir, 'broken.xml');
    writeFileSync(broken, manifest.replace(/<ProviderName>[^<]*<\/ProviderName>/, ''));
    expect(xmllint(broken).ok).toBe(false);
  });

  it('uses https URLs on the add-in origin only', () => {
    const urls = [...manifest.matchAll(/DefaultValue="(https?:[^"]*)"/g), ...manifest.matchAll(/<AppDomain>([^<]*)</g)].map((m) => m[1] ?? '');
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(new URL(url).origin).toBe('https://localhost:3000');
  });

  it('defines every resource id it refers to', () => {
    const defined = new Set(attr('id'));
    const referenced = attr('resid');
    expect(referenced.length).toBeGreaterThan(5);
    for (const resid of referenced) expect(defined).toContain(resid);
  });

  it('declares SSO for the local app registration on the add-in domain', () => {
    expect(element('Id')).toContain(LOCAL_MODE.clientId);
    expect(element('Resource')).toEqual([`api://localhost:3000/${LOCAL_MODE.clientId}`]);
    expect(element('Scope')).toEqual(expect.arrayContaining(['openid', 'profile', 'Files.ReadWrite']));
  });

  it('points at icons that exist with the declared pixel sizes', () => {
    const icons = [...manifest.matchAll(/assets\/icon-(\d+)\.png/g)].map((m) => Number(m[1]));
    expect(new Set(icons)).toEqual(new Set([16, 32, 64, 80, 128]));
    for (const size of icons) {
      const png = readFileSync(join(root, 'assets', `icon-${size}.png`));
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('translates every user-visible string into Spanish', () => {
    const strings = manifest.match(/<(bt:String|DisplayName|Description) [^>]*DefaultValue="[^"]*">/g) ?? [];
    const overrides = manifest.match(/Locale="es-ES"/g) ?? [];
    expect(strings.length).toBeGreaterThan(0);
    expect(overrides.length).toBe(strings.length);
  });
});

describe('scripts/build-manifest.js', () => {
  it('writes a valid production manifest for another origin and client id', () => {
    const clientId = '11111111-2222-4333-8444-555555555555';
    const out = buildManifest(manifest, 'https://addin.contoso.com', clientId);
    expect(out).not.toContain('localhost');
    expect(out).toContain(`<Resource>api://addin.contoso.com/${clientId}</Resource>`);
    expect(out).toContain('<SourceLocation DefaultValue="https://addin.contoso.com/taskpane.html"/>');
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    writeFileSync(join(dir, 'manifest.xml'), out);
    expect(xmllint(join(dir, 'manifest.xml')).ok).toBe(true);
  });

  it.each([
    ['http://addin.contoso.com', '11111111-2222-4333-8444-555555555555', /--public-url/],
    ['https://addin.contoso.com/app', '11111111-2222-4333-8444-555555555555', /--public-url/],
    ['https://addin.contoso.com', 'not-a-guid', /--client-id/],
  ])('refuses %s with client id %s', (url, clientId, message) => {
    expect(() => buildManifest(manifest, url, clientId)).toThrow(message);
  });
});

/**
 * A manifest per environment, written from validated settings by `npm run manifest`: distinct
 * ids, versions that must rise, no localhost outside development, every URL and the SSO
 * Resource from the settings, output outside dist/, and accepted by validate:offline.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { manifestCommand, offlineValidator, ROOT, settingsModule } from './scriptsApi';
import { requireSchemasDir } from './schemas';

const STAGING_CLIENT = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const PRODUCTION_CLIENT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function environmentsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wbs-environments-'));
  copyFileSync(join(ROOT, 'manifests', 'environments', 'dev.json'), join(dir, 'dev.json'));
  manifestCommand.initEnvironment({
    dir,
    name: 'staging',
    values: {
      kind: 'staging',
      'public-url': 'https://addin-staging.contoso.com',
      'client-id': STAGING_CLIENT,
      'provider-name': 'Contoso Ltd',
    },
  });
  manifestCommand.initEnvironment({
    dir,
    name: 'production',
    values: {
      kind: 'production',
      'public-url': 'https://addin.contoso.com',
      'client-id': PRODUCTION_CLIENT,
      'provider-name': 'Contoso Ltd',
    },
  });
  return dir;
}

const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const edit = (file: string, change: Record<string, unknown>): void =>
  writeFileSync(file, JSON.stringify({ ...readJson(file), ...change }, null, 2));

/** Runs `npm run manifest -- …` as a developer would (node scripts/manifest.js). */
function manifestCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(ROOT, 'scripts', 'manifest.js'), ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm run manifest -- <environment>', () => {
  it('writes each environment its own manifest: its id, URLs, SSO Resource, name and publisher', async () => {
    const dir = environmentsDir();
    const out = (name: string): string => join(dir, 'out', `${name}.xml`);
    manifestCommand.writeManifest({ dir, name: 'staging', out: out('staging') });
    manifestCommand.writeManifest({ dir, name: 'production', out: out('production') });
    const staging = readFileSync(out('staging'), 'utf8');
    const production = readFileSync(out('production'), 'utf8');
    const ids = [staging, production, readFileSync(join(ROOT, 'manifest.xml'), 'utf8')].map(
      (xml) => /<Id>([^<]+)<\/Id>/.exec(xml)?.[1],
    );
    expect(new Set(ids).size).toBe(3);

    expect(production).toContain('environment (production): https://addin.contoso.com');
    expect(production).toContain(`<Resource>api://addin.contoso.com/${PRODUCTION_CLIENT}</Resource>`);
    expect(production).toContain(`<WebApplicationInfo>\n      <Id>${PRODUCTION_CLIENT}</Id>`);
    expect(production).toContain('<DisplayName DefaultValue="Workbook Sessions">');
    expect(production).toContain('<ProviderName>Contoso Ltd</ProviderName>');
    expect(production).toContain('<SupportUrl DefaultValue="https://addin.contoso.com/support"/>');
    const urls = [
      ...production.matchAll(/(?:DefaultValue|Value)="(https?:[^"]*)"/g),
      ...production.matchAll(/<AppDomain>([^<]*)</g),
    ].map((m) => new URL(m[1] ?? '').origin);
    expect(new Set(urls)).toEqual(new Set(['https://addin.contoso.com']));
    expect(production).not.toMatch(/localhost|127\.0\.0\.1/);

    expect(staging).toContain(`<Resource>api://addin-staging.contoso.com/${STAGING_CLIENT}</Resource>`);
    expect(staging).toContain('<DisplayName DefaultValue="Workbook Sessions (staging)">');
    expect(staging).toContain('<Override Locale="es-ES" Value="Sesiones de libro (staging)"/>');

    const env = { MANIFEST_SCHEMAS_DIR: requireSchemasDir() };
    expect(await offlineValidator.validateManifestFile(out('staging'), { env })).toEqual([]);
    expect(await offlineValidator.validateManifestFile(out('production'), { env })).toEqual([]);
  });

  it('refuses a version that is not higher than the last one written, unless nothing changed', () => {
    const dir = environmentsDir();
    const settingsFile = join(dir, 'production.json');
    const out = join(dir, 'production.xml');
    expect(manifestCommand.writeManifest({ dir, name: 'production', out })).toEqual({
      out,
      version: '1.0.0.0',
      unchanged: false,
    });
    expect(readJson(join(dir, 'production.last-written.json')).version).toBe('1.0.0.0');
    // Writing the same thing again is harmless.
    expect(manifestCommand.writeManifest({ dir, name: 'production', out }).unchanged).toBe(true);
    // A changed manifest with the same version is refused, and so is a lower version.
    edit(settingsFile, { providerName: 'Contoso Europe Ltd' });
    expect(() => manifestCommand.writeManifest({ dir, name: 'production', out })).toThrow(
      /version: 1\.0\.0\.0 is not higher than 1\.0\.0\.0/,
    );
    edit(settingsFile, { version: '0.9.9.9' });
    expect(() => manifestCommand.writeManifest({ dir, name: 'production', out })).toThrow(
      /version: 0\.9\.9\.9 is not higher than 1\.0\.0\.0/,
    );
    expect(readFileSync(out, 'utf8')).toContain('<ProviderName>Contoso Ltd</ProviderName>');
    edit(settingsFile, { version: '1.0.1.0' });
    expect(manifestCommand.writeManifest({ dir, name: 'production', out }).version).toBe('1.0.1.0');
    expect(readFileSync(out, 'utf8')).toContain('<Version>1.0.1.0</Version>');
  });

  it('refuses an environment that reuses another one’s manifest id (the dev one included)', () => {
    const dir = environmentsDir();
    edit(join(dir, 'production.json'), { manifestId: 'e945e6df-80d7-4789-8c6f-24985756793e' });
    expect(() => manifestCommand.writeManifest({ dir, name: 'production', out: join(dir, 'p.xml') })).toThrow(
      /also the <Id> of dev/,
    );
  });

  it.each([
    [{ publicUrl: 'https://localhost:3000' }, /^publicUrl: localhost:3000 is this machine/],
    [{ publicUrl: 'http://addin.contoso.com' }, /^publicUrl: must be an https URL/],
    [{ publicUrl: 'https://addin.contoso.com/app' }, /^publicUrl: must be an origin/],
    [{ supportUrl: 'https://127.0.0.1/help' }, /^supportUrl: 127\.0\.0\.1 is this machine/],
    [{ clientId: '00000000-0000-0000-0000-000000000000' }, /^clientId: replace the placeholder/],
    [{ manifestId: 'contoso' }, /^manifestId: must be a GUID/],
    [{ version: '1.0' }, /^version: must be four numbers/],
    [{ displayName: 'x'.repeat(126) }, /^displayName: at most 125 characters/],
    [{ providerName: '' }, /^providerName: must be a non-empty line/],
    [{ kind: 'prod' }, /^kind: must be one of development, staging, production/],
    [{ environment: 'live' }, /^environment: must be "production"/],
    [{ localizedDisplayNames: { spanish: 'x' } }, /^localizedDisplayNames: "spanish" must be a locale/],
    [{ colour: 'blue' }, /^colour: unknown field/],
  ])('validates the settings field by field: %j', (change, message) => {
    const raw = { ...readJson(join(environmentsDir(), 'production.json')), ...change };
    expect(settingsModule.validateSettings(raw, 'production').problems).toEqual([expect.stringMatching(message)]);
  });

  it('runs from the command line (writing under manifests/out/ by default, which builds never delete), failing with one line per problem', () => {
    const dir = environmentsDir();
    expect(relative(ROOT, manifestCommand.defaultOutputFor('production'))).toBe(
      join('manifests', 'out', 'production', 'manifest.xml'),
    );
    const written = manifestCli(['production', '--dir', dir, '--out', join(dir, 'production.xml')]);
    expect(written.status).toBe(0);
    expect(written.stdout).toContain('(version 1.0.0.0)');
    expect(readFileSync(join(dir, 'production.xml'), 'utf8')).toContain('<Version>1.0.0.0</Version>');

    edit(join(dir, 'staging.json'), { publicUrl: 'https://localhost:3000', version: 'one' });
    const refused = manifestCli(['staging', '--dir', dir, '--out', join(dir, 'staging.xml')]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('publicUrl: localhost:3000 is this machine');
    expect(refused.stderr).toContain('version: must be four numbers');

    const usage = manifestCli([]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('usage: npm run manifest -- <environment>');
    const missing = manifestCli(['nowhere', '--dir', dir]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no such file (create one with: npm run manifest -- init nowhere');
  });

  it('init without a kind says it created nothing, and the usage names every kind', () => {
    const dir = environmentsDir();
    const run = manifestCli([
      'init',
      'preview',
      '--dir',
      dir,
      '--public-url',
      'https://addin-preview.contoso.com',
      '--client-id',
      PRODUCTION_CLIENT,
      '--provider-name',
      'Contoso Ltd',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('manifest: cannot create the settings of this environment (nothing was written)');
    expect(run.stderr).toContain('kind: must be one of development, staging, production');
    expect(existsSync(join(dir, 'preview.json'))).toBe(false);
    expect(manifestCli(['init']).stderr).toContain('--kind production|staging|development');
  });
});

/**
 * `npm run validate:offline -- <manifest>`: the official schemas plus the admin center's rules
 * the schemas miss, with no network. A manifest that breaks each rule is refused with a line
 * naming the element; every generated manifest is accepted.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestCommand, offlineValidator, ROOT, type Problem } from './scriptsApi';
import { requireSchemasDir } from './schemas';

const CLIENT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const dir = mkdtempSync(join(tmpdir(), 'wbs-validate-'));
const productionFile = join(dir, 'production.xml');
let production = '';

beforeAll(() => {
  copyFileSync(join(ROOT, 'manifests', 'environments', 'dev.json'), join(dir, 'dev.json'));
  manifestCommand.initEnvironment({
    dir,
    name: 'production',
    values: {
      kind: 'production',
      'public-url': 'https://addin.contoso.com',
      'client-id': CLIENT,
      'provider-name': 'Contoso Ltd',
    },
  });
  manifestCommand.writeManifest({ dir, name: 'production', out: productionFile });
  production = readFileSync(productionFile, 'utf8');
});

/** Validates `xml` (written to a file), returning the problems of `rule` (all of them when omitted). */
async function problems(xml: string, rule?: string, options: { development?: boolean } = {}): Promise<Problem[]> {
  const file = join(dir, `case-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const found = await offlineValidator.validateManifestFile(file, {
    ...options,
    env: { MANIFEST_SCHEMAS_DIR: requireSchemasDir() },
  });
  return rule === undefined ? found : found.filter((p) => p.rule === rule);
}

function breaking(from: string | RegExp, to: string): string {
  const changed = production.replace(from, to);
  if (changed === production) throw new Error(`the test's replacement of ${String(from)} changed nothing`);
  return changed;
}

describe('validate:offline', () => {
  it('accepts the generated production manifest', async () => {
    expect(await problems(production)).toEqual([]);
  });

  it.each<[string, string | RegExp, string, RegExp, RegExp]>([
    [
      'https-urls',
      '<SourceLocation DefaultValue="https://addin.contoso.com/taskpane.html"/>',
      '<SourceLocation DefaultValue="http://addin.contoso.com/taskpane.html"/>',
      /DefaultSettings\/SourceLocation/,
      /must use https/,
    ],
    [
      'https-urls',
      '<SupportUrl DefaultValue="https://addin.contoso.com/support"/>',
      '<SupportUrl DefaultValue="/support"/>',
      /SupportUrl/,
      /not an absolute URL/,
    ],
    [
      'https-urls',
      '<AppDomain>https://addin.contoso.com</AppDomain>',
      `<AppDomain>https://addin.contoso.com/${'a'.repeat(2050)}</AppDomain>`,
      /AppDomain/,
      /at most 2048/,
    ],
    ['guids', /<Id>[0-9a-f-]{36}<\/Id>/, '<Id>contoso-workbook-sessions</Id>', /^\/OfficeApp\/Id /, /not a GUID/],
    ['version', '<Version>1.0.0.0</Version>', '<Version>1.0.0.0.1</Version>', /\/OfficeApp\/Version/, /1 to 4 numbers/],
    [
      'resource-ids',
      '<Label resid="Group.Label"/>',
      '<Label resid="Group.Title"/>',
      /Group\[WorkbookSessions\.Group\]\/Label/,
      /resid "Group\.Title" is not defined/,
    ],
    [
      'resource-ids',
      '<Label resid="Group.Label"/>',
      '<Label resid="GetStarted.Description"/>',
      /\/Label/,
      /defined in <LongStrings>, but a <Label> needs one from <ShortStrings>/,
    ],
    [
      'resource-ids',
      /Group\.Label/g,
      'Group.LabelOfTheSessionsGroupOnHome',
      /bt:String\[Group\.LabelOfTheSessionsGroupOnHome\]/,
      /at most 32/,
    ],
    [
      'text-lengths',
      'DefaultValue="Sessions"',
      `DefaultValue="${'S'.repeat(126)}"`,
      /bt:ShortStrings\/bt:String\[Group\.Label\]/,
      /126 characters; at most 125/,
    ],
    [
      'text-lengths',
      '<ProviderName>Contoso Ltd</ProviderName>',
      `<ProviderName>${'C'.repeat(126)}</ProviderName>`,
      /ProviderName/,
      /at most 125/,
    ],
    [
      'sso-resource',
      `<Resource>api://addin.contoso.com/${CLIENT}</Resource>`,
      `<Resource>api://localhost:3000/${CLIENT}</Resource>`,
      /WebApplicationInfo\/Resource/,
      /names host localhost:3000, but the add-in is served from addin\.contoso\.com/,
    ],
    [
      'sso-resource',
      `<Resource>api://addin.contoso.com/${CLIENT}</Resource>`,
      '<Resource>api://addin.contoso.com/c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c</Resource>',
      /Resource/,
      new RegExp(`must end with the client id ${CLIENT}`),
    ],
    [
      'sso-resource',
      `<Resource>api://addin.contoso.com/${CLIENT}</Resource>`,
      `<Resource>https://addin.contoso.com/${CLIENT}</Resource>`,
      /Resource/,
      /must be api:\/\/<add-in host>\/<client id>/,
    ],
    ['sso-resource', '        <Scope>profile</Scope>\n', '', /WebApplicationInfo/, /must include profile/],
    [
      'icon-sizes',
      '<IconUrl DefaultValue="https://addin.contoso.com/assets/icon-32.png"/>',
      '<IconUrl DefaultValue="https://addin.contoso.com/assets/icon-64.png"/>',
      /\/OfficeApp\/IconUrl/,
      /is 64×64 pixels; 32×32 expected/,
    ],
    [
      'icon-sizes',
      /\s*<bt:Image size="80" resid="Icon.80x80"\/>\n(\s*<\/Icon>\n\s*<Control)/,
      '\n$1',
      /Group\[WorkbookSessions\.Group\]\/Icon/,
      /missing 80/,
    ],
    ['icon-sizes', 'assets/icon-16.png', 'assets/unknown-16.png', /bt:Image\[16\]/, /unknown-16\.png is not in/],
    [
      'override-locales',
      '<Override Locale="es-ES" Value="Sesiones de libro"/>',
      '<Override Locale="spanish" Value="Sesiones de libro"/>',
      /DisplayName\/Override\[spanish\]/,
      /not a culture name/,
    ],
    [
      'override-locales',
      '<Override Locale="es-ES" Value="Sesiones de libro"/>',
      '<Override Locale="en-US" Value="Sesiones de libro"/>',
      /DisplayName\/Override\[en-US\]/,
      /overrides the DefaultLocale en-US itself/,
    ],
    [
      'override-locales',
      '<Override Locale="es-ES" Value="Sesiones de libro"/>',
      '<Override Locale="es-ES" Value="Sesiones de libro"/><Override Locale="es-ES" Value="Otra"/>',
      /DisplayName\/Override\[es-ES\]/,
      /overridden twice/,
    ],
    [
      'no-localhost',
      '<AppDomain>https://addin.contoso.com</AppDomain>',
      '<AppDomain>https://addin.contoso.com</AppDomain><AppDomain>https://localhost:3000</AppDomain>',
      /AppDomain/,
      /points at the user's own machine/,
    ],
  ])('refuses a manifest that breaks %s (%#)', async (rule, from, to, element, message) => {
    const found = await problems(breaking(from, to), rule);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ element: expect.stringMatching(element), message: expect.stringMatching(message) }),
      ]),
    );
  });

  it('allows localhost only in a development manifest (its header, or --development)', async () => {
    const local = production
      .replace(/https:\/\/addin\.contoso\.com/g, 'https://localhost:3000')
      .replace(/api:\/\/addin\.contoso\.com/g, 'api://localhost:3000');
    expect((await problems(local, 'no-localhost')).length).toBeGreaterThan(5);
    expect(await problems(local, 'no-localhost', { development: true })).toEqual([]);
    expect(await problems(local.replace('environment (production)', 'environment (development)'))).toEqual([]);
  });

  it('reports the schema’s verdict too, naming the element', async () => {
    expect(await problems(breaking(/<ProviderName>[^<]*<\/ProviderName>\n\s*/, ''), 'schema')).toEqual([
      expect.objectContaining({ element: expect.stringMatching(/^<DefaultLocale> \(line \d+\)$/) }),
    ]);
  });

  it('reports XML that is not well-formed', async () => {
    expect(await problems('<OfficeApp><Id>', 'xml')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^not well-formed XML/) }),
    ]);
  });
});

describe('npm run validate:offline (the command)', () => {
  it('needs nothing outside the repository: no MANIFEST_SCHEMAS_DIR, no xmllint on the PATH', () => {
    const alone = run([productionFile], { PATH: dir });
    expect(alone.stderr).toBe('');
    expect(alone.status).toBe(0);
    const broken = join(dir, 'unknown-element.xml');
    writeFileSync(broken, breaking('<DefaultLocale>', '<Unknown/><DefaultLocale>'));
    const refused = run([broken], { PATH: dir });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(
      /unknown-element\.xml: <Unknown> \(line \d+\): Element '\{[^}]+\}Unknown': This element is not expected\. Expected is \( .*DefaultLocale \)\. \[schema\]/,
    );
  });

  const run = (
    args: string[],
    env: NodeJS.ProcessEnv = { MANIFEST_SCHEMAS_DIR: requireSchemasDir(), PATH: process.env.PATH },
  ) =>
    spawnSync(process.execPath, [join(ROOT, 'scripts', 'validate-offline.js'), ...args], {
      encoding: 'utf8',
      env,
      timeout: 30_000,
    });

  it('exits 0 for a valid manifest and 1 with one line per problem for a broken one', () => {
    expect(run([productionFile]).status).toBe(0);
    const broken = join(dir, 'broken.xml');
    writeFileSync(
      broken,
      breaking('<Version>1.0.0.0</Version>', '<Version>one</Version>').replaceAll(
        'https://addin.contoso.com/support',
        'http://addin.contoso.com/support',
      ),
    );
    const result = run([broken]);
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines.filter((l) => l.includes('[version]'))).toEqual([
      expect.stringContaining('/OfficeApp/Version (line 10): "one"'),
    ]);
    expect(lines.filter((l) => l.includes('[https-urls]'))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^\d+ problems in /);
  });

  it('exits 2, saying why, when it cannot validate at all', () => {
    const noArgs = run([]);
    expect(noArgs.status).toBe(2);
    expect(noArgs.stderr).toContain('name the manifest file to validate');
    const noSchemas = run([productionFile], { MANIFEST_SCHEMAS_DIR: dir, PATH: process.env.PATH });
    expect(noSchemas.status).toBe(2);
    expect(noSchemas.stderr).toContain(`MANIFEST_SCHEMAS_DIR=${dir} holds no OfficeAppManifestV1_1.xsd`);
    expect(run([join(dir, 'missing.xml')]).stderr).toContain('cannot read');
  });
});

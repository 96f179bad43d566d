/**
 * `npm run release`, run in a throwaway copy of the repository (its own git history, the
 * development install linked in, the existing build packed with --no-build): versions raised
 * together, the changelog moved on, the archive and its checksum, the tag — or the commands when
 * the tree held other work — and refusals that change nothing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './runScript';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.invalid',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.invalid',
};
const PRODUCTION_CLIENT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

let copy = '';

function inCopy(command: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(command, args, {
    cwd: copy,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: process.env.PATH, HOME: copy, ...GIT_ENV },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
const release = (...args: string[]) => inCopy(process.execPath, ['scripts/release.js', ...args]);
const git = (...args: string[]) => inCopy('git', args);
const read = (path: string) => readFileSync(join(copy, path), 'utf8');
const json = <T>(path: string) => JSON.parse(read(path)) as T;

beforeAll(() => {
  for (const built of ['build/server/main.js', 'dist/taskpane.html']) {
    if (!existsSync(join(ROOT, built)))
      throw new Error(`${built} is missing: run npm run build first (npm test builds)`);
  }
  copy = mkdtempSync(join(tmpdir(), 'wbs-release-'));
  for (const path of [
    'package.json',
    'package-lock.json',
    'CHANGELOG.md',
    'manifest.xml',
    'scripts',
    'assets',
    'manifest-schemas',
    'manifests/environments',
    'build',
    'dist',
  ]) {
    cpSync(join(ROOT, path), join(copy, path), {
      recursive: true,
      filter: (source) => !source.includes(`${join('build', 'dev-pane')}`),
    });
  }
  writeFileSync(join(copy, '.gitignore'), 'node_modules\nrelease/\nmanifests/out/\nbuild/\ndist/\n');
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  const init = inCopy(process.execPath, [
    'scripts/manifest.js',
    'init',
    'production',
    '--kind',
    'production',
    '--public-url',
    'https://addin.contoso.com',
    '--client-id',
    PRODUCTION_CLIENT,
    '--provider-name',
    'Contoso Ltd',
  ]);
  if (init.status !== 0) throw new Error(init.stderr);
  for (const step of [
    ['init', '-q'],
    ['add', '-A'],
    ['commit', '-q', '-m', 'start'],
  ]) {
    const run = git(...step);
    if (run.status !== 0) throw new Error(`git ${step[0]}: ${run.stderr}`);
  }
}, 60_000);

afterAll(() => {
  if (copy !== '') rmSync(copy, { recursive: true, force: true });
});

describe('npm run release', () => {
  it('raises the package and every manifest version together, moves the changelog on, packs, checksums, commits and tags', () => {
    const before = json<{ version: string }>('package.json').version;
    expect(before).toBe('1.0.0');
    const run = release('minor', '--no-build');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('released 1.1.0');
    expect(run.stdout).toContain('manifest: unchanged');
    expect(run.stdout).toContain('committed "Release 1.1.0" and tagged v1.1.0');

    expect(json<{ version: string }>('package.json').version).toBe('1.1.0');
    const lock = json<{ version: string; packages: Record<string, { version: string }> }>('package-lock.json');
    expect([lock.version, lock.packages['']?.version]).toEqual(['1.1.0', '1.1.0']);
    for (const environment of ['dev', 'production'])
      expect(json<{ version: string }>(`manifests/environments/${environment}.json`).version).toBe('1.1.0.0');
    expect(json<{ version: string }>('manifests/environments/production.last-written.json').version).toBe('1.1.0.0');
    expect(read('manifest.xml')).toContain('<Version>1.1.0.0</Version>');
    expect(read('manifests/out/production/manifest.xml')).toContain('<Version>1.1.0.0</Version>');

    const changelog = read('CHANGELOG.md');
    const unreleased = changelog.indexOf('## [Unreleased]');
    const released = changelog.search(/^## \[1\.1\.0\] - \d{4}-\d{2}-\d{2}$/m);
    expect(unreleased).toBeGreaterThan(0);
    expect(released).toBeGreaterThan(unreleased);
    expect(changelog.slice(unreleased, released)).not.toContain('### Added');
    expect(changelog.slice(released)).toContain('`npm run release` cuts a release');
    expect(changelog.indexOf('## [1.0.0]')).toBeGreaterThan(released);

    const archive = join(copy, 'release', 'workbook-sessions-1.1.0.tar.gz');
    const [digest, name] = read('release/workbook-sessions-1.1.0.tar.gz.sha256').trim().split(/\s+/);
    expect(name).toBe('workbook-sessions-1.1.0.tar.gz');
    expect(digest).toBe(createHash('sha256').update(readFileSync(archive)).digest('hex'));
    const listing = inCopy('tar', ['-tzf', archive]).stdout.split('\n');
    for (const entry of [
      'build/server/main.js',
      'dist/taskpane.html',
      'package.json',
      'package-lock.json',
      'CHANGELOG.md',
      'manifests/dev/manifest.xml',
      'manifests/production/manifest.xml',
    ]) {
      expect(listing).toContain(`workbook-sessions-1.1.0/${entry}`);
    }
    expect(listing.filter((entry) => entry.includes('dev-pane') || entry.includes('node_modules'))).toEqual([]);

    expect(git('status', '--porcelain').stdout).toBe('');
    expect(git('tag', '--list').stdout.trim()).toBe('v1.1.0');
    const tagMessage = git('tag', '-l', '--format=%(contents)', 'v1.1.0').stdout;
    expect(tagMessage).toContain('Release 1.1.0');
    expect(tagMessage).toContain('- Manifest: unchanged');
    expect(tagMessage).toContain('- Permissions: unchanged');
  });

  it('refuses, changing nothing, when Unreleased lists no change, lacks what administrators must do, or the version does not rise', () => {
    const empty = release('patch', '--no-build');
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/^release: the Unreleased section of CHANGELOG.md lists no change/);

    const changelog = read('CHANGELOG.md');
    writeFileSync(
      join(copy, 'CHANGELOG.md'),
      changelog
        .replace('- Permissions: unchanged\n', '')
        .replace('## [Unreleased]\n', '## [Unreleased]\n\n### Fixed\n\n- Something.\n'),
    );
    const noPermissions = release('patch', '--no-build');
    expect(noPermissions.status).toBe(1);
    expect(noPermissions.stderr).toContain('needs a line "- Permissions: changed …" or "- Permissions: unchanged"');

    const lower = release('1.0.5', '--no-build');
    expect(lower.status).toBe(1);
    expect(lower.stderr).toContain('1.0.5 is not higher than the current version 1.1.0');
    expect(release('banana').status).toBe(2);
    expect(release().status).toBe(2);
    expect(json<{ version: string }>('package.json').version).toBe('1.1.0');
    expect(git('status', '--porcelain').stdout.trim()).toBe('M CHANGELOG.md');
  });

  it('with other work in the tree, releases the files but commits and tags nothing, printing the commands', () => {
    writeFileSync(
      join(copy, 'CHANGELOG.md'),
      read('CHANGELOG.md').replace(
        '### Administrators\n',
        '### Administrators\n\n- Permissions: changed — Files.Read.All added\n',
      ),
    );
    const run = release('2.0.0', '--no-build');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('permissions: changed: an administrator must grant admin consent again');
    expect(run.stdout).toContain('nothing was committed or tagged');
    expect(run.stdout).toContain('git tag -a v2.0.0');
    expect(git('tag', '--list').stdout.trim()).toBe('v1.1.0');
    expect(json<{ version: string }>('manifests/environments/production.json').version).toBe('2.0.0.0');
    expect(existsSync(join(copy, 'release', 'workbook-sessions-2.0.0.tar.gz.sha256'))).toBe(true);
  });

  it('refuses a changelog that says "unchanged" when the manifest or its scopes changed since the last tag', () => {
    writeFileSync(
      join(copy, 'CHANGELOG.md'),
      read('CHANGELOG.md').replace(
        '## [Unreleased]\n',
        '## [Unreleased]\n\n### Changed\n\n- The publisher is named.\n',
      ),
    );
    const dev = json<Record<string, string>>('manifests/environments/dev.json');
    writeFileSync(
      join(copy, 'manifests/environments/dev.json'),
      `${JSON.stringify({ ...dev, providerName: 'Contoso Ltd' }, null, 2)}\n`,
    );
    writeFileSync(
      join(copy, 'manifest.xml'),
      read('manifest.xml').replace(
        '<Scope>profile</Scope>',
        '<Scope>profile</Scope>\n        <Scope>Sites.Read.All</Scope>',
      ),
    );
    const run = release('patch', '--no-build');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'the manifest changed since v1.1.0 (manifest.xml differs beyond its version; dev.json differs beyond its version), but the Unreleased section says "Manifest: unchanged"',
    );
    expect(run.stderr).toContain(
      'the permissions changed since v1.1.0 (the manifest\'s scopes went from "Files.ReadWrite openid profile" to "Files.ReadWrite Sites.Read.All openid profile")',
    );
    expect(json<{ version: string }>('package.json').version).toBe('2.0.0');
  });
});

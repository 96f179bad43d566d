#!/usr/bin/env node
// @ts-check
/**
 * `npm run release -- <major|minor|patch|x.y.z> [--no-build]`: cuts a release.
 *   1. checks CHANGELOG.md's Unreleased section says whether the manifest and the permissions
 *      changed — and does not say "unchanged" when they changed since the last tag — and lists
 *      at least one change;
 *   2. raises package.json's version (semantic versioning) and, together with it, the version of
 *      every environment's manifest settings (manifests/environments/*.json: x.y.z → x.y.z.0; the
 *      admin center accepts an update only with a higher version), then writes each manifest
 *      (manifests/out/<environment>/manifest.xml; the development one also to manifest.xml) and
 *      checks it against the official schemas and the admin center's rules;
 *   3. moves Unreleased into a dated section for the version;
 *   4. builds (`--no-build`: packs the existing build) and writes release/<name>-<version>.tar.gz
 *      (build/, dist/, package.json, package-lock.json, CHANGELOG.md, the environments'
 *      manifests) with release/<name>-<version>.tar.gz.sha256 (`sha256sum -c` format);
 *   5. in a git working tree that was clean, commits the release and tags it v<version>
 *      (annotated, with the version's changelog section); with other changes present it commits
 *      nothing and prints the commands, so nobody's unfinished work lands in a release.
 * Exit 0 on success, 1 when the release is refused (one line saying why), 2 on a usage error.
 */
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { build } = require('./lib/build');
const { ChangelogError, checkUnreleased, release, sectionOf } = require('./lib/changelog');
const { changesSinceLastRelease } = require('./lib/releaseChecks');
const { writeManifest } = require('./manifest');
const { compareVersions } = require('./manifest/settings');
const { validateManifestFile } = require('./validate-offline');

const ROOT = join(__dirname, '..');
const ENVIRONMENTS = join(ROOT, 'manifests', 'environments');
const RELEASE_DIR = join(ROOT, 'release');
const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;
const USAGE = 'usage: npm run release -- <major|minor|patch|x.y.z> [--no-build]';

class Refusal extends Error {
  /** @param {string} message @param {number} [code] */
  constructor(message, code = 1) {
    super(message);
    this.code = code;
  }
}

/** @param {string} current @param {string} wanted */
function nextVersion(current, wanted) {
  const parts = SEMVER.exec(current);
  if (parts === null) throw new Refusal(`package.json's version "${current}" is not x.y.z`);
  const [major = 0, minor = 0, patch = 0] = parts.slice(1).map(Number);
  const next =
    wanted === 'major'
      ? `${major + 1}.0.0`
      : wanted === 'minor'
        ? `${major}.${minor + 1}.0`
        : wanted === 'patch'
          ? `${major}.${minor}.${patch + 1}`
          : SEMVER.test(wanted)
            ? wanted
            : undefined;
  if (next === undefined)
    throw new Refusal(`"${wanted}" is neither major, minor, patch nor a version x.y.z\n${USAGE}`, 2);
  if (compareVersions(next, current) <= 0)
    throw new Refusal(`${next} is not higher than the current version ${current}`);
  if (next.split('.').some((n) => Number(n) > 99_999))
    throw new Refusal(`${next}: a manifest version allows at most 5 digits per number`);
  return next;
}

/** @param {string[]} args */
function git(args) {
  return spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
}

/** The environments' settings files and the version each will get; refuses one already higher. */
function environmentsAt(/** @type {string} */ manifestVersion) {
  const names = readdirSync(ENVIRONMENTS)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.last-written.json'))
    .map((f) => f.replace(/\.json$/, ''));
  if (names.length === 0) throw new Refusal(`${relative(ROOT, ENVIRONMENTS)} holds no environment`);
  return names.map((name) => {
    const file = join(ENVIRONMENTS, `${name}.json`);
    const settings = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof settings?.version !== 'string') throw new Refusal(`${relative(ROOT, file)} has no version`);
    if (compareVersions(settings.version, manifestVersion) > 0) {
      throw new Refusal(
        `${relative(ROOT, file)} has the manifest version ${settings.version}, higher than this release's ${manifestVersion}: release a version above it`,
      );
    }
    return { name, file, settings };
  });
}

/** Sets "version" at the top of a JSON file (and the root package of a lockfile), keeping its layout. */
function setJsonVersion(/** @type {string} */ file, /** @type {string} */ version) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  data.version = version;
  if (data.packages?.[''] !== undefined) data.packages[''].version = version;
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

/** @param {string} archive @returns {string} the checksum file */
function writeChecksum(archive) {
  const digest = createHash('sha256').update(readFileSync(archive)).digest('hex');
  const file = `${archive}.sha256`;
  writeFileSync(file, `${digest}  ${archive.split(/[\\/]/).pop()}\n`);
  return file;
}

/**
 * @param {string} folderName
 * @param {Array<{ name: string, out: string }>} manifests
 */
function writeArchive(folderName, manifests) {
  for (const built of ['build/server/main.js', 'dist/taskpane.html']) {
    if (!existsSync(join(ROOT, built)))
      throw new Refusal(`${built} is missing: build first (npm run build), or release without --no-build`);
  }
  const staging = join(RELEASE_DIR, folderName);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // The development pane of `npm run dev-server` is not part of a release.
  cpSync(join(ROOT, 'build'), join(staging, 'build'), {
    recursive: true,
    filter: (source) => !source.startsWith(join(ROOT, 'build', 'dev-pane')),
  });
  cpSync(join(ROOT, 'dist'), join(staging, 'dist'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json', 'CHANGELOG.md'])
    cpSync(join(ROOT, file), join(staging, file));
  for (const { name, out } of manifests) cpSync(out, join(staging, 'manifests', name, 'manifest.xml'));
  const archive = join(RELEASE_DIR, `${folderName}.tar.gz`);
  const tar = spawnSync('tar', ['-czf', archive, '-C', RELEASE_DIR, folderName], { encoding: 'utf8' });
  rmSync(staging, { recursive: true, force: true });
  if (tar.error !== undefined || tar.status !== 0)
    throw new Refusal(`tar could not write ${archive}: ${tar.error?.message ?? tar.stderr.trim()}`);
  return { archive, checksum: writeChecksum(archive) };
}

/** @param {string[]} argv */
async function main(argv) {
  const noBuild = argv.includes('--no-build');
  const positional = argv.filter((a) => a !== '--no-build');
  if (positional.length !== 1 || positional[0]?.startsWith('-')) throw new Refusal(USAGE, 2);
  const wanted = /** @type {string} */ (positional[0]);

  const pkgFile = join(ROOT, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const version = nextVersion(String(pkg.version), wanted);
  const manifestVersion = `${version}.0`;
  const tag = `v${version}`;

  const status = git(['status', '--porcelain']);
  const inGit = status.error === undefined && status.status === 0;
  const clean = inGit && status.stdout.trim() === '';
  if (inGit && git(['rev-parse', '-q', '--verify', `refs/tags/${tag}`]).status === 0)
    throw new Refusal(`the tag ${tag} already exists`);

  const changelogFile = join(ROOT, 'CHANGELOG.md');
  if (!existsSync(changelogFile)) throw new Refusal('CHANGELOG.md is missing');
  const changelog = readFileSync(changelogFile, 'utf8');
  const impact = checkUnreleased(changelog);
  const changes = changesSinceLastRelease(ROOT, ENVIRONMENTS);
  const understated = [
    ...(changes !== undefined && changes.manifest.length > 0 && !impact.manifest
      ? [
          `the manifest changed since ${changes.since} (${changes.manifest.join('; ')}), but the Unreleased section says "Manifest: unchanged"`,
        ]
      : []),
    ...(changes !== undefined && changes.permissions.length > 0 && !impact.permissions
      ? [
          `the permissions changed since ${changes.since} (${changes.permissions.join('; ')}), but the Unreleased section says "Permissions: unchanged"`,
        ]
      : []),
  ];
  if (understated.length > 0)
    throw new Refusal(`${understated.join('\n')}\nadministrators act on these lines: correct them in CHANGELOG.md`);
  const released = release(changelog, version, new Date().toISOString().slice(0, 10));
  const environments = environmentsAt(manifestVersion);

  // Everything is checked: from here on, files change.
  setJsonVersion(pkgFile, version);
  setJsonVersion(join(ROOT, 'package-lock.json'), version);
  for (const { file, settings } of environments)
    writeFileSync(file, `${JSON.stringify({ ...settings, version: manifestVersion }, null, 2)}\n`);
  writeFileSync(changelogFile, released);

  /** @param {string} name @param {string} [out] */
  const write = (name, out) => {
    try {
      return writeManifest({ dir: ENVIRONMENTS, name, out }).out;
    } catch (error) {
      throw new Refusal(
        `the ${name} manifest could not be written: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const manifests = environments.map(({ name }) => ({ name, out: write(name) }));
  // manifest.xml at the root is the development manifest written from dev.json.
  const dev = environments.find((e) => e.name === 'dev');
  if (dev !== undefined) write(dev.name, join(ROOT, 'manifest.xml'));
  for (const { name, out } of manifests) {
    const problems = await validateManifestFile(out, {});
    if (problems.length > 0)
      throw new Refusal(
        `the ${name} manifest (${relative(ROOT, out)}) is not valid:\n${problems.map((p) => `${p.element}: ${p.message} [${p.rule}]`).join('\n')}`,
      );
  }

  if (!noBuild) build('all');
  const { archive, checksum } = writeArchive(`${pkg.name}-${version}`, manifests);

  console.log(`released ${version}: ${relative(ROOT, archive)} (checksum in ${relative(ROOT, checksum)})`);
  console.log(
    `manifest: ${impact.manifest ? 'changed: upload the new manifest of each environment in the Microsoft 365 admin center' : 'unchanged: no admin center step (the new version number alone needs no upload)'}`,
  );
  console.log(
    `permissions: ${impact.permissions ? 'changed: an administrator must grant admin consent again' : 'unchanged: no new consent'}`,
  );
  const changed = [
    'package.json',
    'package-lock.json',
    'CHANGELOG.md',
    'manifests/environments',
    ...(dev !== undefined ? ['manifest.xml'] : []),
  ];
  if (!inGit) {
    console.log('not a git working tree: nothing committed, no tag');
  } else if (!clean) {
    const commands = [
      `git add ${changed.join(' ')}`,
      `git commit -m "Release ${version}"`,
      `git tag -a ${tag} -m "Release ${version}"`,
    ];
    console.log(
      `the working tree had other changes before the release, so nothing was committed or tagged; review, then run:\n  ${commands.join('\n  ')}`,
    );
  } else {
    const steps = [
      ['add', ...changed],
      ['commit', '-q', '-m', `Release ${version}`],
      ['tag', '-a', tag, '-m', `Release ${version}\n\n${sectionOf(released, version)}`],
    ];
    for (const step of steps) {
      const run = git(step);
      if (run.status !== 0) throw new Refusal(`git ${step[0]} failed: ${run.stderr.trim()}`);
    }
    console.log(`committed "Release ${version}" and tagged ${tag}; publish with: git push --follow-tags`);
  }
}

module.exports = { nextVersion };

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    if (error instanceof Refusal || error instanceof ChangelogError) {
      console.error(`release: ${error.message}`);
      process.exit(error instanceof Refusal ? error.code : 1);
    }
    console.error(`release: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
}

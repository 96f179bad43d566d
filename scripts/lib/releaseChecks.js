// @ts-check
/**
 * What changed for administrators since the last release tag, so a release cannot say
 * "Manifest: unchanged" or "Permissions: unchanged" when it is not so:
 *   - the manifest changed when the development manifest (manifest.xml, written by the same
 *     generator as every environment's) differs beyond its <Version>, or when an environment's
 *     settings differ beyond their version (or the environment is new);
 *   - the permissions changed when the manifest's <Scopes> differ.
 * Without git or without an earlier tag there is nothing to compare with: nothing is claimed.
 */
const { spawnSync } = require('node:child_process');
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** @param {string} root @param {string[]} args */
function git(root, args) {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return run.error === undefined && run.status === 0 ? run.stdout : undefined;
}

/** @param {string} xml */
const withoutVersion = (xml) => xml.replace(/<Version>[^<]*<\/Version>/, '<Version/>');
/** @param {string} xml */
const scopesOf = (xml) =>
  [...xml.matchAll(/<Scope>([^<]*)<\/Scope>/g)]
    .map((m) => m[1])
    .sort()
    .join(' ');

/** @param {string} text */
function settingsWithoutVersion(text) {
  try {
    const settings = JSON.parse(text);
    delete settings.version;
    return JSON.stringify(settings);
  } catch {
    return text;
  }
}

/**
 * @param {string} root the repository
 * @param {string} environmentsDir
 * @returns {{ since: string, manifest: string[], permissions: string[] } | undefined} what changed, with reasons
 */
function changesSinceLastRelease(root, environmentsDir) {
  const tag = git(root, ['describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*'])?.trim();
  if (tag === undefined || tag === '') return undefined;
  /** @type {string[]} */
  const manifest = [];
  /** @type {string[]} */
  const permissions = [];
  const before = git(root, ['show', `${tag}:manifest.xml`]);
  const now = readFileSync(join(root, 'manifest.xml'), 'utf8');
  if (before !== undefined && withoutVersion(before) !== withoutVersion(now))
    manifest.push('manifest.xml differs beyond its version');
  if (before !== undefined && scopesOf(before) !== scopesOf(now))
    permissions.push(`the manifest's scopes went from "${scopesOf(before)}" to "${scopesOf(now)}"`);
  const relativeDir = environmentsDir
    .slice(root.length + 1)
    .split('\\')
    .join('/');
  for (const file of readdirSync(environmentsDir).filter(
    (f) => f.endsWith('.json') && !f.endsWith('.last-written.json'),
  )) {
    const old = git(root, ['show', `${tag}:${relativeDir}/${file}`]);
    const current = readFileSync(join(environmentsDir, file), 'utf8');
    if (old === undefined) manifest.push(`${file} is a new environment`);
    else if (settingsWithoutVersion(old) !== settingsWithoutVersion(current))
      manifest.push(`${file} differs beyond its version`);
  }
  return { since: tag, manifest, permissions };
}

module.exports = { changesSinceLastRelease };

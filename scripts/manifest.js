#!/usr/bin/env node
// @ts-check
/**
 * Writes the add-in manifest of one environment from its validated settings.
 *
 *   npm run manifest -- <environment> [--out FILE]
 *       reads manifests/environments/<environment>.json, checks it and the rules of
 *       validate:offline, and writes manifests/out/<environment>/manifest.xml (outside dist/, so
 *       `npm run build` never deletes it). Outside development, the version must be higher than
 *       the last one written for that environment (recorded in
 *       manifests/environments/<environment>.last-written.json, committed with the settings):
 *       the admin center accepts an update only with a higher version.
 *   npm run manifest -- init <environment> --kind production|staging|development --public-url https://… \
 *       --client-id <GUID> --provider-name "…" [--display-name "…"]
 *       creates the settings file, with a new manifest <Id> and version 1.0.0.0.
 *
 * Both take `--dir <folder>` for another settings folder. Exit 0 on success, 1 when the settings
 * or the manifest have problems (one line each), 2 on a usage error.
 */
const { createHash, randomUUID } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const { DOMParser } = require('@xmldom/xmldom');
const { renderManifest } = require('./manifest/generate');
const { checkManifest } = require('./manifest/rules');
const { compareVersions, loadSettings, SettingsError, validateSettings } = require('./manifest/settings');

const ROOT = resolve(__dirname, '..');
const DEFAULT_DIR = join(ROOT, 'manifests', 'environments');

class UsageError extends Error {}
class ManifestError extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/** Where a manifest goes unless --out says otherwise: outside dist/ and build/, which builds delete. */
const defaultOutputFor = (/** @type {string} */ name) => join(ROOT, 'manifests', 'out', name, 'manifest.xml');

/** @param {string} dir @param {string} name */
const recordFile = (dir, name) => join(dir, `${name}.last-written.json`);

/**
 * @param {string} dir
 * @param {string} name
 * @returns {{ version: string, sha256: string } | undefined}
 */
function lastWritten(dir, name) {
  const file = recordFile(dir, name);
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof raw?.version !== 'string' || typeof raw?.sha256 !== 'string')
    throw new ManifestError([`${file}: not a record written by this command (expected {"version", "sha256"})`]);
  return { version: raw.version, sha256: raw.sha256 };
}

/**
 * Every other environment's manifest <Id> in `dir`, so two environments never share one.
 * @param {string} dir
 * @param {import('./manifest/settings').EnvironmentSettings} settings
 */
function idClashes(dir, settings) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.last-written.json') && f !== `${settings.environment}.json`)
    .flatMap((f) => {
      try {
        const other = JSON.parse(readFileSync(join(dir, f), 'utf8'));
        return typeof other?.manifestId === 'string' && other.manifestId.toLowerCase() === settings.manifestId
          ? [f.replace(/\.json$/, '')]
          : [];
      } catch {
        return [];
      }
    });
}

/**
 * Writes the manifest of `name`; returns what happened, for the caller to print.
 * @param {{ dir: string, name: string, out?: string }} options
 * @returns {{ out: string, version: string, unchanged: boolean }}
 */
function writeManifest({ dir, name, out }) {
  const settings = loadSettings(dir, name);
  const clashes = idClashes(dir, settings);
  if (clashes.length > 0)
    throw new ManifestError([
      `manifestId: ${settings.manifestId} is also the <Id> of ${clashes.join(', ')}; every environment needs its own (Office treats equal ids as one add-in)`,
    ]);

  const xml = renderManifest(settings);
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const problems = checkManifest(doc, {
    development: settings.kind === 'development',
    assetsDir: join(ROOT, 'assets'),
  });
  if (problems.length > 0) throw new ManifestError(problems.map((p) => `${p.element}: ${p.message} [${p.rule}]`));

  const sha256 = createHash('sha256').update(xml).digest('hex');
  const last = settings.kind === 'development' ? undefined : lastWritten(dir, name);
  if (last !== undefined) {
    const order = compareVersions(settings.version, last.version);
    const same = order === 0 && last.sha256 === sha256;
    if (order < 0 || (order === 0 && !same)) {
      throw new ManifestError([
        `version: ${settings.version} is not higher than ${last.version}, the last version written for "${name}": raise it in ${join(dir, `${name}.json`)} (the admin center accepts an update only with a higher version)`,
      ]);
    }
  }
  const target = resolve(out ?? defaultOutputFor(name));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, xml);
  const unchanged = last !== undefined && last.sha256 === sha256;
  if (settings.kind !== 'development' && !unchanged) {
    writeFileSync(
      recordFile(dir, name),
      `${JSON.stringify({ version: settings.version, sha256, writtenAt: new Date().toISOString() }, null, 2)}\n`,
    );
  }
  return { out: target, version: settings.version, unchanged };
}

/**
 * Creates manifests/environments/<name>.json with a new manifest <Id>.
 * @param {{ dir: string, name: string, values: Record<string, string> }} options
 */
function initEnvironment({ dir, name, values }) {
  const file = join(dir, `${name}.json`);
  if (existsSync(file)) throw new ManifestError([`${file} already exists: edit it instead`]);
  const raw = {
    environment: name,
    kind: values.kind,
    publicUrl: values['public-url'],
    clientId: values['client-id'],
    manifestId: randomUUID(),
    version: '1.0.0.0',
    displayName: values['display-name'] ?? 'Workbook Sessions',
    providerName: values['provider-name'],
  };
  const { problems } = validateSettings(raw, name);
  if (problems.length > 0) throw new SettingsError(file, problems);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
  return file;
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {string[]} */
  const positional = [];
  /** @type {Record<string, string>} */
  const values = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      values[arg.slice(2)] = value;
    } else positional.push(arg);
  }
  const init = positional[0] === 'init';
  const name = init ? positional[1] : positional[0];
  if (name === undefined || positional.length > (init ? 2 : 1)) throw new UsageError('name one environment');
  const allowed = init ? ['dir', 'kind', 'public-url', 'client-id', 'provider-name', 'display-name'] : ['dir', 'out'];
  const unknown = Object.keys(values).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]}`);
  return { init, name, values, dir: resolve(values.dir ?? DEFAULT_DIR) };
}

module.exports = { writeManifest, initEnvironment, defaultOutputFor };

if (require.main === module) {
  const creating = process.argv[2] === 'init';
  try {
    const { init, name, values, dir } = parseArgs(process.argv.slice(2));
    if (init) {
      const file = initEnvironment({ dir, name, values });
      console.log(
        `wrote ${relative(process.cwd(), file)}: review it, commit it, then run: npm run manifest -- ${name}`,
      );
    } else {
      const result = writeManifest({ dir, name, out: values.out });
      const where = relative(process.cwd(), result.out) || result.out;
      console.log(
        result.unchanged
          ? `${where} is up to date (version ${result.version})`
          : `wrote ${where} (version ${result.version})`,
      );
      console.log(`check it with: npm run validate:offline -- ${where}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`manifest: ${error.message}`);
      console.error('usage: npm run manifest -- <environment> [--out FILE] [--dir FOLDER]');
      console.error(
        '       npm run manifest -- init <environment> --kind production|staging|development --public-url https://… --client-id <GUID> --provider-name "…" [--display-name "…"]',
      );
      process.exit(2);
    }
    if (error instanceof SettingsError || error instanceof ManifestError) {
      console.error(
        `manifest: ${creating ? 'cannot create the settings of this environment (nothing was written)' : 'cannot write the manifest of this environment'}:\n${error.message}`,
      );
      process.exit(1);
    }
    throw error;
  }
}

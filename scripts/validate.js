#!/usr/bin/env node
// @ts-check
/**
 * `npm run validate -- [manifest.xml] [--production]`: Microsoft's online manifest validation
 * (office-addin-manifest posts the manifest to Microsoft's validation service), as `yo office`
 * projects run it. `--production` applies the stricter checks of AppSource.
 *
 * It needs the internet. When the service cannot be reached, or does not answer within
 * VALIDATE_TIMEOUT_SECONDS (default 60), it says so and exits 1; it never waits forever and
 * never reports success it did not get. Without network, `npm run validate:offline` checks the
 * schemas and the admin center's rules.
 */
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');

const DEFAULT_TIMEOUT_SECONDS = 60;

/** @param {string[]} argv */
function parseArgs(argv) {
  const production = argv.includes('--production');
  const rest = argv.filter((a) => a !== '--production');
  const unknown = rest.find((a) => a.startsWith('--'));
  if (unknown !== undefined || rest.length > 1) return { error: `unexpected argument "${unknown ?? rest[1]}"` };
  return { file: resolve(rest[0] ?? 'manifest.xml'), production };
}

/** @param {NodeJS.ProcessEnv} env */
function timeoutSeconds(env) {
  const text = env.VALIDATE_TIMEOUT_SECONDS ?? '';
  if (text === '') return DEFAULT_TIMEOUT_SECONDS;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 && value <= 600 ? value : undefined;
}

/**
 * @param {string} label
 * @param {Array<{ title?: string, content?: string, line?: number, helpUrl?: string }> | undefined} issues
 */
function printIssues(label, issues) {
  for (const issue of issues ?? []) {
    const where = issue.line === undefined ? '' : ` (line ${issue.line})`;
    console.log(
      `${label}${where}: ${issue.title ?? ''}${issue.content ? ` — ${issue.content}` : ''}${issue.helpUrl ? ` (${issue.helpUrl})` : ''}`,
    );
  }
}

/**
 * One line from a multi-line message (office-addin-manifest puts its own sentence, ending with a
 * full stop, above the fetch error), without doubled punctuation where lines meet.
 * @param {string} message
 */
function joinLines(message) {
  return message
    .split('\n')
    .map((line) => line.trim().replace(/[.:;,]+$/, ''))
    .filter(Boolean)
    .join(': ');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const seconds = timeoutSeconds(process.env);
  if ('error' in args || seconds === undefined) {
    console.error(
      `validate: ${'error' in args ? args.error : 'VALIDATE_TIMEOUT_SECONDS must be a number of seconds from 1 to 600'}`,
    );
    console.error('usage: npm run validate -- [manifest.xml] [--production]');
    return 2;
  }
  if (!existsSync(args.file)) {
    console.error(`validate: no such file: ${args.file}`);
    return 2;
  }
  const { validateManifest } = require('office-addin-manifest');
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${seconds} s`)), seconds * 1000);
  });
  let validation;
  try {
    console.log(
      `Sending ${args.file} to Microsoft's manifest validation service${args.production ? ' (AppSource checks)' : ''}…`,
    );
    validation = /** @type {import('office-addin-manifest').ManifestValidation} */ (
      await Promise.race([validateManifest(args.file, args.production), timeout])
    );
  } catch (error) {
    const reason = error instanceof Error ? joinLines(error.message) : String(error);
    console.error(`validate: Microsoft's manifest validation service could not be used (${reason}).`);
    console.error(`This check needs the internet. Without it, run: npm run validate:offline -- ${args.file}`);
    return 1;
  } finally {
    clearTimeout(timer);
  }
  if (validation.report === undefined) {
    console.error(
      `validate: the validation service answered ${validation.status ?? '?'} ${validation.statusText ?? ''} without a report; the manifest was not validated.`,
    );
    return 1;
  }
  printIssues('note', validation.report.notes);
  printIssues('error', validation.report.errors);
  printIssues('warning', validation.report.warnings);
  if (!validation.isValid) {
    console.error(`validate: the manifest is not valid (service verdict: ${validation.report.status ?? 'unknown'}).`);
    return 1;
  }
  console.log('The manifest is valid.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`validate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

// @ts-check
/**
 * CHANGELOG.md in the Keep a Changelog format (https://keepachangelog.com/en/1.1.0/): an
 * `## [Unreleased]` section, then one `## [x.y.z] - YYYY-MM-DD` section per release, newest first.
 * Every section opens with what administrators must do, as two lines the release checks:
 *   - Manifest: changed | unchanged …   (changed: upload it again in the Microsoft 365 admin center)
 *   - Permissions: changed | unchanged … (changed: grant admin consent again)
 */

const UNRELEASED = /^## \[Unreleased\][^\n]*$/m;
const NEXT_SECTION = /^## \[/m;
const CHANGE_TYPES = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];
const ADMIN_LINES = /** @type {const} */ (['Manifest', 'Permissions']);

/** What a fresh Unreleased section holds. */
const EMPTY_UNRELEASED = [
  '## [Unreleased]',
  '',
  '### Administrators',
  '',
  '- Manifest: unchanged',
  '- Permissions: unchanged',
  '',
].join('\n');

class ChangelogError extends Error {}

/**
 * The Unreleased section's text (without its heading) and where it is.
 * @param {string} text
 */
function unreleasedSection(text) {
  const heading = UNRELEASED.exec(text);
  if (heading === null) throw new ChangelogError('CHANGELOG.md has no "## [Unreleased]" section');
  const bodyStart = heading.index + heading[0].length;
  const rest = text.slice(bodyStart);
  const next = NEXT_SECTION.exec(rest);
  const bodyEnd = next === null ? text.length : bodyStart + next.index;
  return { start: heading.index, bodyStart, bodyEnd, body: text.slice(bodyStart, bodyEnd) };
}

/**
 * The administrators' lines of a section: whether the manifest and the permissions changed.
 * @param {string} body
 * @returns {{ manifest: boolean, permissions: boolean }}
 */
function adminImpact(body) {
  /** @type {Record<string, boolean>} */
  const found = {};
  const problems = [];
  for (const name of ADMIN_LINES) {
    const line = new RegExp(`^- ${name}: (changed|unchanged)\\b`, 'm').exec(body);
    if (line === null)
      problems.push(`a line "- ${name}: changed …" or "- ${name}: unchanged" under "### Administrators"`);
    else found[name] = line[1] === 'changed';
  }
  if (problems.length > 0)
    throw new ChangelogError(`the Unreleased section of CHANGELOG.md needs ${problems.join(' and ')}`);
  return { manifest: found.Manifest === true, permissions: found.Permissions === true };
}

/**
 * Checks the Unreleased section can become a release: both administrators' lines, and at least
 * one entry under a change type.
 * @param {string} text
 */
function checkUnreleased(text) {
  const { body } = unreleasedSection(text);
  const impact = adminImpact(body);
  const entries = CHANGE_TYPES.some((type) => new RegExp(`^### ${type}\\s*\\n(?:\\s*\\n)*- \\S`, 'm').test(body));
  if (!entries)
    throw new ChangelogError(
      `the Unreleased section of CHANGELOG.md lists no change: add entries under ${CHANGE_TYPES.map((t) => `"### ${t}"`).join(', ')}`,
    );
  return impact;
}

/**
 * The changelog with Unreleased turned into `version` (dated), and a fresh Unreleased above it.
 * @param {string} text
 * @param {string} version
 * @param {string} date YYYY-MM-DD
 */
function release(text, version, date) {
  checkUnreleased(text);
  if (new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm').test(text))
    throw new ChangelogError(`CHANGELOG.md already has a section for ${version}`);
  const { start, bodyEnd, body } = unreleasedSection(text);
  const released = `## [${version}] - ${date}\n${body.replace(/\s*$/, '\n')}`;
  return `${text.slice(0, start)}${EMPTY_UNRELEASED}\n${released}\n${text.slice(bodyEnd)}`
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n*$/, '\n');
}

/**
 * The text of one release's section (for the tag message), without its heading.
 * @param {string} text
 * @param {string} version
 */
function sectionOf(text, version) {
  const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\][^\\n]*$`, 'm').exec(text);
  if (heading === null) return '';
  const rest = text.slice(heading.index + heading[0].length);
  const next = NEXT_SECTION.exec(rest);
  return (next === null ? rest : rest.slice(0, next.index)).trim();
}

module.exports = { ChangelogError, checkUnreleased, release, sectionOf, EMPTY_UNRELEASED };

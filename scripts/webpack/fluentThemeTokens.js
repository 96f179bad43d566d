// @ts-check
// The task pane's Fluent themes, shipped as the few tokens its styles use.
//
// A Fluent theme is about 460 design tokens computed at run time from colour ramps
// (@fluentui/tokens): some 7 KB of gzip at start, while the pane's styles read about a hundred of
// them. FluentProvider writes each theme token as a CSS variable, and every style reads them as
// `var(--name)`, so a token no style reads is never needed.
//
// 1. `themeLoader` (a webpack loader for src/taskpane/app/themes/*.ts) replaces a theme module's
//    re-export of a Fluent theme with that theme's values, as a plain object literal, keeping only
//    the tokens listed in src/taskpane/app/themes/usedTokens.json. Jest and the type checker see
//    the module as written (the whole Fluent theme).
// 2. `ThemeTokensCheckPlugin` reads every JavaScript and CSS file of the build once it is
//    complete, and fails the build when a style reads a Fluent token the list leaves out (naming
//    it and the file to add it to); a listed token nothing reads is a warning.
const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');
const fluentTokens = require('@fluentui/tokens');

const LIST_FILE = path.resolve(__dirname, '../../src/taskpane/app/themes/usedTokens.json');
const LIST_NAME = 'src/taskpane/app/themes/usedTokens.json';
const REEXPORT = /^\s*export\s*\{\s*(\w+)\s+as\s+theme\s*\}\s*from\s*'@fluentui\/react-components';?\s*$/;

/** @returns {Set<string>} */
function listedTokens() {
  const parsed = JSON.parse(fs.readFileSync(LIST_FILE, 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === 'string'))
    throw new Error(`${LIST_NAME} must be a JSON array of Fluent token names`);
  return new Set(parsed);
}

/** @param {string} name */
function fluentTheme(name) {
  const theme = /** @type {Record<string, unknown>} */ (fluentTokens)[name];
  if (typeof theme !== 'object' || theme === null) throw new Error(`@fluentui/tokens has no theme named ${name}`);
  return /** @type {Record<string, string | number>} */ (theme);
}

/**
 * @this {{ resourcePath: string; addDependency(file: string): void }}
 * @param {string} source
 */
function themeLoader(source) {
  const match = REEXPORT.exec(source);
  if (!match?.[1])
    throw new Error(
      `${this.resourcePath}: a theme module is one line, export { <Fluent theme> as theme } from '@fluentui/react-components'`,
    );
  this.addDependency(LIST_FILE);
  const listed = listedTokens();
  const theme = fluentTheme(match[1]);
  const kept = Object.fromEntries(Object.entries(theme).filter(([token]) => listed.has(token)));
  return `/* ${match[1]}: the tokens of ${LIST_NAME} (scripts/webpack/fluentThemeTokens.js) */\nexport const theme = ${JSON.stringify(kept)};\n`;
}

/** Every token any of Fluent's themes defines: a `var(--name)` with another name is not a theme token. */
function allThemeTokens() {
  const names = new Set();
  for (const name of ['webLightTheme', 'webDarkTheme', 'teamsHighContrastTheme'])
    for (const token of Object.keys(fluentTheme(name))) names.add(token);
  return names;
}

/**
 * Which Fluent theme tokens the built files read (`var(--name)`) that the list leaves out, and
 * which listed ones nothing reads.
 * @param {Iterable<[string, string]>} files [name, content] of the build's JavaScript and CSS files
 * @param {Set<string>} listed
 * @returns {{ missing: [string, string][]; unread: string[] }} missing: [token, first file reading it]
 */
function themeTokenCheck(files, listed) {
  const themeTokens = allThemeTokens();
  /** @type {Map<string, string>} */
  const read = new Map();
  for (const [file, content] of files) {
    if (!/\.(js|css)$/.test(file)) continue;
    for (const [, token] of content.matchAll(/var\(--([A-Za-z0-9]+)/g))
      if (token && themeTokens.has(token) && !read.has(token)) read.set(token, file);
  }
  return {
    missing: [...read].filter(([token]) => !listed.has(token)),
    unread: [...listed].filter((token) => !read.has(token)),
  };
}

class ThemeTokensCheckPlugin {
  /** @param {import('webpack').Compiler} compiler */
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('ThemeTokensCheckPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'ThemeTokensCheckPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT },
        (assets) => {
          const { missing, unread } = themeTokenCheck(
            Object.entries(assets).map(([file, asset]) => [file, asset.source().toString()]),
            listedTokens(),
          );
          if (missing.length > 0)
            compilation.errors.push(
              new webpack.WebpackError(
                `Fluent theme tokens read by the build but left out of the pane's themes: ${missing
                  .map(([token, file]) => `${token} (in ${file})`)
                  .join(', ')}. Add them to ${LIST_NAME}.`,
              ),
            );
          if (unread.length > 0)
            compilation.warnings.push(
              new webpack.WebpackError(
                `${LIST_NAME} lists tokens no style reads (they cost bytes at start): ${unread.join(', ')}`,
              ),
            );
        },
      );
    });
  }
}

module.exports = themeLoader;
module.exports.ThemeTokensCheckPlugin = ThemeTokensCheckPlugin;
module.exports.themeTokenCheck = themeTokenCheck;

/**
 * The build step that ships each Fluent theme as the tokens the pane's styles read: the loader
 * turns a theme module into those values, and the check names a token a style reads that the
 * list leaves out (and a listed one nothing reads).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { webDarkTheme, webLightTheme } from '@fluentui/tokens';

interface ThemeTokensModule {
  (this: { resourcePath: string; addDependency(file: string): void }, source: string): string;
  themeTokenCheck(
    files: Iterable<[string, string]>,
    listed: Set<string>,
  ): { missing: [string, string][]; unread: string[] };
}

// Plain JavaScript run by webpack (scripts/webpack), loaded as webpack loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const themeTokens = require('../../scripts/webpack/fluentThemeTokens.js') as ThemeTokensModule;
const root = path.resolve(__dirname, '../..');
const listed = JSON.parse(readFileSync(path.join(root, 'src/taskpane/app/themes/usedTokens.json'), 'utf8')) as string[];

function load(file: string): Record<string, string | number> {
  const dependencies: string[] = [];
  const source = readFileSync(path.join(root, file), 'utf8');
  const out = themeTokens.call({ resourcePath: file, addDependency: (d) => dependencies.push(d) }, source);
  expect(dependencies).toEqual([path.join(root, 'src/taskpane/app/themes/usedTokens.json')]);
  const literal = /export const theme = (\{.*\});/.exec(out)?.[1];
  expect(literal).toBeDefined();
  return JSON.parse(literal ?? '{}') as Record<string, string | number>;
}

describe('the theme loader', () => {
  it("keeps exactly the listed tokens, with the Fluent theme's own values", () => {
    const light = load('src/taskpane/app/themes/light.ts');
    expect(Object.keys(light).sort()).toEqual([...listed].sort());
    for (const [token, value] of Object.entries(light))
      expect(value).toBe(webLightTheme[token as keyof typeof webLightTheme]);
    const dark = load('src/taskpane/app/themes/dark.ts');
    expect(dark.colorNeutralBackground1).toBe(webDarkTheme.colorNeutralBackground1);
    expect(dark.colorNeutralBackground1).not.toBe(light.colorNeutralBackground1);
  });

  it('refuses a theme module that is not one re-export of a Fluent theme', () => {
    const run = (source: string) => () =>
      themeTokens.call({ resourcePath: 'x.ts', addDependency: () => undefined }, source);
    expect(run("export const theme = { colorNeutralBackground1: '#fff' };")).toThrow(/a theme module is one line/);
    expect(run("export { noSuchTheme as theme } from '@fluentui/react-components';")).toThrow(
      /@fluentui\/tokens has no theme named noSuchTheme/,
    );
  });
});

describe('the check of the build', () => {
  it('names a token a style reads that the list leaves out, with the file; a listed token nothing reads', () => {
    const { missing, unread } = themeTokens.themeTokenCheck(
      [
        ['griffel.css', '.a{color:var(--colorNeutralForeground1)}.b{background:var(--colorBrandBackground)}'],
        ['taskpane.js', 'x="var(--colorNeutralForeground1)";y="var(--fui-Switch__indicator)"'],
        ['taskpane.js.map', 'var(--colorPaletteRedForeground3)'],
      ],
      new Set(['colorNeutralForeground1', 'spacingHorizontalS']),
    );
    expect(missing).toEqual([['colorBrandBackground', 'griffel.css']]);
    expect(unread).toEqual(['spacingHorizontalS']);
  });
});

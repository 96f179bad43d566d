/**
 * One Spanish term for "workbook session(s)" wherever the product speaks Spanish — the pane, the
 * sign-in messages, the manifest (and its generator) and the support page: "sesión de libro", as
 * in the product's name "Sesiones de libro". And no "Cerrar sesión" on its own, which Spanish
 * readers take for "sign out".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** A source file without its comments (which may quote the wording they warn against). */
const read = (path: string): string =>
  readFileSync(join(ROOT, path), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

/** The part of `text` from `start` up to `end` (or the end of the text). */
function section(text: string, start: string, end?: string): string {
  const from = text.indexOf(start);
  if (from < 0) throw new Error(`"${start}" not found`);
  const to = end === undefined ? text.length : text.indexOf(end, from + start.length);
  return text.slice(from, to < 0 ? text.length : to);
}

const manifest = read('manifest.xml');
const SPANISH: Record<string, string> = {
  'the pane': read('src/taskpane/i18n/esES.ts'),
  "the pane's error messages": read('src/taskpane/i18n/esESProblems.ts'),
  'the sign-in messages': section(read('src/taskpane/auth/signInStrings.ts'), 'const ES_ES', 'export function'),
  'the manifest': [...manifest.matchAll(/Override Locale="es-ES" Value="([^"]*)"/g)].map((m) => m[1]).join('\n'),
  'the manifest generator': section(read('scripts/manifest/generate.js'), "'es-ES': {", '\n  },'),
  'the support page': section(read('src/server/support/supportContent.ts'), '\n  es: {'),
};

describe('Spanish wording', () => {
  it.each(Object.entries(SPANISH))(
    '%s says "sesión de libro", never "sesión de trabajo" nor the English name',
    (_, text) => {
      expect(text).toMatch(/sesi(ón|ones) de libro/i);
      expect(text).not.toMatch(/sesi(ón|ones) de trabajo/i);
      expect(text).not.toMatch(/Workbook Sessions/i);
    },
  );

  it.each(Object.entries(SPANISH))('%s never says "cerrar sesión" without naming the workbook session', (_, text) => {
    expect(text).not.toMatch(/cerrar\s+(la\s+|las\s+|sus\s+|todas\s+las\s+)?sesi(ón|ones)(?!\s+de\s+libro)/i);
  });

  it('names the product "Sesiones de libro" in the manifest, the pane and the support page', () => {
    expect(manifest).toMatch(
      /<DisplayName DefaultValue="[^"]*">\s*<Override Locale="es-ES" Value="Sesiones de libro( \(dev\))?"\/>/,
    );
    expect(SPANISH['the pane']).toContain("appTitle: 'Sesiones de libro'");
    expect(SPANISH['the support page']).toContain("title: 'Sesiones de libro — ayuda y privacidad'");
  });
});

import { createTimeFormatter, loadStrings, pickLocale } from './locale';
import { LOCALES } from './locales';
import { problemStringsFor } from './ProblemStrings';

describe('pickLocale', () => {
  it.each([
    ['es-ES', 'es-ES'],
    ['es-MX', 'es-ES'],
    ['ES-419', 'es-ES'],
    ['es', 'es-ES'],
    ['en-GB', 'en-US'],
    ['fr-FR', 'en-US'],
    ['est', 'en-US'],
    ['', 'en-US'],
  ])('%p → %s', (language, locale) => {
    expect(pickLocale(language)).toBe(locale);
  });
});

describe('createTimeFormatter', () => {
  const now = (): Date => new Date('2026-03-02T12:00:00Z');

  it('shows the time only for today, localised', () => {
    const iso = '2026-03-02T09:15:00Z';
    const expected = new Intl.DateTimeFormat('es-ES', { timeStyle: 'short' }).format(new Date(iso));
    expect(createTimeFormatter('es-ES', 'es-ES', now)(iso)).toBe(expected);
  });

  it('adds the date for older instants', () => {
    const iso = '2026-02-27T09:15:00Z';
    const expected = new Intl.DateTimeFormat('en-US', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
    expect(createTimeFormatter('en-US', 'en-US', now)(iso)).toBe(expected);
  });

  it('falls back to the chosen locale when the display language is not a valid tag', () => {
    expect(() => createTimeFormatter('xx-!!', 'en-US', now)('2026-03-02T09:15:00Z')).not.toThrow();
  });
});

describe('LOCALES', () => {
  it.each(LOCALES.map((entry) => entry.tag))(
    '%s serves its own tag, and its strings and problem strings are whole',
    async (tag) => {
      expect(pickLocale(tag)).toBe(tag);
      const english = await loadStrings('en-US');
      const strings = await loadStrings(tag);
      expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort());
      expect(Object.keys(problemStringsFor(tag)).sort()).toEqual(Object.keys(problemStringsFor('en-US')).sort());
    },
  );
});

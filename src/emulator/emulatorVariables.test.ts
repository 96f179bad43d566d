import { EMULATOR_VARIABLES, LAUNCHER_VARIABLES } from './emulatorVariables';

const tables = { launcher: LAUNCHER_VARIABLES, emulator: EMULATOR_VARIABLES };

describe('the configuration tables', () => {
  it.each(Object.entries(tables))('%s: each name once, each row described and grouped', (_name, table) => {
    const names = table.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const row of table) {
      expect(row.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(row.description.length).toBeGreaterThan(5);
      expect(row.group).not.toBe('');
    }
  });

  it.each(Object.entries(tables))('%s: every default passes its own check', (_name, table) => {
    for (const row of table.filter((v) => v.default !== undefined)) {
      const problems: string[] = [];
      row.check.parse(row.name, row.default ?? '', problems);
      expect({ name: row.name, problems }).toEqual({ name: row.name, problems: [] });
    }
  });
});

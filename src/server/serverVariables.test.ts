import { SERVER_VARIABLES } from './serverVariables';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const tables = { server: SERVER_VARIABLES };

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

  it('.env.example names every variable, secrets commented out and without a value', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    for (const row of SERVER_VARIABLES) {
      const line = example.split('\n').find((l) => new RegExp(`^(# )?${row.name}=`).test(l));
      expect({ name: row.name, line }).toEqual({ name: row.name, line: expect.any(String) });
      if (row.secret === true) expect(line).toBe(`# ${row.name}=`);
    }
  });
});

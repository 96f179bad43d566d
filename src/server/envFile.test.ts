/** The `.env` format, read by the middle tier and (through the same module) by the npm scripts. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as reader from './envFile';

describe('.env', () => {
  it('reads NAME=value lines, quotes, comments and export, as node --env-file does', () => {
    const text = [
      '# Entra app registration',
      'TENANT_ID=6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5',
      'export CLIENT_ID = c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
      'CLIENT_SECRET="a~b.c#d"   # quoted: the # belongs to the value',
      "PUBLIC_URL='https://addin.contoso.com'",
      'LOG_LEVEL=debug # trailing comment',
      'EMPTY=',
      '',
    ].join('\n');
    expect(reader.parseEnvText(text, '.env')).toEqual({
      TENANT_ID: '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5',
      CLIENT_ID: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
      CLIENT_SECRET: 'a~b.c#d',
      PUBLIC_URL: 'https://addin.contoso.com',
      LOG_LEVEL: 'debug',
      EMPTY: '',
    });
  });

  it('names every malformed line, and never a value', () => {
    const text = [
      'TENANT_ID=abc',
      'CLIENT SECRET=hunter2',
      'CLIENT_SECRET="hunter2',
      'TENANT_ID=def',
      'just words',
    ].join('\r\n');
    let problems: string[] = [];
    try {
      reader.parseEnvText(text, '/srv/app/.env');
    } catch (error) {
      expect(error).toBeInstanceOf(reader.EnvFileError);
      problems = (error as reader.EnvFileError).problems;
      expect((error as Error).message).not.toContain('hunter2');
    }
    expect(problems).toEqual([
      'line 2: expected NAME=value',
      'line 3: the value of CLIENT_SECRET opens a quote that does not close on the same line',
      'line 4: TENANT_ID is set again (first set on line 1)',
      'line 5: expected NAME=value',
    ]);
  });

  it('reads the commented .env.example as it is shipped, with every setting empty', () => {
    const example = join(__dirname, '..', '..', '.env.example');
    const values = reader.parseEnvText(readFileSync(example, 'utf8'), example);
    expect(Object.keys(values)).toEqual(['TENANT_ID', 'CLIENT_ID']);
    expect(Object.values(values).every((v) => v === '')).toBe(true);
  });

  it('lets the environment win over the file, and reads ENV_FILE or ./.env', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbs-env-'));
    writeFileSync(join(dir, '.env'), 'PORT=3000\nLOG_LEVEL=debug\n');
    writeFileSync(join(dir, 'other.env'), 'PORT=4000\n');
    expect(reader.withEnvFile({ LOG_LEVEL: 'warn' }, dir)).toEqual({
      env: { PORT: '3000', LOG_LEVEL: 'warn' },
      file: join(dir, '.env'),
    });
    expect(reader.withEnvFile({ ENV_FILE: 'other.env' }, dir).env.PORT).toBe('4000');
    expect(reader.withEnvFile({}, join(dir, 'nothing-here'))).toEqual({ env: {}, file: undefined });
    expect(() => reader.withEnvFile({ ENV_FILE: 'missing.env' }, dir)).toThrow(
      /ENV_FILE names a file that cannot be read/,
    );
  });
});

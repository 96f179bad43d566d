/**
 * `npm run validate` (Microsoft's online validation) without network: a clear failure, exit 1,
 * bounded in time — never a hang, never a success it did not get. The network is taken away in
 * the script's own process (a preloaded module that fails or silences name resolution), so the
 * test never reaches the internet whatever the machine.
 */
import { join } from 'node:path';
import { ROOT, runScript, sandbox } from './runScript';

const manifest = join(ROOT, 'manifest.xml');
const preload = (name: string): string[] => ['--require', join(__dirname, 'network', name)];

describe('npm run validate', () => {
  it('fails with exit 1 and points to validate:offline when the service cannot be reached', () => {
    const run = runScript(
      'validate.js',
      [manifest],
      { HOME: sandbox().dir },
      { nodeArgs: preload('unreachable.js'), timeoutMs: 30_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Microsoft's manifest validation service could not be used");
    expect(run.stderr).toContain('ENOTFOUND');
    // The service's own sentence and the fetch error meet without doubled punctuation.
    expect(run.stderr).not.toMatch(/[.:;,]\s*[.:;,]/);
    expect(run.stderr).toContain(`npm run validate:offline -- ${manifest}`);
    expect(run.stdout).not.toContain('The manifest is valid');
  });

  it('gives up after VALIDATE_TIMEOUT_SECONDS when the service never answers', () => {
    const run = runScript(
      'validate.js',
      [manifest],
      { HOME: sandbox().dir, VALIDATE_TIMEOUT_SECONDS: '2' },
      { nodeArgs: preload('silent.js'), timeoutMs: 30_000 },
    );
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('(no answer within 2 s)');
  });

  it('refuses a missing file, unknown arguments and a bad timeout with exit 2, before any network', () => {
    const dir = sandbox().dir;
    expect(
      runScript('validate.js', [join(dir, 'none.xml')], { HOME: dir }, { nodeArgs: preload('unreachable.js') }),
    ).toMatchObject({ status: 2, stderr: expect.stringContaining('no such file') });
    expect(
      runScript('validate.js', [manifest, '--fast'], { HOME: dir }, { nodeArgs: preload('unreachable.js') }),
    ).toMatchObject({ status: 2, stderr: expect.stringContaining('unexpected argument "--fast"') });
    expect(
      runScript(
        'validate.js',
        [manifest],
        { HOME: dir, VALIDATE_TIMEOUT_SECONDS: 'forever' },
        { nodeArgs: preload('unreachable.js') },
      ),
    ).toMatchObject({ status: 2 });
  });
});

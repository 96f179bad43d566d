/**
 * The scripts Office developers expect (start:desktop, start:web, stop, dev-server) refuse
 * plainly, with a non-zero exit, where they cannot work: desktop sideloading on Linux, no tenant
 * configured, a bad document URL, a broken .env.
 */
import { createServer, type Server } from 'node:net';
import { runScript, sandbox } from './runScript';

const NO_TENANT = /Missing: TENANT_ID, CLIENT_ID, CLIENT_SECRET \(or CLIENT_CERTIFICATE_FILE\)/;

describe('npm run start:desktop', () => {
  // Excel desktop exists on Windows and macOS; this suite runs on Linux (CI), where it must refuse.
  const onLinux = process.platform === 'linux' ? it : it.skip;

  onLinux('refuses on Linux, pointing to Excel on the web, and exits 1', () => {
    const { dir, envFile } = sandbox();
    const run = runScript('sideload.js', ['desktop'], { HOME: dir, ENV_FILE: envFile });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Excel desktop runs on Windows and macOS only');
    expect(run.stderr).toContain('npm run start:web -- --document');
  });
});

describe('npm run start:web', () => {
  it('needs an https workbook URL (exit 2)', () => {
    const { dir, envFile } = sandbox();
    const missing = runScript('sideload.js', ['web'], { HOME: dir, ENV_FILE: envFile });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('name the workbook to open: npm run start:web -- --document');
    const plain = runScript('sideload.js', ['web', '--document', 'http://contoso.sharepoint.com/Book.xlsx'], {
      HOME: dir,
      ENV_FILE: envFile,
    });
    expect(plain.status).toBe(2);
    expect(plain.stderr).toContain('--document must be the https URL');
  });

  it('says which tenant settings are missing, and how to run without a tenant (exit 1)', () => {
    const { dir, envFile } = sandbox('# nothing yet\nPORT=3456\n');
    const run = runScript(
      'sideload.js',
      ['web', '--document', 'https://contoso.sharepoint.com/sites/Finance/Book.xlsx'],
      { HOME: dir, ENV_FILE: envFile },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(NO_TENANT);
    expect(run.stderr).toContain(`neither in ${envFile} nor in the environment`);
    expect(run.stderr).toContain('npm start (local mode)');
  });

  it('refuses to start when another program holds the port, instead of taking it for the dev server (exit 1)', async () => {
    const other: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const address = other.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const tenant =
        'TENANT_ID=6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5\nCLIENT_ID=a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\nCLIENT_SECRET=not-used\n';
      const { dir, envFile } = sandbox(`${tenant}PORT=${port}\n`);
      const run = runScript('sideload.js', ['web', '--document', 'https://contoso.sharepoint.com/Book.xlsx'], {
        HOME: dir,
        ENV_FILE: envFile,
      });
      expect(run.stderr).toContain(`port ${port} is already held by another program`);
      expect(run.stdout).not.toContain('starting the dev server');
      expect(run.status).toBe(1);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('names the bad line of a broken .env (exit 1)', () => {
    const { dir, envFile } = sandbox('TENANT_ID=6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5\nCLIENT SECRET=abc\n');
    const run = runScript('sideload.js', ['web', '--document', 'https://contoso.sharepoint.com/Book.xlsx'], {
      HOME: dir,
      ENV_FILE: envFile,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('line 2: expected NAME=value');
    expect(run.stderr).not.toContain('abc');
  });
});

describe('npm run dev-server', () => {
  it('without a tenant, names the missing variables and exits 1 before building anything', () => {
    const { dir, envFile } = sandbox('TENANT_ID=6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5\n');
    const run = runScript('dev-server.js', [], { HOME: dir, ENV_FILE: envFile });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Missing: CLIENT_ID, CLIENT_SECRET (or CLIENT_CERTIFICATE_FILE)');
    expect(run.stdout).not.toContain('building');
  });

  it('refuses a missing ENV_FILE rather than running without it', () => {
    const { dir } = sandbox();
    const run = runScript('dev-server.js', [], { HOME: dir, ENV_FILE: `${dir}/nowhere.env` });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ENV_FILE names a file that cannot be read');
  });
});

describe('npm stop', () => {
  it('refuses arguments it does not know (exit 2)', () => {
    const { dir, envFile } = sandbox();
    const run = runScript('sideload.js', ['stop', '--everything'], { HOME: dir, ENV_FILE: envFile });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unexpected argument "--everything"');
  });
});

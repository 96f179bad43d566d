import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { testCertificate } from '../testSupport/selfSignedCert';
import { isNetworkFsType, mountOf, networkFilesystemOf, parseMounts } from './networkFilesystem';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'wbs-mounts-')));
const share = join(root, 'home');
const local = join(root, 'local');
mkdirSync(join(share, 'data'), { recursive: true });
mkdirSync(local, { recursive: true });

/** A mount table as Azure App Service on Linux shows it: its /home is an SMB share. */
const table = [
  'overlay / overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/ABC 0 0',
  'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
  `//10.0.0.4/volume-12-default/abc ${share} cifs rw,relatime,vers=3.1.1,cache=strict 0 0`,
  `/dev/sda1 ${local} ext4 rw,relatime 0 0`,
  'not a mount line',
].join('\n');

describe('network filesystems under the SQLite registry', () => {
  it('knows the network types, and FUSE mounts except the local ones', () => {
    for (const type of ['nfs', 'nfs4', 'cifs', 'smb3', 'fuse.sshfs', 'fuse.blobfuse2', 'fuse.grpcfuse'])
      expect(isNetworkFsType(type)).toBe(true);
    for (const type of ['ext4', 'xfs', 'btrfs', 'overlay', 'tmpfs', 'fuse.fuse-overlayfs', 'fuse.lxcfs'])
      expect(isNetworkFsType(type)).toBe(false);
  });

  it('finds the mount of a file that does not exist yet, through symbolic links, and unescapes mount points', () => {
    const mounts = parseMounts(table);
    expect(mounts).toHaveLength(4);
    expect(mountOf(join(share, 'data', 'registry.sqlite'), mounts)?.fsType).toBe('cifs');
    expect(mountOf(join(share, 'not', 'yet', 'made.sqlite'), mounts)?.fsType).toBe('cifs');
    expect(mountOf(join(local, 'registry.sqlite'), mounts)?.fsType).toBe('ext4');
    expect(mountOf(`${share}-other/registry.sqlite`, mounts)?.fsType).toBe('overlay');
    const link = join(local, 'to-share');
    symlinkSync(join(share, 'data'), link);
    expect(networkFilesystemOf(join(link, 'registry.sqlite'), table)).toBe('cifs');
    expect(parseMounts('server:/export /mnt/with\\040space nfs4 rw 0 0')).toEqual([
      { mountPoint: '/mnt/with space', fsType: 'nfs4' },
    ]);
  });

  it('knows nothing without a mount table', () => {
    expect(networkFilesystemOf(join(share, 'registry.sqlite'), null)).toBeNull();
  });

  describe('at start-up', () => {
    const { certPem, keyPem } = testCertificate();
    const files = join(root, 'tls');
    mkdirSync(files);
    const cert = join(files, 'cert.pem');
    const key = join(files, 'key.pem');
    writeFileSync(cert, certPem);
    writeFileSync(key, keyPem);
    const env = (registry: Record<string, string>): NodeJS.ProcessEnv => ({
      TLS_CERT_FILE: cert,
      TLS_KEY_FILE: key,
      TENANT_ID: '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5',
      CLIENT_ID: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
      CLIENT_SECRET: 's3cret',
      SEALING_KEY: Buffer.alloc(32, 1).toString('base64'),
      ...registry,
    });
    const problemsOf = (variables: NodeJS.ProcessEnv): string[] => {
      try {
        loadConfig(variables, { mountsTable: () => table });
        return [];
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
    };

    it('refuses a SQLite registry on a network share, saying what to do instead', () => {
      expect(problemsOf(env({ REGISTRY_PATH: join(share, 'data', 'registry.sqlite') }))).toEqual([
        expect.stringMatching(
          /^REGISTRY_PATH is on a network filesystem \(cifs\), where SQLite's write-ahead log does not work .*local disk, or use a PostgreSQL database \(REGISTRY_URL\)/,
        ),
      ]);
    });

    it('accepts one on a local disk, in memory, or a PostgreSQL registry whatever REGISTRY_PATH says', () => {
      expect(problemsOf(env({ REGISTRY_PATH: join(local, 'registry.sqlite') }))).toEqual([]);
      expect(problemsOf(env({ REGISTRY_PATH: ':memory:' }))).toEqual([]);
      expect(
        problemsOf(
          env({
            REGISTRY_PATH: join(share, 'registry.sqlite'),
            REGISTRY_URL: 'postgres://wbs:pw@db.contoso.internal/registry',
          }),
        ),
      ).toEqual([]);
    });
  });
});

import { describePostgresUrl } from './openSessionStore';

describe('describePostgresUrl', () => {
  it('names the server and database for logs, never the user or password', () => {
    expect(describePostgresUrl('postgres://wbs:s3cret@db.contoso.internal:6432/registry?sslmode=require')).toBe(
      'db.contoso.internal:6432/registry',
    );
    expect(describePostgresUrl('postgres://wbs:s3cret@db.contoso.internal/registry')).toBe(
      'db.contoso.internal:5432/registry',
    );
    // An unencoded '@' or ':' stays in the password: the last '@' ends it.
    expect(describePostgresUrl('postgres://wbs:s3c@r:et@db.contoso.internal/registry')).toBe(
      'db.contoso.internal:5432/registry',
    );
  });

  it('names the socket folder of a local server', () => {
    expect(describePostgresUrl('postgres:///registry?host=/var/run/postgresql')).toBe(
      '/var/run/postgresql:5432/registry',
    );
    expect(describePostgresUrl('postgresql:///registry?user=wbs&host=%2Ftmp&port=5433')).toBe('/tmp:5433/registry');
  });
});

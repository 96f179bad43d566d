import { addressKey, DEFAULT_CONNECTION_LIMITS, serverTimeouts } from './connectionLimits';

describe('addressKey', () => {
  it('counts IPv4 clients by address, also when IPv4-mapped', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 clients by their /64, however the address is written', () => {
    const key = '2001:db8:85a3:8d3::/64';
    expect(addressKey('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe(key);
    expect(addressKey('2001:0db8:85a3:08d3:0000:0000:0000:0001')).toBe(key);
    expect(addressKey('2001:db8:85a3:8d3::1')).toBe(key);
    expect(addressKey('2001:db8:85a3:8d3::')).toBe(key);
    expect(addressKey('2001:db8:85a3:8d3::5%eth0')).toBe(key);
    expect(addressKey('2001:db8:85a3:8d4::1')).not.toBe(key);
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('1::2:3:4:5:1.2.3.4')).toBe('1:0:2:3::/64');
  });

  it('has one key for a socket without an address', () => {
    expect(addressKey(undefined)).toBe('unknown');
    expect(addressKey('')).toBe('unknown');
  });
});

describe('serverTimeouts', () => {
  it('checks the timeouts often enough that they apply on time', () => {
    expect(serverTimeouts(DEFAULT_CONNECTION_LIMITS)).toEqual({
      headersTimeout: 10_000,
      handshakeTimeout: 10_000,
      connectionsCheckingInterval: 1000,
    });
    expect(serverTimeouts({ ...DEFAULT_CONNECTION_LIMITS, headersTimeoutMs: 1000 }).connectionsCheckingInterval).toBe(
      250,
    );
  });
});

import { createCredentialSealer } from './closeCredential';

describe('close credential sealing', () => {
  it('round-trips a token and never stores it in the clear', () => {
    const sealer = createCredentialSealer('client-secret-1');
    const sealed = sealer.seal('eyJ.graph.token');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('graph');
    expect(sealer.open(sealed)).toBe('eyJ.graph.token');
    expect(sealer.seal('eyJ.graph.token')).not.toBe(sealed);
  });

  it('cannot be opened with another secret, nor when tampered with or malformed', () => {
    const sealed = createCredentialSealer('client-secret-1').seal('token');
    expect(createCredentialSealer('rotated-secret').open(sealed)).toBeUndefined();
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    const sealer = createCredentialSealer('client-secret-1');
    expect(sealer.open(flipped)).toBeUndefined();
    for (const bad of ['', 'v1.', 'v2.abc', 'v1.abc.def', 'token']) expect(sealer.open(bad)).toBeUndefined();
    expect(() => createCredentialSealer('')).toThrow(RangeError);
  });
});

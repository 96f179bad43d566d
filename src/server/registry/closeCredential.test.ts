import { closeCredentialContext, createCredentialSealer } from './closeCredential';

const keyA = Buffer.alloc(32, 0xa);
const keyB = Buffer.alloc(32, 0xb);
const row = { id: 'r1', tenantId: 't', userOid: 'alice', graphSessionId: 'g=1' };
const context = closeCredentialContext(row);

describe('sealing secrets at rest', () => {
  it('round-trips a token and never stores it in the clear', () => {
    const sealer = createCredentialSealer({ current: keyA, previous: null });
    const sealed = sealer.seal('eyJ.graph.token', context);
    expect(sealed).toMatch(/^v2\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('graph');
    expect(sealer.open(sealed, context)).toEqual({ ok: true, value: 'eyJ.graph.token' });
    expect(sealer.seal('eyJ.graph.token', context)).not.toBe(sealed);
  });

  it('opens what the previous key sealed after a rotation, and names an unknown key as such', () => {
    const sealedUnderA = createCredentialSealer({ current: keyA, previous: null }).seal('token', context);
    expect(createCredentialSealer({ current: keyB, previous: keyA }).open(sealedUnderA, context)).toEqual({
      ok: true,
      value: 'token',
    });
    expect(createCredentialSealer({ current: keyB, previous: null }).open(sealedUnderA, context)).toEqual({
      ok: false,
      problem: 'unknownKey',
    });
    // The new key seals from now on.
    const rotated = createCredentialSealer({ current: keyB, previous: keyA });
    expect(
      createCredentialSealer({ current: keyB, previous: null }).open(rotated.seal('next', context), context),
    ).toEqual({ ok: true, value: 'next' });
  });

  it('binds a sealed value to its row, user and Graph session: copied elsewhere it does not open', () => {
    const sealer = createCredentialSealer({ current: keyA, previous: null });
    const sealed = sealer.seal('token', context);
    for (const other of [
      { ...row, id: 'r2' },
      { ...row, userOid: 'mallory' },
      { ...row, tenantId: 't2' },
      { ...row, graphSessionId: 'g=2' },
    ]) {
      expect(sealer.open(sealed, closeCredentialContext(other))).toEqual({ ok: false, problem: 'notAuthentic' });
    }
  });

  it('refuses tampered and malformed values, and keys shorter than 32 bytes', () => {
    const sealer = createCredentialSealer({ current: keyA, previous: null });
    const sealed = sealer.seal('token', context);
    // A character well inside the last part always carries six bits of the sealed bytes
    // (only the final one or two characters of base64 can hold padding bits).
    const at = sealed.length - 10;
    const flipped = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
    expect(sealer.open(flipped, context)).toEqual({ ok: false, problem: 'notAuthentic' });
    for (const bad of ['', 'v2.', 'v1.abc', `v2.${sealed.split('.')[1] ?? ''}.AAAA`, 'v2.a.b.c', 'token'])
      expect(sealer.open(bad, context).ok).toBe(false);
    expect(() => createCredentialSealer({ current: Buffer.alloc(16), previous: null })).toThrow(RangeError);
  });
});

import { clientRequestIdFrom, graphDate, newWorkbookSessionId } from './ids';

describe('workbook session ids', () => {
  it('are long opaque strings that always contain = & % . / +', () => {
    for (let i = 0; i < 200; i++) {
      const id = newWorkbookSessionId('es-ES');
      expect(id.length).toBeGreaterThanOrEqual(300);
      for (const c of ['=', '&', '%', '.', '/', '+']) expect(id).toContain(c);
    }
  });

  it('are unique', () => {
    const ids = new Set(Array.from({ length: 500 }, () => newWorkbookSessionId('en-US')));
    expect(ids.size).toBe(500);
  });
});

describe('Graph dates and client request ids', () => {
  it('formats dates without fractional seconds or zone', () => {
    expect(graphDate(Date.parse('2027-03-01T09:08:07.654Z'))).toBe('2027-03-01T09:08:07');
  });

  it('echoes a sane client-request-id and replaces anything else with a GUID', () => {
    expect(clientRequestIdFrom('7d0a7d3c-58a4-4d3e-9a53-4b0ed52c3b1f')).toBe('7d0a7d3c-58a4-4d3e-9a53-4b0ed52c3b1f');
    expect(clientRequestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(clientRequestIdFrom('bad value\nwith newline')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

import { API_ERROR_STATUS } from '../../../shared/errors';
import { type ApiClientErrorCode } from '../../api/ApiError';
import { ERROR_CAUSES } from './errorCauses';
import { isTransientCode } from './problem';

const codes = Object.keys(ERROR_CAUSES) as ApiClientErrorCode[];

describe('the table of error causes', () => {
  it('has a row for every code of the wire contract and the two the client adds', () => {
    expect([...codes].sort()).toEqual([...Object.keys(API_ERROR_STATUS), 'networkError', 'invalidResponse'].sort());
  });

  it.each(codes)('%s has English and Spanish text, one sentence or more each, and they differ', (code) => {
    const cause = ERROR_CAUSES[code];
    expect(cause['en-US']).toMatch(/^[A-Z].*\.$/);
    expect(cause['es-ES']).toMatch(/^[A-ZÁÉÍÓÚÑ¿].*\.$/);
    expect(cause['es-ES']).not.toBe(cause['en-US']);
    // The text is for people: never the code itself.
    expect(cause['en-US']).not.toContain(code);
    expect(cause['es-ES']).not.toContain(code);
  });

  it.each(codes)('%s offers Try again exactly when the failure passes by itself (as keep-alive assumes)', (code) => {
    expect(ERROR_CAUSES[code].next === 'tryAgain').toBe(isTransientCode(code));
  });

  it('tells the causes Graph reports apart (none of them reads "isn\'t responding")', () => {
    const graphCauses: ApiClientErrorCode[] = [
      'graphThrottled',
      'workbookCannotOpen',
      'workbookAccessDenied',
      'ownWorkbookAccessDenied',
      'wacTokenRefused',
      'workbookRestricted',
      'closeRefused',
      'sessionLost',
      'sessionConflict',
      'unsupportedWorkbook',
      'workbookBusy',
      'upstreamUnavailable',
    ];
    const english = graphCauses.map((code) => ERROR_CAUSES[code]['en-US']);
    expect(new Set(english).size).toBe(graphCauses.length);
    expect(english.filter((text) => text.includes("isn't responding"))).toEqual([
      ERROR_CAUSES.upstreamUnavailable['en-US'],
    ]);
  });

  it('asks for sharing only when the file is someone else’s, and never calls a refused close a refusal to open', () => {
    const asksOwner = codes.filter((code) => ERROR_CAUSES[code]['en-US'].includes('Ask its owner'));
    expect(asksOwner).toEqual(['workbookAccessDenied']);
    expect(ERROR_CAUSES.closeRefused['en-US']).not.toMatch(/permission to open/);
    expect(ERROR_CAUSES.ownWorkbookAccessDenied['es-ES']).not.toContain('propietario');
  });
});

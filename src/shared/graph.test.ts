import { graphErrorCodes } from './graph';

describe('graphErrorCodes', () => {
  it('lists codes from outermost to innermost, lower-cased', () => {
    const body = {
      error: {
        code: 'GenericFileOpenError',
        message: 'The workbook cannot be opened.',
        innerError: { code: 'internalServerErrorUncategorized', innerError: { code: 'GenericFileOpenError' } },
      },
    };
    expect(graphErrorCodes(body)).toEqual([
      'genericfileopenerror',
      'internalservererroruncategorized',
      'genericfileopenerror',
    ]);
  });

  it('accepts the lower-case "innererror" spelling and ignores inner errors without a code', () => {
    expect(graphErrorCodes({ error: { code: 'itemNotFound', innererror: { date: 'x', 'request-id': 'y' } } })).toEqual([
      'itemnotfound',
    ]);
  });

  it('returns nothing for bodies that are not Graph errors', () => {
    expect(graphErrorCodes(undefined)).toEqual([]);
    expect(graphErrorCodes('oops')).toEqual([]);
    expect(graphErrorCodes({ value: [] })).toEqual([]);
  });
});

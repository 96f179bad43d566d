import { parseXdmRequest, xdmEvent } from './xdmWire';
import { readHostChoices, requirementMatrix } from './appContext';
import { dialogUrlWithHostInfo, readDialogRequest } from './dialogHost';
import { readTokenOptions } from './ssoHost';

const valid = {
  _messageType: 0,
  _actionName: 'executeMethod',
  _actionType: 0,
  _conversationId: 'c',
  _correlationId: 3,
  _data: { a: 1 },
};

describe('office.js cross-frame messages', () => {
  it('reads a request office.js posts', () => {
    expect(parseXdmRequest(JSON.stringify(valid))).toEqual({
      ok: true,
      request: { actionName: 'executeMethod', actionType: 0, conversationId: 'c', correlationId: 3, data: { a: 1 } },
    });
  });

  it.each([
    ['an object, not text', valid],
    ['not JSON', '{'],
    ['a JSON array', '[]'],
    ['a response', JSON.stringify({ ...valid, _messageType: 1 })],
    ['no action name', JSON.stringify({ ...valid, _actionName: '' })],
    ['an unknown action type', JSON.stringify({ ...valid, _actionType: 9 })],
    ['a negative correlation id', JSON.stringify({ ...valid, _correlationId: -1 })],
    ['a huge message', JSON.stringify({ ...valid, _data: 'x'.repeat(300_000) })],
  ])('refuses %s', (_name, data) => {
    expect(parseXdmRequest(data).ok).toBe(false);
  });

  it('writes an event as a response "for eventing" on the conversation', () => {
    expect(JSON.parse(xdmEvent('c', 'dialogMessageReceived', 'https://h', { messageType: 12006 }))).toMatchObject({
      _messageType: 1,
      _actionName: 'dialogMessageReceived',
      _conversationId: 'c',
      _responseType: 1,
      _errorCode: 0,
      _data: { messageType: 12006 },
    });
  });
});

describe('host choices and context', () => {
  it('keeps valid choices and replaces the others with defaults', () => {
    expect(
      readHostChoices({
        documentUrl: 'https://x/y.xlsx',
        documentUrlDelayMs: 3000,
        displayLanguage: 'es-ES',
        nestedAppAuth: true,
      }),
    ).toEqual({
      documentUrl: 'https://x/y.xlsx',
      documentUrlDelayMs: 3000,
      displayLanguage: 'es-ES',
      nestedAppAuth: true,
    });
    expect(
      readHostChoices({ documentUrl: 7, documentUrlDelayMs: -1, displayLanguage: '<script>', nestedAppAuth: 'yes' }),
    ).toEqual({ documentUrl: null, documentUrlDelayMs: 0, displayLanguage: 'en-US', nestedAppAuth: false });
    expect(readHostChoices(null).displayLanguage).toBe('en-US');
  });

  it('lists NestedAppAuth only when the host supports it, versions as strings', () => {
    expect(JSON.parse(requirementMatrix({ nestedAppAuth: false }))).not.toHaveProperty('NestedAppAuth');
    expect(JSON.parse(requirementMatrix({ nestedAppAuth: true }))).toMatchObject({
      NestedAppAuth: '1.1',
      ExcelApi: '1.20',
    });
  });
});

describe('getAccessToken options', () => {
  it('keeps the documented options with the right types, from the fields or a JSON payload', () => {
    expect(
      readTokenOptions({
        allowSignInPrompt: true,
        forMSGraphAccess: 'yes',
        authChallenge: 'claims',
        forceConsent: true,
      }),
    ).toEqual({ allowSignInPrompt: true, authChallenge: 'claims' });
    expect(readTokenOptions({ JsonPayload: '{"allowConsentPrompt":true}' })).toEqual({ allowConsentPrompt: true });
    expect(readTokenOptions({ JsonPayload: '{' })).toEqual({});
  });
});

describe('iframe dialogs', () => {
  it('reads the dialog options office.js sends as the event target', () => {
    expect(readDialogRequest({ targetId: JSON.stringify({ url: 'https://a/d.html', width: 150, height: 0 }) })).toEqual(
      { url: 'https://a/d.html', width: 100, height: 1 },
    );
    expect(readDialogRequest({ targetId: '{' })).toBeUndefined();
    expect(readDialogRequest({ targetId: JSON.stringify({ width: 50 }) })).toBeUndefined();
  });

  it('adds the host info to the dialog URL before its fragment', () => {
    expect(dialogUrlWithHostInfo('https://a/d.html?x=1#frag', 'Excel$Web')).toBe(
      'https://a/d.html?x=1&_host_Info=Excel%24Web#frag',
    );
    expect(dialogUrlWithHostInfo('https://a/d.html', 'E')).toBe('https://a/d.html?_host_Info=E');
  });
});

import { API_ERROR_STATUS } from '../../shared/errors';
import { AppError, createAppError } from './AppError';
import { envelopeFor, toAppError } from './errorHandler';

describe('error model', () => {
  it('gives every code the status of the shared contract', () => {
    for (const [code, status] of Object.entries(API_ERROR_STATUS)) {
      expect(createAppError(code as keyof typeof API_ERROR_STATUS).status).toBe(status);
    }
  });

  it('builds the envelope with code, message, request id and the optional fields', () => {
    const envelope = envelopeFor(createAppError('claimsChallenge', { claims: '{"access_token":{}}' }), 'req-1');
    expect(envelope).toEqual({
      error: {
        code: 'claimsChallenge',
        message: expect.any(String),
        requestId: 'req-1',
        claims: '{"access_token":{}}',
      },
    });
  });

  it('maps fastify errors by their code property', () => {
    const fastifyError = (code: string): Error => Object.assign(new Error('whatever text'), { code });
    expect(toAppError(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE')).appError.code).toBe('payloadTooLarge');
    expect(toAppError(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE')).appError.code).toBe('unsupportedMediaType');
    expect(toAppError(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY')).appError.code).toBe('invalidRequest');
    const validation = Object.assign(new Error('body must have required property'), {
      code: 'FST_ERR_VALIDATION',
      validationContext: 'body',
      validation: [{ instancePath: '', params: { missingProperty: 'persistChanges' } }],
    });
    expect(toAppError(validation).appError).toEqual(
      expect.objectContaining({ code: 'invalidRequest', target: '/body/persistChanges' }),
    );
  });

  it('rates any other fastify client error by its status, never as a 500', () => {
    const fastifyError = (code: string, statusCode: number): Error =>
      Object.assign(new Error('text'), { code, statusCode });
    expect(toAppError(fastifyError('FST_ERR_SOMETHING_NEW', 400)).appError.code).toBe('invalidRequest');
    expect(toAppError(fastifyError('FST_ERR_MAX_PARAM_LENGTH', 414)).appError.code).toBe('invalidRequest');
    expect(toAppError(fastifyError('FST_ERR_CTP_INVALID_TYPE', 415)).appError.code).toBe('unsupportedMediaType');
    expect(toAppError(fastifyError('FST_ERR_CTP_SOMETHING', 413)).appError.code).toBe('payloadTooLarge');
    // Only fastify's own codes: another library's statusCode does not make its failure the client's.
    expect(toAppError(fastifyError('UND_ERR_RESPONSE_STATUS_CODE', 404)).unexpected).toBe(true);
    expect(toAppError(fastifyError('FST_ERR_ASYNC_CONSTRAINT', 500)).unexpected).toBe(true);
  });

  it('turns anything unknown into internalError with a generic message and no stack in the envelope', () => {
    const { appError, unexpected } = toAppError(new TypeError('secret internals at /srv/app.js:12'));
    expect(unexpected).toBe(true);
    expect(appError.code).toBe('internalError');
    expect(appError.status).toBe(500);
    const wire = JSON.stringify(envelopeFor(appError, 'r'));
    expect(wire).not.toContain('secret internals');
    expect(wire).not.toContain('.js:');
  });

  it('keeps AppErrors as they are', () => {
    const error = new AppError('sessionNotFound');
    expect(toAppError(error)).toEqual({ appError: error, unexpected: false });
  });
});

import { loggedPath, LOG_SERIALIZERS, MAX_LOGGED_PATH_LENGTH } from './log';

describe('loggedPath', () => {
  it('drops the query string and the fragment', () => {
    expect(loggedPath('/api/sessions?access_token=eyJhbGciOi.x.y')).toBe('/api/sessions');
    expect(loggedPath('/taskpane.html#code=abc')).toBe('/taskpane.html');
    expect(loggedPath('/a?b#c')).toBe('/a');
    expect(loggedPath('/api/sessions')).toBe('/api/sessions');
  });

  it('cuts very long paths', () => {
    const logged = loggedPath(`/${'x'.repeat(5000)}`);
    expect(logged).toHaveLength(MAX_LOGGED_PATH_LENGTH + 1);
    expect(logged.endsWith('…')).toBe(true);
  });
});

describe('the request serializer', () => {
  it('logs method, path, address and port, never the query', () => {
    expect(
      LOG_SERIALIZERS.req({
        method: 'GET',
        url: '/api/sessions?token=secret',
        ip: '10.0.0.7',
        socket: { remotePort: 5123 },
      }),
    ).toEqual({
      method: 'GET',
      url: '/api/sessions',
      remoteAddress: '10.0.0.7',
      remotePort: 5123,
    });
  });
});

import {
  boolean,
  count,
  hostName,
  httpsUrl,
  list,
  milliseconds,
  oneOf,
  optional,
  port,
  seconds,
  tableReader,
  variable,
  type Check,
} from './configTable';

function parsed<T>(check: Check<T>, text: string): { value: T; problems: string[] } {
  const problems: string[] = [];
  return { value: check.parse('X', text, problems), problems };
}

describe('the shared configuration checks', () => {
  it.each([
    ['a port', port(), '0', 0],
    ['a port', port(), '65535', 65535],
    ['a duration in seconds, as milliseconds', seconds(2, 3600), '60', 60_000],
    ['a duration in milliseconds', milliseconds(100, 3_600_000), '5000', 5000],
    ['a count', count, '0', 0],
    ['a boolean, in any case', boolean, 'TRUE', true],
    ['one of a list, lower-cased', oneOf(['info', 'debug']), 'DEBUG', 'debug'],
    ['a host name', hostName, '0.0.0.0', '0.0.0.0'],
    ['a list, split on commas and spaces', list(/^[a-z]+$/, 'list of words'), 'a, b c', ['a', 'b', 'c']],
    ['an https origin, without its trailing slash', httpsUrl('origin'), 'https://contoso.com/', 'https://contoso.com'],
    ['an https URL with a path', httpsUrl('path'), 'https://graph.contoso.com/v1.0/', 'https://graph.contoso.com/v1.0'],
    [
      'an https URL with a query',
      httpsUrl('any'),
      'https://cdn.contoso.com/o.js?v=1',
      'https://cdn.contoso.com/o.js?v=1',
    ],
    ['nothing, for an optional value', optional(port(1)), '', null],
  ])('accepts %s', (_what, check: Check<unknown>, text, value) => {
    expect(parsed(check, text)).toEqual({ value, problems: [] });
  });

  it.each([
    [port(), '70000', 'X must be a port number from 0 to 65535 (got "70000").'],
    [port(1), '0', 'X must be a port number from 1 to 65535 (got "0").'],
    [port(), '80 ', 'X must be a port number from 0 to 65535 (got "80 ").'],
    [seconds(60, 3600, ': why'), '30', 'X must be a whole number of seconds from 60 to 3600: why (got "30").'],
    [seconds(1, 3600), '1.5', 'X must be a whole number of seconds from 1 to 3600 (got "1.5").'],
    [milliseconds(100, 3_600_000), '5s', 'X must be a whole number of milliseconds from 100 to 3600000 (got "5s").'],
    [count, '-1', 'X must be an integer from 0 (no limit) to 1000000 (got "-1").'],
    [boolean, 'yes', 'X must be true or false (got "yes").'],
    [oneOf(['otlp', 'none']), 'grpc', 'X must be one of otlp, none (got "grpc").'],
    [hostName, 'a b', 'X must be a host name or IP address (got "a b").'],
    [list(/^[a-z]+$/, 'list of words'), 'a, B', 'X must be a list of words (bad entry: "B").'],
    [httpsUrl('any'), 'http://contoso.com', 'X must be an https URL (got "http://contoso.com").'],
    [httpsUrl('any'), 'https://user:pw@contoso.com', 'X must be an https URL (got "https://user:pw@contoso.com").'],
    [
      httpsUrl('origin'),
      'https://contoso.com/x',
      'X must be an https origin without path, query or fragment (got "https://contoso.com/x").',
    ],
    [
      httpsUrl('path'),
      'https://contoso.com/x?y',
      'X must be an https URL without query or fragment (got "https://contoso.com/x?y").',
    ],
  ])('refuses a bad value with one line naming the variable (%#)', (check: Check<unknown>, text, line) => {
    expect(parsed(check, text).problems).toEqual([line]);
  });
});

describe('tableReader', () => {
  it('reads through the table: the trimmed value, else the default, and refuses a name not in it', () => {
    const table = [variable('A_PORT', port(), { default: '80', group: 'g', description: 'a port' })] as const;
    const problems: string[] = [];
    const reader = tableReader(table, { A_PORT: ' 8080 ' }, problems);
    expect(reader.value('A_PORT')).toBe(8080);
    expect(tableReader(table, { A_PORT: '  ' }, problems).value('A_PORT')).toBe(80);
    expect(problems).toEqual([]);
    const unchecked = reader.text as (name: string) => string;
    expect(() => unchecked('OTHER')).toThrow(/OTHER is not in the configuration table/);
  });
});

import { OFFICE_JS_CDN_URL } from '../config';
import { securityHeaders } from './securityHeaders';

const directive = (csp: string | undefined, name: string): string => (csp ?? '').split('; ').find((d) => d.startsWith(`${name} `)) ?? '';

describe('the task pane\'s Content-Security-Policy', () => {
  it('in production allows scripts and fetches from the page and Microsoft\'s office.js CDN only', () => {
    const csp = securityHeaders(OFFICE_JS_CDN_URL)['content-security-policy'];
    expect(directive(csp, 'script-src')).toBe("script-src 'self' https://appsforoffice.microsoft.com");
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' https://appsforoffice.microsoft.com");
  });

  it('in local mode adds the host bridge\'s origin once, and lets the emulated host frame the pane', () => {
    const csp = securityHeaders('https://localhost:3100/lib/1/hosted/office.js', 'https://localhost:3100/_host/naa-bridge.js')['content-security-policy'];
    expect(directive(csp, 'script-src')).toBe("script-src 'self' https://localhost:3100");
    expect(directive(csp, 'frame-ancestors')).toContain('https://localhost:3100');
    const apart = securityHeaders('https://localhost:3200/lib/1/hosted/office.js', 'https://localhost:3100/_host/naa-bridge.js')['content-security-policy'];
    expect(directive(apart, 'script-src')).toBe("script-src 'self' https://localhost:3200 https://localhost:3100");
    expect(directive(apart, 'connect-src')).toBe("connect-src 'self' https://localhost:3200 https://localhost:3100");
  });
});

/**
 * A small W3C WebDriver client (https://www.w3.org/TR/webdriver2/) for WebKitWebDriver: the
 * commands the WebKit driver needs, over HTTP on loopback. Ours rather than webdriverio's
 * `webdriver` package, whose current major needs Node.js 22 and whose previous one installs
 * Edge- and geckodriver downloaders; this project supports Node.js 20 and downloads no browser.
 */
import { request } from 'node:http';

/** The key of an element reference in WebDriver's JSON (https://www.w3.org/TR/webdriver2/#elements). */
export const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
export type ElementRef = { [ELEMENT_KEY]: string };

export class WebDriverError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`WebDriver ${code}: ${message}`);
  }
}

export class WebDriverClient {
  private constructor(
    private readonly port: number,
    readonly sessionId: string,
  ) {}

  static async newSession(port: number, capabilities: Record<string, unknown>): Promise<WebDriverClient> {
    const created = await call<{ sessionId: string }>(port, 'POST', '/session', {
      capabilities: { alwaysMatch: capabilities },
    });
    return new WebDriverClient(port, created.sessionId);
  }

  command<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return call<T>(
      this.port,
      method,
      `/session/${this.sessionId}${path}`,
      body ?? (method === 'POST' ? {} : undefined),
    );
  }

  navigate = (url: string): Promise<void> => this.command('POST', '/url', { url });
  refresh = (): Promise<void> => this.command('POST', '/refresh');
  execute = <T>(script: string, args: unknown[] = []): Promise<T> =>
    this.command('POST', '/execute/sync', { script, args });
  /** Enters a frame (an element reference) or, with null, goes back to the top-level document. */
  switchToFrame = (frame: ElementRef | null): Promise<void> => this.command('POST', '/frame', { id: frame });
  windowHandle = (): Promise<string> => this.command('GET', '/window');
  windowHandles = (): Promise<string[]> => this.command('GET', '/window/handles');
  switchToWindow = (handle: string): Promise<void> => this.command('POST', '/window', { handle });
  clickElement = (element: ElementRef): Promise<void> => this.command('POST', `/element/${element[ELEMENT_KEY]}/click`);
  screenshot = (): Promise<string> => this.command('GET', '/screenshot');
  setWindowRect = (rect: { width: number; height: number }): Promise<void> =>
    this.command('POST', '/window/rect', rect);
  async pressKey(key: string): Promise<void> {
    await this.command('POST', '/actions', {
      actions: [
        {
          type: 'key',
          id: 'keyboard',
          actions: [
            { type: 'keyDown', value: key },
            { type: 'keyUp', value: key },
          ],
        },
      ],
    });
    await this.command('DELETE', '/actions');
  }
  deleteSession = (): Promise<void> => this.command('DELETE', '');
}

function call<T>(port: number, method: string, path: string, body?: unknown): Promise<T> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers:
          data === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: { value?: unknown };
          try {
            parsed = JSON.parse(text || '{}') as { value?: unknown };
          } catch {
            return reject(new WebDriverError('invalid response', `${res.statusCode ?? 0} ${text.slice(0, 200)}`));
          }
          const value = parsed.value as { error?: unknown; message?: unknown } | null | undefined;
          if ((res.statusCode ?? 500) >= 400 || (value && typeof value.error === 'string'))
            return reject(new WebDriverError(String(value?.error ?? res.statusCode), String(value?.message ?? text)));
          resolve(parsed.value as T);
        });
      },
    );
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

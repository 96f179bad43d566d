/**
 * @jest-environment jsdom
 */
// Loading the bundle's entry defines window.Office, finding the emulator from the script's URL.

describe('office-host entry', () => {
  afterEach(() => {
    delete window.Office;
    Reflect.deleteProperty(document, 'currentScript');
  });

  it('defines window.Office when loaded from the emulator', async () => {
    const script = document.createElement('script');
    script.src = 'https://localhost:3100/_host/office.js';
    Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
    await jest.isolateModulesAsync(async () => {
      await import('./index');
    });
    expect(window.Office?.HostType.Excel).toBe('Excel');
    expect(typeof window.Office?.auth.getAccessToken).toBe('function');
  });

  it('leaves window.Office undefined and says why when it cannot tell where it came from', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await jest.isolateModulesAsync(async () => {
      await import('./index');
    });
    expect(window.Office).toBeUndefined();
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('emulator origin'));
    errors.mockRestore();
  });
});

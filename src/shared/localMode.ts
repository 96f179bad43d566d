/**
 * The identity of the add-in in local mode, shared by the emulator (which plays Entra ID and
 * the app registration) and the middle tier's local defaults. None of these is a secret: the
 * local client secret is generated per machine and kept in the ignored `.certs/` folder.
 */
export const LOCAL_MODE = {
  /** The demo tenant (Contoso) the emulator's issuer signs for. */
  tenantId: '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5',
  /** The add-in's app registration (client) id. */
  clientId: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
  addinPort: 3000,
  emulatorPort: 3100,
  /** The scope Office asks for on the add-in's API. */
  addinScope: 'access_as_user',
} as const;

/** The Application ID URI that Office uses as the SSO token's resource. */
export function applicationIdUri(host: string, clientId: string): string {
  return `api://${host}/${clientId}`;
}

/**
 * The sign-in bar's strings, per language. They load with the bar's message (SignInMessage.tsx),
 * only when the user is not signed in, so they are not part of the pane's start JavaScript.
 */
import { type SupportedLocale } from '../i18n/Strings';
import { type SignInFailureCode, type SignInNeed } from './signInState';

export interface SignInStrings {
  /** The bar's title while the person has to act, by what the click obtains. */
  titles: Record<SignInNeed, string>;
  /** The title of a first sign-in; `titles.signIn` is for someone already signed in once. */
  firstSignInTitle: string;
  failedTitles: Record<SignInNeed, string>;
  /** One line each: why the person has to act. */
  explain: { signIn: string; consent: string; verify: string; expired: string };
  cancelled: Record<SignInNeed, string>;
  dialogClosed: (button: string) => string;
  failures: Record<Exclude<SignInFailureCode, 'officeSso' | 'adminConsentRequired'>, string>;
  /** Exactly what the administrator must grant. */
  adminConsent: (permissions: string, clientId: string) => string;
  buttons: Record<SignInNeed, string>;
  tryAgainButton: string;
  /** The button while its step works. */
  busy: Record<SignInNeed, string>;
  /** Announced once (politely) when the click's step succeeded. */
  done: Record<SignInNeed, string>;
}

const EN_US: SignInStrings = {
  titles: { signIn: 'Sign in again', consent: 'Permission needed', verify: "Verify it's you" },
  firstSignInTitle: 'Sign in to use Workbook Sessions',
  failedTitles: {
    signIn: "Couldn't sign you in",
    consent: "Couldn't get your permission",
    verify: "Couldn't verify it's you",
  },
  explain: {
    signIn:
      "Office can't sign you in to this add-in automatically here. Select Sign in to continue in a sign-in window.",
    consent: 'Workbook Sessions needs your permission to open workbook sessions on your files.',
    verify: 'Your organization requires an extra verification step, such as multifactor authentication.',
    expired: 'Your sign-in has expired. Select Sign in to continue.',
  },
  cancelled: {
    signIn: 'Sign-in was canceled. Select Sign in when you are ready.',
    consent: "Permission wasn't granted. Select Grant permission when you are ready.",
    verify: 'Verification was canceled. Select Verify when you are ready.',
  },
  dialogClosed: (button) => `The sign-in window was closed before you finished. Select ${button} to open it again.`,
  failures: {
    dialogBlocked: 'The sign-in window was blocked. Allow pop-up windows for this site, then select Try again.',
    dialogAlreadyOpen: 'A window of this add-in is already open. Close it, then select Try again.',
    dialogPageFailed: "The sign-in page couldn't be loaded. Check your connection, then select Try again.",
    dialogUnavailable: "Office couldn't open the sign-in window. Update Office or contact your administrator.",
    network: "Couldn't reach the sign-in service. Check your connection, then select Try again.",
    identityProvider: 'Microsoft Entra ID refused the sign-in. Select Try again, or contact your administrator.',
  },
  adminConsent: (permissions, clientId) =>
    `Your organization doesn't let users grant this permission. Ask your administrator to grant admin consent to the app ${clientId} for these Microsoft Graph permissions: ${permissions}.`,
  buttons: { signIn: 'Sign in', consent: 'Grant permission', verify: 'Verify' },
  tryAgainButton: 'Try again',
  busy: { signIn: 'Signing in…', consent: 'Waiting for permission…', verify: 'Verifying…' },
  done: { signIn: 'Signed in.', consent: 'Permission granted.', verify: 'Identity verified.' },
};

const ES_ES: SignInStrings = {
  titles: { signIn: 'Vuelva a iniciar sesión', consent: 'Se necesita su permiso', verify: 'Confirme que es usted' },
  firstSignInTitle: 'Inicie sesión para usar Sesiones de libro',
  failedTitles: {
    signIn: 'No se pudo iniciar sesión',
    consent: 'No se pudo obtener su permiso',
    verify: 'No se pudo verificar su identidad',
  },
  explain: {
    signIn:
      'Office no puede iniciar su sesión en este complemento automáticamente aquí. Seleccione Iniciar sesión para continuar en una ventana de inicio de sesión.',
    consent: 'Sesiones de libro necesita su permiso para abrir sesiones de libro en sus archivos.',
    verify: 'Su organización exige un paso de verificación adicional, como la autenticación multifactor.',
    expired: 'Su sesión ha caducado. Seleccione Iniciar sesión para continuar.',
  },
  cancelled: {
    signIn: 'Se canceló el inicio de sesión. Seleccione Iniciar sesión cuando esté listo.',
    consent: 'No se concedió el permiso. Seleccione Conceder permiso cuando esté listo.',
    verify: 'Se canceló la verificación. Seleccione Verificar cuando esté listo.',
  },
  dialogClosed: (button) =>
    `La ventana de inicio de sesión se cerró antes de terminar. Seleccione ${button} para abrirla de nuevo.`,
  failures: {
    dialogBlocked:
      'Se bloqueó la ventana de inicio de sesión. Permita las ventanas emergentes de este sitio y seleccione Reintentar.',
    dialogAlreadyOpen: 'Ya hay una ventana de este complemento abierta. Ciérrela y seleccione Reintentar.',
    dialogPageFailed: 'No se pudo cargar la página de inicio de sesión. Compruebe la conexión y seleccione Reintentar.',
    dialogUnavailable:
      'Office no pudo abrir la ventana de inicio de sesión. Actualice Office o póngase en contacto con su administrador.',
    network: 'No se pudo conectar con el servicio de inicio de sesión. Compruebe la conexión y seleccione Reintentar.',
    identityProvider:
      'Microsoft Entra ID rechazó el inicio de sesión. Seleccione Reintentar o póngase en contacto con su administrador.',
  },
  adminConsent: (permissions, clientId) =>
    `Su organización no permite que los usuarios concedan este permiso. Pida a su administrador que conceda el consentimiento de administrador a la aplicación ${clientId} para estos permisos de Microsoft Graph: ${permissions}.`,
  buttons: { signIn: 'Iniciar sesión', consent: 'Conceder permiso', verify: 'Verificar' },
  tryAgainButton: 'Reintentar',
  busy: { signIn: 'Iniciando sesión…', consent: 'Esperando su permiso…', verify: 'Verificando…' },
  done: { signIn: 'Sesión iniciada.', consent: 'Permiso concedido.', verify: 'Identidad verificada.' },
};

export function signInStringsFor(locale: SupportedLocale): SignInStrings {
  return locale === 'es-ES' ? ES_ES : EN_US;
}

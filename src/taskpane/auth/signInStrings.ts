/**
 * The sign-in bar's strings, per language. They load with the bar's message (SignInMessage.tsx),
 * only when the user is not signed in, so they are not part of the pane's start JavaScript.
 */
import { type SupportedLocale } from '../i18n/Strings';
import { type InteractionReason, type SignInFailureCode } from './signInState';

export interface SignInStrings {
  needsTitle: string;
  reasons: Record<InteractionReason, string>;
  failedTitle: string;
  failures: Record<Exclude<SignInFailureCode, 'officeSso' | 'adminConsentRequired'>, string>;
  /** Exactly what the administrator must grant. */
  adminConsent: (permissions: string, clientId: string) => string;
  signInButton: string;
  consentButton: string;
  verifyButton: string;
  tryAgainButton: string;
  /** Why actions are unavailable while signed out (their accessible description). */
  actionsUnavailable: string;
}

const EN_US: SignInStrings = {
  needsTitle: 'Sign in to use Workbook Sessions',
  reasons: {
    signIn:
      "Office can't sign you in to this add-in automatically here. Select Sign in to continue in a sign-in window.",
    signInCancelled: 'Sign-in was canceled. Select Sign in when you are ready.',
    dialogClosed: 'The sign-in window was closed before you finished. Select Sign in to open it again.',
    consentRequired:
      'The add-in needs your permission to open workbook sessions on your files. Select Grant permission to review and accept.',
    claimsChallenge:
      'Your organization requires an extra verification step, such as multifactor authentication. Select Verify to continue.',
    signInExpired: 'Your sign-in has expired. Select Sign in to continue.',
  },
  failedTitle: "Couldn't sign you in",
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
  signInButton: 'Sign in',
  consentButton: 'Grant permission',
  verifyButton: 'Verify',
  tryAgainButton: 'Try again',
  actionsUnavailable: 'Unavailable until you sign in.',
};

const ES_ES: SignInStrings = {
  needsTitle: 'Inicie sesión para usar Sesiones de libro',
  reasons: {
    signIn:
      'Office no puede iniciar su sesión en este complemento automáticamente aquí. Seleccione Iniciar sesión para continuar en una ventana de inicio de sesión.',
    signInCancelled: 'Se canceló el inicio de sesión. Seleccione Iniciar sesión cuando esté listo.',
    dialogClosed:
      'La ventana de inicio de sesión se cerró antes de terminar. Seleccione Iniciar sesión para abrirla de nuevo.',
    consentRequired:
      'El complemento necesita su permiso para abrir sesiones de libro en sus archivos. Seleccione Conceder permiso para revisarlo y aceptarlo.',
    claimsChallenge:
      'Su organización exige un paso de verificación adicional, como la autenticación multifactor. Seleccione Verificar para continuar.',
    signInExpired: 'Su sesión ha caducado. Seleccione Iniciar sesión para continuar.',
  },
  failedTitle: 'No se pudo iniciar sesión',
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
  signInButton: 'Iniciar sesión',
  consentButton: 'Conceder permiso',
  verifyButton: 'Verificar',
  tryAgainButton: 'Reintentar',
  actionsUnavailable: 'No disponible hasta que inicie sesión.',
};

export function signInStringsFor(locale: SupportedLocale): SignInStrings {
  return locale === 'es-ES' ? ES_ES : EN_US;
}

/**
 * The one table of what went wrong: for every code the middle tier (src/shared/errors.ts) or the
 * API client can report, what the person reads, in each language, and the one next step the
 * error bar offers. The text names the cause and says what to do; the bar adds the wait the
 * service asked for and, for `tryAgain`, the button. Loaded with the error bar, not at start.
 *
 * Graph's failures reach here already classified by the middle tier from Graph's error codes
 * (https://learn.microsoft.com/en-us/graph/workbook-error-codes). A close that finds its session
 * lost or already ended is no error at all: the row leaves with the "had already ended" notice.
 */
import { type ApiClientErrorCode } from '../../api/ApiError';
import { type SupportedLocale } from '../../i18n/Strings';

/** What the bar offers: `tryAgain` redoes the action (after the wait, if any); `none` leaves only Dismiss. */
export type NextStep = 'tryAgain' | 'none';

export type ErrorCause = { next: NextStep } & Record<SupportedLocale, string>;

const serviceUnsupported: Record<SupportedLocale, string> = {
  'en-US': "The add-in's service doesn't support this request. The add-in may need an update.",
  'es-ES': 'El servicio del complemento no admite esta solicitud. Puede que haya que actualizar el complemento.',
};

export const ERROR_CAUSES: Readonly<Record<ApiClientErrorCode, ErrorCause>> = {
  // Signing in (the sign-in bar usually answers these before any action fails).
  missingToken: {
    next: 'none',
    'en-US': "Office didn't provide a sign-in token. Reload the add-in.",
    'es-ES': 'Office no proporcionó un token de inicio de sesión. Vuelva a cargar el complemento.',
  },
  invalidToken: {
    next: 'none',
    'en-US':
      "The add-in's service didn't accept your sign-in. Reload the add-in; if this keeps happening, contact your administrator.",
    'es-ES':
      'El servicio del complemento no aceptó su inicio de sesión. Vuelva a cargar el complemento; si sigue ocurriendo, póngase en contacto con su administrador.',
  },
  tenantNotAllowed: {
    next: 'none',
    'en-US':
      "Your organization isn't set up to use this add-in. Ask your IT administrator to add your organization to the add-in, or sign in to Office with a work or school account of an organization that uses it.",
    'es-ES':
      'Su organización no está configurada para usar este complemento. Pida a su administrador de TI que agregue su organización al complemento, o inicie sesión en Office con una cuenta profesional o educativa de una organización que lo use.',
  },
  unauthorizedClient: {
    next: 'none',
    'en-US':
      "The add-in's service doesn't accept sign-ins from the app that signed you in. Contact your administrator.",
    'es-ES':
      'El servicio del complemento no acepta inicios de sesión de la aplicación con la que se identificó. Póngase en contacto con su administrador.',
  },
  tokenExpired: {
    next: 'none',
    'en-US': 'Your sign-in expired. Reload the add-in to sign in again.',
    'es-ES': 'Su inicio de sesión ha caducado. Vuelva a cargar el complemento para iniciar sesión de nuevo.',
  },
  claimsChallenge: {
    next: 'none',
    'en-US':
      'Your organization requires an extra sign-in step, such as multifactor authentication. Reload the add-in to complete it.',
    'es-ES':
      'Su organización exige un paso de inicio de sesión adicional, como la autenticación multifactor. Vuelva a cargar el complemento para completarlo.',
  },
  consentRequired: {
    next: 'none',
    'en-US': "This add-in isn't allowed to use your files. Ask your administrator to grant consent.",
    'es-ES':
      'Este complemento no tiene permiso para usar sus archivos. Pida a su administrador que conceda el consentimiento.',
  },

  // The workbook: whose it is, and what Excel can open.
  workbookAccessDenied: {
    next: 'none',
    'en-US': "You don't have permission to open this workbook in Microsoft 365. Ask its owner to share it with you.",
    'es-ES':
      'No tiene permiso para abrir este libro en Microsoft 365. Pida a su propietario que lo comparta con usted.',
  },
  ownWorkbookAccessDenied: {
    next: 'none',
    'en-US':
      "Microsoft 365 won't open this workbook in the browser, although it's in your own OneDrive. A sensitivity label or a policy of your organization may block it: ask your administrator.",
    'es-ES':
      'Microsoft 365 no abre este libro en el explorador, aunque está en su propio OneDrive. Puede que lo impida una etiqueta de confidencialidad o una directiva de su organización: consulte a su administrador.',
  },
  wacTokenRefused: {
    next: 'none',
    'en-US':
      "Microsoft 365 couldn't start Excel on the web for this workbook, and sessions need it. Your account may not be allowed to use Excel on the web: ask your administrator.",
    'es-ES':
      'Microsoft 365 no pudo iniciar Excel para la Web con este libro, y las sesiones de libro lo necesitan. Puede que su cuenta no tenga permitido usar Excel para la Web: consulte a su administrador.',
  },
  workbookRestricted: {
    next: 'none',
    'en-US': "Your organization's settings don't allow sessions on this workbook. Ask your administrator.",
    'es-ES':
      'La configuración de su organización no permite sesiones de libro en este libro. Consulte a su administrador.',
  },
  workbookNotFound: {
    next: 'none',
    'en-US': "The workbook wasn't found. Check that it's saved in OneDrive for work or school or in SharePoint.",
    'es-ES':
      'No se encontró el libro. Compruebe que está guardado en OneDrive para el trabajo o la escuela o en SharePoint.',
  },
  unsupportedWorkbook: {
    next: 'none',
    'en-US':
      "Sessions can't be opened on this file. Only .xlsx workbooks in OneDrive for work or school or SharePoint are supported.",
    'es-ES':
      'No se pueden abrir sesiones de libro en este archivo. Solo se admiten libros .xlsx de OneDrive para el trabajo o la escuela o de SharePoint.',
  },
  workbookCannotOpen: {
    next: 'none',
    'en-US':
      "Excel couldn't open this workbook: it may be damaged or too large. Try opening it in Excel on the web; if that fails too, open it in the Excel desktop app to repair it or make it smaller.",
    'es-ES':
      'Excel no pudo abrir este libro: puede que esté dañado o sea demasiado grande. Intente abrirlo en Excel para la Web; si tampoco funciona, ábralo en la aplicación de escritorio de Excel para repararlo o reducir su tamaño.',
  },
  workbookBusy: {
    next: 'tryAgain',
    'en-US': 'The workbook is locked for editing by another person or app.',
    'es-ES': 'El libro está bloqueado para edición por otra persona o aplicación.',
  },

  // The session.
  sessionNotFound: {
    next: 'none',
    'en-US': 'This session no longer exists. Select Refresh to update the list.',
    'es-ES': 'Esta sesión de libro ya no existe. Seleccione Actualizar para poner al día la lista.',
  },
  sessionExpired: {
    next: 'none',
    'en-US': 'The session has already ended. Open a new one.',
    'es-ES': 'La sesión de libro ya había terminado. Abra una nueva.',
  },
  sessionLost: {
    next: 'none',
    'en-US':
      "Microsoft 365 lost this session, so it can't be kept open and has left the list. Open a new session if you still need one.",
    'es-ES':
      'Microsoft 365 perdió esta sesión de libro, así que no se puede mantener abierta y ha salido de la lista. Abra una nueva si todavía la necesita.',
  },
  sessionConflict: {
    next: 'none',
    'en-US':
      "Changes made to the workbook elsewhere conflict with this session, so it can't be used any more and has left the list. Open a new session if you still need one.",
    'es-ES':
      'Los cambios hechos en el libro desde otro lugar entran en conflicto con esta sesión de libro, así que ya no se puede usar y ha salido de la lista. Abra una nueva si todavía la necesita.',
  },
  closeRefused: {
    next: 'none',
    'en-US':
      "Microsoft 365 didn't let the add-in close this session. Nothing is lost: it ends by itself after a few minutes without use.",
    'es-ES':
      'Microsoft 365 no dejó que el complemento cerrara esta sesión de libro. No se pierde nada: termina sola tras unos minutos sin uso.',
  },

  // Waits and outages: these pass by themselves, so trying again is the next step.
  rateLimited: {
    next: 'tryAgain',
    'en-US': 'Too many requests in a short time.',
    'es-ES': 'Demasiadas solicitudes en poco tiempo.',
  },
  graphThrottled: {
    next: 'tryAgain',
    'en-US': 'Microsoft 365 is limiting how many requests you can make right now.',
    'es-ES': 'Microsoft 365 está limitando en este momento cuántas solicitudes puede hacer.',
  },
  upstreamUnavailable: {
    next: 'tryAgain',
    'en-US': "Microsoft 365 isn't responding right now.",
    'es-ES': 'Microsoft 365 no responde en este momento.',
  },
  upstreamError: {
    next: 'tryAgain',
    'en-US': 'Microsoft 365 sent an unexpected answer.',
    'es-ES': 'Microsoft 365 envió una respuesta inesperada.',
  },
  serviceUnavailable: {
    next: 'tryAgain',
    'en-US': "The add-in's service is briefly unavailable. Nothing was changed.",
    'es-ES': 'El servicio del complemento no está disponible por un momento. No se ha cambiado nada.',
  },
  requestTimeout: {
    next: 'tryAgain',
    'en-US': "The request took too long to reach the add-in's service. Check your connection.",
    'es-ES': 'La solicitud tardó demasiado en llegar al servicio del complemento. Compruebe la conexión.',
  },
  networkError: {
    next: 'tryAgain',
    'en-US': "Couldn't reach the add-in's service. Check your connection.",
    'es-ES': 'No se pudo conectar con el servicio del complemento. Compruebe la conexión.',
  },
  internalError: {
    next: 'tryAgain',
    'en-US': "Something went wrong in the add-in's service.",
    'es-ES': 'Se produjo un error en el servicio del complemento.',
  },
  invalidResponse: {
    next: 'tryAgain',
    'en-US': "The add-in's service sent an answer the add-in doesn't understand.",
    'es-ES': 'El servicio del complemento envió una respuesta que el complemento no entiende.',
  },

  // The add-in and its service disagree: an update or an administrator is needed.
  invalidRequest: {
    next: 'none',
    'en-US': 'The request was not valid. Reload the add-in.',
    'es-ES': 'La solicitud no era válida. Vuelva a cargar el complemento.',
  },
  payloadTooLarge: {
    next: 'none',
    'en-US': 'The request was too large. Reload the add-in.',
    'es-ES': 'La solicitud era demasiado grande. Vuelva a cargar el complemento.',
  },
  serverMisconfigured: {
    next: 'none',
    'en-US': "The add-in's service isn't set up correctly. Contact your administrator.",
    'es-ES': 'El servicio del complemento no está bien configurado. Póngase en contacto con su administrador.',
  },
  notImplemented: {
    next: 'none',
    'en-US': "This action isn't available yet.",
    'es-ES': 'Esta acción aún no está disponible.',
  },
  routeNotFound: { next: 'none', ...serviceUnsupported },
  methodNotAllowed: { next: 'none', ...serviceUnsupported },
  unsupportedMediaType: { next: 'none', ...serviceUnsupported },
};

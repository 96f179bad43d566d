import { type ProblemStrings } from './ProblemStrings';

const serviceUnsupported =
  'El servicio del complemento no admite esta solicitud. Puede que haya que actualizar el complemento.';

export const esESProblems: ProblemStrings = {
  problemTitle: {
    load: 'No se pudieron cargar sus sesiones de libro',
    open: 'No se pudo abrir la sesión de libro',
    close: (label) => `No se pudo cerrar la sesión de libro en ${label}`,
    refresh: (label) => `No se pudo actualizar la sesión de libro en ${label}`,
    keepAlive: (label) => `No se pudo mantener activa la sesión de libro en ${label}`,
    closeAll: (count) =>
      count === 1 ? 'No se pudo cerrar 1 sesión de libro' : `No se pudieron cerrar ${count} sesiones de libro`,
  },
  apiErrors: {
    missingToken: 'Office no proporcionó un token de inicio de sesión. Vuelva a cargar el complemento.',
    invalidToken:
      'El servicio del complemento no aceptó su inicio de sesión. Vuelva a cargar el complemento; si sigue ocurriendo, póngase en contacto con su administrador.',
    unauthorizedClient:
      'El servicio del complemento no acepta inicios de sesión de la aplicación con la que se identificó. Póngase en contacto con su administrador.',
    tokenExpired: 'Su inicio de sesión ha caducado. Vuelva a cargar el complemento para iniciar sesión de nuevo.',
    claimsChallenge:
      'Su organización exige un paso de inicio de sesión adicional, como la autenticación multifactor. Vuelva a cargar el complemento para completarlo.',
    consentRequired:
      'Este complemento no tiene permiso para usar sus archivos. Pida a su administrador que conceda el consentimiento.',
    workbookAccessDenied:
      'No tiene permiso para abrir este libro en Microsoft 365. Pida a su propietario que lo comparta con usted.',
    invalidRequest: 'La solicitud no era válida. Vuelva a cargar el complemento.',
    sessionNotFound: 'Esta sesión de libro ya no existe. Seleccione Actualizar para poner al día la lista.',
    workbookNotFound:
      'No se encontró el libro. Compruebe que está guardado en OneDrive para el trabajo o la escuela o en SharePoint.',
    unsupportedWorkbook:
      'No se pueden abrir sesiones de libro en este archivo. Solo se admiten libros .xlsx de OneDrive para el trabajo o la escuela o de SharePoint.',
    sessionExpired: 'La sesión de libro ya había terminado. Abra una nueva.',
    workbookBusy: 'Otra persona está usando este libro o está bloqueado para edición.',
    sessionLost: 'Microsoft 365 perdió esta sesión de libro. Abra una nueva; la perdida termina sola en unos minutos.',
    payloadTooLarge: 'La solicitud era demasiado grande. Vuelva a cargar el complemento.',
    rateLimited: 'Demasiadas solicitudes en poco tiempo.',
    upstreamUnavailable: 'Microsoft 365 no responde en este momento.',
    upstreamError: 'Microsoft 365 envió una respuesta inesperada.',
    serviceUnavailable: 'El servicio del complemento no está disponible por un momento. No se ha cambiado nada.',
    requestTimeout: 'La solicitud tardó demasiado en llegar al servicio del complemento. Compruebe la conexión.',
    serverMisconfigured:
      'El servicio del complemento no está bien configurado. Póngase en contacto con su administrador.',
    internalError: 'Se produjo un error en el servicio del complemento.',
    notImplemented: 'Esta acción aún no está disponible.',
    routeNotFound: serviceUnsupported,
    methodNotAllowed: serviceUnsupported,
    unsupportedMediaType: serviceUnsupported,
    networkError: 'No se pudo conectar con el servicio del complemento. Compruebe la conexión.',
    invalidResponse: 'El servicio del complemento envió una respuesta que el complemento no entiende.',
  },
  retryAfter: (time) => `Podrá volver a intentarlo a partir de las ${time}.`,
  sso: {
    signInRequired: 'Inicie sesión en Office para usar este complemento.',
    signInCancelled: 'Se canceló el inicio de sesión. Seleccione Iniciar sesión para volver a intentarlo.',
    restartBrowser:
      'Office no pudo iniciar su sesión. Cierre la sesión de Office, cierre todas las ventanas del explorador y vuelva a intentarlo.',
    retry: 'Otra solicitud de inicio de sesión aún estaba en curso. Vuelva a intentarlo.',
    browserSecurityZones:
      'La configuración de seguridad del explorador bloqueó el inicio de sesión. Coloque su sitio de Microsoft 365 y login.microsoftonline.com en la misma zona de seguridad y vuelva a intentarlo.',
    throttled: 'Office recibió demasiadas solicitudes de inicio de sesión. Espere un minuto y vuelva a intentarlo.',
    addInMisconfigured:
      'El manifiesto del complemento no está bien configurado para el inicio de sesión. Póngase en contacto con su administrador.',
  },
  ssoUnavailableTitle: 'El inicio de sesión único no está disponible',
  ssoUnavailableReasons: {
    officeUnsupported:
      'Esta versión de Office, o la configuración de este complemento, no admite el inicio de sesión único.',
    accountTypeUnsupported:
      'Su tipo de cuenta no es compatible. Inicie sesión en Office con una cuenta profesional o educativa.',
    notAuthorized:
      'Office no está autorizado para iniciar su sesión en este complemento, o se revocó el consentimiento.',
    tokenUnavailable: 'Office no pudo obtener un token de inicio de sesión para el servicio del complemento.',
    platformOrConsent:
      'El inicio de sesión único no es compatible con esta plataforma, o su administrador no ha dado acceso a Microsoft Graph al complemento.',
    officeOutdated:
      'Office es demasiado antiguo para el inicio de sesión único, o hay una copia antigua de su script en caché. Actualice Office o borre la caché del explorador.',
    unknown: 'Office notificó un error de inicio de sesión inesperado.',
  },
  ssoFallbackMissing: 'Este complemento todavía no puede iniciar su sesión de otra forma.',
  unexpectedError: 'Se produjo un error inesperado en el complemento.',
  details: {
    summary: 'Detalles',
    code: (code) => `Código de error: ${code}`,
    requestId: (id) => `Id. de solicitud: ${id}`,
    time: (time) => `Hora: ${time}`,
    copy: 'Copiar los detalles',
    copied: 'Detalles copiados',
  },
  notInOfficeTitle: 'Abra este complemento en Excel',
  notInOffice: {
    officeJsMissing:
      'No se pudo cargar la biblioteca JavaScript de Office. Compruebe la conexión y vuelva a abrir el complemento desde Excel.',
    noHost:
      'Esta página es el complemento Sesiones de libro para Excel. Solo funciona dentro de Excel: ábralo desde la cinta de opciones de Excel.',
    noAuthApi:
      'Esta versión de Office no admite el inicio de sesión único, que este complemento necesita. Actualice Office y vuelva a intentarlo.',
    timeout: 'Office no respondió. Cierre el complemento y vuelva a abrirlo.',
  },
};

import { type ProblemStrings } from './ProblemStrings';

export const esESProblems: ProblemStrings = {
  problemTitle: {
    load: 'No se pudieron cargar sus sesiones de libro',
    open: 'No se pudo abrir la sesión de libro',
    close: (label) => `No se pudo cerrar la sesión de libro en ${label}`,
    refresh: (label) => `No se pudo prolongar la sesión de libro en ${label}`,
    keepAlive: (label) => `No se pudo mantener activa la sesión de libro en ${label}`,
    closeAll: (count) =>
      count === 1 ? 'No se pudo cerrar 1 sesión de libro' : `No se pudieron cerrar ${count} sesiones de libro`,
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

/**
 * The words of the support page, in the languages the add-in speaks. What the page says about
 * data must stay true to the code: the registry's columns (registry/SqliteSessionStore.ts), the
 * Graph scope (GRAPH_SCOPES), where tokens live (auth/graphTokenCache.ts, auth/sharedTokenTier.ts,
 * registry/closeCredential.ts).
 */
export const SUPPORT_LANGUAGES = ['en', 'es'] as const;
export type SupportLanguage = (typeof SUPPORT_LANGUAGES)[number];

export interface SupportText {
  htmlLang: string;
  title: string;
  intro: string;
  whatHeading: string;
  what: string[];
  helpHeading: string;
  helpWithContact: (contact: string) => string;
  helpWithoutContact: string;
  helpDetails: string[];
  dataHeading: string;
  data: string[];
  otherLanguage: string;
}

export const SUPPORT_TEXT: Record<SupportLanguage, SupportText> = {
  en: {
    htmlLang: 'en',
    title: 'Workbook Sessions — help and privacy',
    intro:
      'Workbook Sessions is an Excel add-in that lists the Microsoft Graph workbook sessions it opened for you, and closes them when you ask.',
    whatHeading: 'What it does',
    what: [
      'Open a session on the workbook you are working in (persistent, so changes are saved, or view-only).',
      'See every session it opened for you, with its workbook, mode, age and status, and refresh or close each one, or close them all.',
      'It uses your Microsoft 365 sign-in through Office; there is no separate password.',
    ],
    helpHeading: 'How to get help',
    helpWithContact: (contact) => `Contact ${contact}.`,
    helpWithoutContact: 'Contact your Microsoft 365 administrator: they deployed this add-in for your organisation.',
    helpDetails: [
      'Say what you were doing and when, and copy the “Request ID” shown with any error message: it lets the administrator find what happened in the server log.',
      'If the add-in says your organisation requires consent or an extra sign-in step, your administrator can grant consent or adjust the sign-in policy.',
    ],
    dataHeading: 'What data it touches',
    data: [
      'Workbook contents: none. It never reads or changes cells; it only opens, refreshes and closes workbook sessions.',
      'To find the workbook you have open, it looks up the file by its address and reads the file’s name and its drive and item ids.',
      'For each session it opened, its server stores your organisation’s and your user object ids, the workbook’s ids, name and address, whether changes are kept, the session id Microsoft Graph gave it, and when the session was opened and last used. The record is deleted when the session is closed or has expired.',
      'Sign-in: Office gives the add-in a token that identifies you. The server exchanges it for a Microsoft Graph token allowed to read and write your files (Files.ReadWrite), which it uses only for workbook sessions. Graph tokens stay on the server: in memory until they expire; when several server instances share one PostgreSQL database, also encrypted in that shared token cache, for up to 120 minutes; and, only while a close is in progress, encrypted in its session registry. They are never sent to your browser or written to logs.',
      'The server log records requests (time, path, result, request id), never tokens or workbook contents. The add-in sets no cookies and uses no tracking or analytics.',
    ],
    otherLanguage: 'Español',
  },
  es: {
    htmlLang: 'es',
    title: 'Sesiones de libro — ayuda y privacidad',
    intro:
      'Sesiones de libro es un complemento de Excel que muestra las sesiones de libro de Microsoft Graph que abrió para usted y las cierra cuando se lo pide.',
    whatHeading: 'Qué hace',
    what: [
      'Abre una sesión de libro en el libro en el que trabaja (persistente, para que se guarden los cambios, o de solo lectura).',
      'Muestra todas las sesiones de libro que abrió para usted, con su libro, modo, antigüedad y estado, y permite actualizarlas o cerrarlas una a una o todas a la vez.',
      'Usa su inicio de sesión de Microsoft 365 a través de Office; no hay otra contraseña.',
    ],
    helpHeading: 'Cómo obtener ayuda',
    helpWithContact: (contact) => `Póngase en contacto con ${contact}.`,
    helpWithoutContact:
      'Póngase en contacto con el administrador de Microsoft 365: es quien implementó este complemento en su organización.',
    helpDetails: [
      'Indique qué estaba haciendo y cuándo, y copie el «Id. de solicitud» que aparece con cualquier mensaje de error: permite al administrador encontrar lo ocurrido en el registro del servidor.',
      'Si el complemento indica que su organización requiere consentimiento o un paso de inicio de sesión adicional, el administrador puede conceder el consentimiento o ajustar la directiva de inicio de sesión.',
    ],
    dataHeading: 'Qué datos utiliza',
    data: [
      'Contenido de los libros: ninguno. Nunca lee ni cambia celdas; solo abre, actualiza y cierra sesiones de libro.',
      'Para encontrar el libro que tiene abierto, busca el archivo por su dirección y lee su nombre y sus identificadores de unidad y elemento.',
      'Por cada sesión que abrió, su servidor guarda los identificadores de su organización y de su usuario, los identificadores, el nombre y la dirección del libro, si se conservan los cambios, el identificador de sesión que le dio Microsoft Graph y cuándo se abrió y se usó por última vez. El registro se elimina cuando la sesión se cierra o caduca.',
      'Inicio de sesión: Office entrega al complemento un token que lo identifica. El servidor lo intercambia por un token de Microsoft Graph con permiso para leer y escribir sus archivos (Files.ReadWrite), que solo usa para las sesiones de libro. Los tokens de Graph permanecen en el servidor: en memoria hasta que caducan; cuando varias instancias del servidor comparten una base de datos PostgreSQL, también cifrados en esa caché de tokens compartida, durante un máximo de 120 minutos; y, solo mientras se cierra una sesión, cifrados en su registro de sesiones. Nunca se envían a su explorador ni se escriben en los registros.',
      'El registro del servidor anota las solicitudes (hora, ruta, resultado, id. de solicitud), nunca tokens ni contenido de libros. El complemento no usa cookies ni seguimiento o análisis.',
    ],
    otherLanguage: 'English',
  },
};

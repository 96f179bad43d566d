/**
 * `executeRichApiRequestAsync` (dispatch id 93): the channel office.js uses for the Excel
 * JavaScript API (`Excel.run`) and for its own add-in service calls. The request travels as an
 * array (`ArrayData`: partition, HTTP method, path, headers, body…) and the answer as
 * `[status, headers, body]`.
 *
 * The emulated host plays one call only: office.js announcing, right after `Office.onReady`,
 * that the add-in's command handlers are ready (`AddinInternalService.NotifyActionHandlerReady`),
 * which Excel on the web acknowledges. Any other request — every `Excel.run` — gets a 501 with
 * the error body the Excel API uses, so an add-in sees a clear failure, never an empty success.
 */

export type RichApiAnswer = [status: number, headers: string[], body: string];

const ADDIN_SERVICE = 'Microsoft.InternalService.AddinInternalService';
const ACKNOWLEDGED_METHODS = new Set(['', 'NotifyActionHandlerReady']);

/** The answer to one rich API request (`args.ArrayData` as office.js sent it). */
export function answerRichApi(arrayData: unknown): RichApiAnswer {
  if (isAddinServiceNotification(arrayData))
    return [200, ['Content-Type', 'application/json'], JSON.stringify({ Results: [] })];
  const body = {
    error: {
      code: 'NotImplemented',
      message: 'The emulated Excel on the web does not run Excel JavaScript API requests (Excel.run).',
    },
  };
  return [501, ['Content-Type', 'application/json'], JSON.stringify(body)];
}

function isAddinServiceNotification(arrayData: unknown): boolean {
  if (
    !Array.isArray(arrayData) ||
    arrayData[1] !== 'POST' ||
    arrayData[2] !== 'ProcessQuery' ||
    typeof arrayData[4] !== 'string'
  )
    return false;
  let query: unknown;
  try {
    query = JSON.parse(arrayData[4]);
  } catch {
    return false;
  }
  if (typeof query !== 'object' || query === null) return false;
  const { Actions: actions, ObjectPaths: paths } = query as { Actions?: unknown; ObjectPaths?: unknown };
  if (!Array.isArray(actions) || typeof paths !== 'object' || paths === null) return false;
  const pathList = Object.values(paths as Record<string, unknown>);
  const onlyService =
    pathList.length > 0 &&
    pathList.every((p) => typeof p === 'object' && p !== null && (p as { Name?: unknown }).Name === ADDIN_SERVICE);
  const onlyAcknowledged = actions.every(
    (a) =>
      typeof a === 'object' && a !== null && ACKNOWLEDGED_METHODS.has(String((a as { Name?: unknown }).Name ?? '')),
  );
  return onlyService && onlyAcknowledged;
}

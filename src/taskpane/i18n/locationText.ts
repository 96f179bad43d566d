import { type LocationText } from './Strings';

/** Where a workbook lives, as a row shows it: names of places only, the same in every language. */
export function locationText(where: LocationText): string {
  switch (where.kind) {
    case 'oneDrive':
      return where.folder ? `OneDrive › ${where.folder}` : 'OneDrive';
    case 'site':
      return where.folder ? `${where.site} › ${where.folder}` : where.site;
    case 'other':
      return where.host;
  }
}

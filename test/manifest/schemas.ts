/** Where the official manifest schemas are: MANIFEST_SCHEMAS_DIR when set, else the copy in the repository. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './scriptsApi';

export const BUNDLED_SCHEMAS_DIR = join(ROOT, 'manifest-schemas');

export function requireSchemasDir(): string {
  const dir = process.env.MANIFEST_SCHEMAS_DIR || BUNDLED_SCHEMAS_DIR;
  if (!existsSync(join(dir, 'OfficeAppManifestV1_1.xsd'))) throw new Error(`${dir} has no OfficeAppManifestV1_1.xsd`);
  return dir;
}

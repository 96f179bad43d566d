/** Where the official manifest schemas are (MANIFEST_SCHEMAS_DIR; CI and `npm test` point it at ../shared/manifest-schemas). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function requireSchemasDir(): string {
  const dir = process.env.MANIFEST_SCHEMAS_DIR;
  if (!dir) throw new Error('MANIFEST_SCHEMAS_DIR is not set: point it at the folder holding OfficeAppManifestV1_1.xsd (CI uses ../shared/manifest-schemas).');
  if (!existsSync(join(dir, 'OfficeAppManifestV1_1.xsd'))) throw new Error(`MANIFEST_SCHEMAS_DIR=${dir} has no OfficeAppManifestV1_1.xsd`);
  return dir;
}

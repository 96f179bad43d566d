/**
 * The manifest tooling of scripts/ (plain JavaScript, type-checked on its own) as the tests call
 * it in-process, with the types it documents.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface EnvironmentSettings {
  environment: string;
  kind: 'development' | 'staging' | 'production';
  publicUrl: string;
  clientId: string;
  manifestId: string;
  version: string;
  displayName: string;
  localizedDisplayNames: Record<string, string>;
  providerName: string;
  supportUrl: string;
}

export interface Problem {
  rule: string;
  element: string;
  message: string;
}

export const settingsModule = require('../../scripts/manifest/settings.js') as {
  loadSettings(dir: string, name: string): EnvironmentSettings;
  validateSettings(raw: unknown, name: string): { settings: EnvironmentSettings; problems: string[] };
  compareVersions(a: string, b: string): number;
};

export const generateModule = require('../../scripts/manifest/generate.js') as {
  renderManifest(settings: EnvironmentSettings): string;
};

export const manifestCommand = require('../../scripts/manifest.js') as {
  writeManifest(options: { dir: string; name: string; out?: string }): {
    out: string;
    version: string;
    unchanged: boolean;
  };
  initEnvironment(options: { dir: string; name: string; values: Record<string, string> }): string;
  defaultOutputFor(name: string): string;
};

export const offlineValidator = require('../../scripts/validate-offline.js') as {
  validateManifestFile(
    file: string,
    options?: { development?: boolean; assetsDir?: string; env?: NodeJS.ProcessEnv },
  ): Promise<Problem[]>;
};

/** Test-only: the problems of loading a configuration from variables. */
import { ConfigError, loadConfig } from '../config';

/** The problems `loadConfig` reports for these variables, one line each; none when it loads. */
export function configProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

import { ConfigError, parseConfig } from '../../src/config/load.js';

/** The message of the ConfigError that `text` must produce (as config file `file`); fails otherwise. */
export function configErrorOf(text: string, env: NodeJS.ProcessEnv = {}, file = 'test.yml'): string {
  try {
    parseConfig(text, file, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

import { fileURLToPath } from 'node:url';

/**
 * The model shipped with the plugin. Same relative path from src/commands/_shared (tests,
 * tsx) and lib/commands/_shared (the installed plugin).
 */
export const SHIPPED_MODEL = fileURLToPath(new URL('../../../model/account-score.onnx', import.meta.url));

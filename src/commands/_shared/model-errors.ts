import { SfError } from '@salesforce/core';
import { ModelSourceError } from '../../salesforce/active-model.js';
import { ModelRegistryError } from '../../salesforce/model-registry.js';
import { SettingsUpdateError } from '../../salesforce/update-settings.js';
import { ModelPublishError } from '../../sync/publish-model.js';

/** Runs `fn`; the model registry's own errors become named CLI errors ("Error (ModelPublishError): ..."). */
export async function withModelErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ModelPublishError || e instanceof ModelRegistryError || e instanceof ModelSourceError || e instanceof SettingsUpdateError) {
      throw new SfError(e.message, e.name);
    }
    throw e;
  }
}

/** Converted accounts below which a model trains but its metrics are too noisy to trust. */
export const RELIABLE_POSITIVES = 100;
export const DEFAULT_MIN_POSITIVES = 10;

export interface Sufficiency {
  positives: number;
  accounts: number;
  /** false: refuse to train */
  enough: boolean;
  /** true: train, but warn that the model is unreliable */
  weak: boolean;
  /** converted accounts still needed to reach the minimum (enough=false) or RELIABLE_POSITIVES (weak) */
  moreNeeded: number;
}

/**
 * The data sufficiency check before training: at least `minPositives` converted accounts
 * (and at least one that did not convert), with a warning below RELIABLE_POSITIVES.
 */
export function checkSufficiency(labels: ArrayLike<number>, minPositives = DEFAULT_MIN_POSITIVES): Sufficiency {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] ? 1 : 0;
  const accounts = labels.length;
  const enough = positives >= minPositives && accounts - positives >= minPositives;
  const weak = enough && positives < RELIABLE_POSITIVES;
  const moreNeeded = !enough ? Math.max(0, minPositives - positives) : weak ? RELIABLE_POSITIVES - positives : 0;
  return { positives, accounts, enough, weak, moreNeeded };
}

/** A reason as the Account panel phrases it: "Series B raised: yes (+14)" (whole points). */
export function formatReason(r: { label: string; value: string; points: number }): string {
  const pts = Math.round(r.points);
  return `${r.label}: ${r.value} (${pts >= 0 ? '+' : ''}${pts})`;
}

/** Factors split by direction, each in the given (largest first) order. */
export function splitReasons<T extends { points: number }>(factors: readonly T[]): { up: T[]; down: T[] } {
  return { up: factors.filter((f) => f.points > 0), down: factors.filter((f) => f.points < 0) };
}

/**
 * One line of reasons that keeps what pushes the score up apart from what holds it back:
 * "Up: Series B raised: yes (+14); Employees: 250 (+3) | Down: Persona: (missing) (-2)".
 */
export function formatReasons(factors: readonly { label: string; value: string; points: number }[]): string {
  const { up, down } = splitReasons(factors);
  const part = (name: string, list: typeof factors) => (list.length ? `${name}: ${list.map(formatReason).join('; ')}` : '');
  return [part('Up', up), part('Down', down)].filter(Boolean).join(' | ');
}

/** A reason as the Account panel phrases it: "Series B raised: yes (+14)" (whole points). */
export function formatReason(r: { label: string; value: string; points: number }): string {
  const pts = Math.round(r.points);
  return `${r.label}: ${r.value} (${pts >= 0 ? '+' : ''}${pts})`;
}

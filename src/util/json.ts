/**
 * JSON.parse whose error names what was being read ("metadata account_score.covers",
 * "Account.ndjson:12"), so a bad value is found without a stack trace. A leaf module.
 */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Which documents and files the session-policy picker offers: JSON only (a policy is a JSON document). */

/** A document that can hold a session policy: JSON by language id or by file name. */
export function isPolicyDocument(doc: { languageId: string; fileName: string }): boolean {
  return doc.languageId === 'json' || doc.languageId === 'jsonc' || /\.json$/i.test(doc.fileName);
}

/** The open-file dialog's filter: no "All files" entry, so a `.ts` file cannot be picked by mistake. */
export const POLICY_FILE_FILTERS: Record<string, string[]> = { 'Policy JSON': ['json'] };

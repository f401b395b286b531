/**
 * How findings in documentation are reported. Code in a README is often a sketch (`DurationSeconds=
 * 86400` to show the option), so a team may want docs checked at a lower severity, or not at all.
 * `same` keeps each rule's own severity.
 */
import { DOCS_LANGUAGE_IDS } from './languages';
import type { Finding } from './types';

export const DOCS_SEVERITY_SETTINGS = ['same', 'info', 'warning', 'ignore'] as const;
export type DocsSeverity = (typeof DOCS_SEVERITY_SETTINGS)[number];
export const DEFAULT_DOCS_SEVERITY: DocsSeverity = 'same';

export function isDocsLanguage(languageId: string): boolean {
  return DOCS_LANGUAGE_IDS.includes(languageId);
}

/** The findings of a document with the docs severity applied (unchanged for code files and `same`). */
export function applyDocsSeverity<F extends Finding>(findings: F[], languageId: string, setting: DocsSeverity | undefined): F[] {
  if (!setting || setting === 'same' || !isDocsLanguage(languageId)) return findings;
  if (setting === 'ignore') return [];
  return findings.map((f) => (f.severity === 'info' || f.severity === setting ? f : { ...f, severity: setting }));
}

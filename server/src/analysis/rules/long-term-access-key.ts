import type { Rule } from '../types';

const ACCESS_KEY = /(?<![A-Z0-9])AKIA[A-Z2-7]{16}(?![A-Z0-9])/g;

/**
 * A long-term access key ID (`AKIA…`) in code or config other than the shared credentials file.
 * reference/sts-limits.md: long-term access keys start with AKIA, temporary ones with ASIA.
 * AWS's documentation placeholders (containing EXAMPLE) are not secrets.
 */
export const longTermAccessKeyRule: Rule = {
  id: 'long-term-access-key',
  description: 'A long-term IAM access key ID (AKIA…) written into code or config.',
  limit: 'Long-term access keys start with AKIA (temporary ones with ASIA); they belong in ~/.aws/credentials or a secret store, not in source.',
  defaultSeverity: 'error',
  check(ctx) {
    if (ctx.languageId === 'aws-credentials') return;
    if (!ctx.text.includes('AKIA')) return;
    for (const m of ctx.text.matchAll(ACCESS_KEY)) {
      if (m[0].includes('EXAMPLE')) continue; // AWS documentation placeholders (AKIAIOSFODNN7EXAMPLE, AKIAEXAMPLE…)
      ctx.report({
        offset: m.index,
        length: m[0].length,
        message: `Long-term access key ID ${m[0].slice(0, 8)}… in source: move it to ~/.aws/credentials, a secret store or a role, and rotate it if this was ever committed.`,
      });
    }
  },
};

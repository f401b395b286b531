import type { Rule } from '../types';
import { quote } from '../values';
import { nameOf } from './util';

/**
 * A `file://` document (`--policy file://policy.json`, `--tags file://tags.json`) the checker would not
 * read: outside the workspace (or the folders the CLI checks), not a regular file (a device, a FIFO), or
 * larger than the referenced-file cap (server/src/referencedFiles.ts). Not an AWS limit: it says why the
 * referenced document's own limits (reference/sts-limits.md, "Session policies") were not checked.
 */
export const fileReferenceNotReadRule: Rule = {
  id: 'file-reference-not-read',
  description: 'A file:// reference that is not read (outside the workspace, not a regular file, or too large), so its content is not checked.',
  limit: 'Referenced files are read only inside the workspace (or the checked folders), as regular files of at most 64 KB; the session policy limits (2048 characters) are checked on what is read.',
  defaultSeverity: 'info',
  check(ctx) {
    for (const site of ctx.sites) {
      // The reason is the reader's own words (server/src/referencedFiles.ts): it quotes no content.
      for (const arg of site.args) {
        if (arg.fileRefNotRead === undefined || arg.fileRef === undefined) continue;
        ctx.report({
          offset: arg.value.offset,
          length: Math.max(arg.value.length, 1),
          message: `${nameOf(site, arg, arg.name)} ${quote('file://' + arg.fileRef)} is not checked: ${arg.fileRefNotRead}.`,
        });
      }
    }
  },
};

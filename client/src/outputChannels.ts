/**
 * The names of the extension's output channels. Each says what it logs, so the Output view's list
 * does not show two entries both called "STS Lens".
 */
export const OUTPUT_CHANNELS = {
  /** Credential commands: STS calls, sessions, console links (through the redacting logger). */
  credentials: 'STS Lens: Credentials',
  /** The language client's trace and the language server's log. */
  languageServer: 'STS Lens: Language Server',
} as const;

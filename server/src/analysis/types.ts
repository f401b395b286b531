/**
 * The data model of the analysis core. Extractors turn a document into {@link CallSite}s whose
 * arguments are {@link Value}s with source offsets; rules turn call sites into {@link Finding}s.
 * Offsets are UTF-16 code-unit offsets into the document text (what LSP and JS strings use);
 * they become line/column only at the edge (LSP, CLI).
 */

export type Severity = 'error' | 'warning' | 'info';

/** Where a thing is in the document text. */
export interface Span {
  offset: number;
  length: number;
}

/** The STS operations we know, plus the non-call facts extractors report. */
export type StsApi =
  | 'AssumeRole'
  | 'AssumeRoleWithWebIdentity'
  | 'AssumeRoleWithSAML'
  | 'GetSessionToken'
  | 'GetFederationToken'
  | 'AssumeRoot'
  | 'GetWebIdentityToken';

export type SiteKind =
  | StsApi
  /** An IAM role definition (CloudFormation, Terraform, IAM CreateRole) with its MaxSessionDuration. */
  | 'RoleDefinition'
  /** A console federation sign-in request (`Action=getSigninToken&SessionDuration=...`). */
  | 'ConsoleFederation'
  /** A standalone IAM policy document (a `*.json` policy file). */
  | 'PolicyDocument';

/**
 * A value as the parser sees it. `unknown` means "not a literal" (a variable, a call, an env lookup,
 * an interpolated string): rules say nothing about unknown values.
 */
export type Value = StringValue | NumberValue | BooleanValue | NullValue | ArrayValue | ObjectValue | UnknownValue;

interface ValueBase extends Span {}

export interface StringValue extends ValueBase {
  kind: 'string';
  value: string;
  /**
   * Maps an index into `value` to an offset in the document. Present when the string content can be
   * mapped back (escapes, URL encoding, JSON-in-a-string); when absent, the content starts one
   * character after `offset` (a quoted literal) and maps one to one.
   */
  map?: (index: number) => number;
}

export interface NumberValue extends ValueBase {
  kind: 'number';
  value: number;
  /** The source text of the number, when it differs from String(value) (e.g. `2 * 3600`). */
  raw?: string;
}

export interface BooleanValue extends ValueBase {
  kind: 'boolean';
  value: boolean;
}

export interface NullValue extends ValueBase {
  kind: 'null';
}

export interface ArrayValue extends ValueBase {
  kind: 'array';
  items: Value[];
  /** False when the literal has spreads or other elements we cannot count (`[...more, x]`). */
  complete: boolean;
}

export interface Property {
  /** The key as written (after unquoting). */
  key: string;
  keySpan: Span;
  value: Value;
}

export interface ObjectValue extends ValueBase {
  kind: 'object';
  props: Property[];
  /** False when the literal has spreads or computed keys we cannot resolve. */
  complete: boolean;
  /**
   * How the program turns this object into JSON text when it is sent (a session policy):
   * `compact` for JSON.stringify (the default), `python` for json.dumps (`', '` and `': '`
   * separators, non-ASCII escaped as \uXXXX), `terraform` for jsonencode (compact, `<>&` escaped).
   */
  serialization?: 'compact' | 'python' | 'terraform';
}

export interface UnknownValue extends ValueBase {
  kind: 'unknown';
}

/** An argument of a call site, under its canonical STS API name (`DurationSeconds`, `RoleArn`, ...). */
export interface Argument {
  /** Canonical API parameter name. */
  name: string;
  /** The name as written in the source (`duration_seconds`, `durationSeconds`, `--duration-seconds`). */
  sourceName: string;
  /** Span of the whole `name: value` entry (for removal quick fixes); the key span when there is no value. */
  span: Span;
  keySpan: Span;
  value: Value;
  /**
   * A `file://` path the value is read from (the AWS CLI's `--policy file://policy.json`), as written.
   * The extractor leaves the value unknown; `resolveFileRefs` (extract/fileRefs.ts) reads the file.
   */
  fileRef?: string;
  /** Why the `fileRef` file was not read (outside the workspace, not a regular file, too large). */
  fileRefNotRead?: string;
}

/** How parameter names are spelled in the source, so messages and fixes use the user's spelling. */
export type NameStyle = 'pascal' | 'camel' | 'snake' | 'kebab' | 'query';

export interface CallSite {
  kind: SiteKind;
  /** Span that diagnostics about the call as a whole point at (the callee name, the profile header). */
  span: Span;
  args: Argument[];
  /**
   * True when every argument the call receives is visible here, so a missing required parameter
   * really is missing (a literal object with no spreads, a complete profile).
   */
  argsComplete: boolean;
  nameStyle: NameStyle;
  /**
   * Set when the caller is known to hold role credentials already (role chaining): the profile's
   * source_profile assumes a role, or the SDK client's credentials come from an earlier AssumeRole.
   * The text explains the chain for the message.
   */
  chainedVia?: string;
  /** Where a new argument can be inserted (after the last argument), with the separator to use. */
  insertAt?: {
    offset: number;
    prefix: string;
    suffix: string;
    /** Between a name and its value: `: ` (JS, Go, Ruby), `=` (Python, INI, query), ` ` (shell). Default `: `. */
    assign?: string;
    /** Quote for a string placeholder value. Default `"`; empty for shell words and INI. */
    quote?: string;
  };
  /** A label for messages: the profile name, the role resource name, the function called. */
  label?: string;
  /**
   * The endpoint the call is sent to, when the source sets one (a URL's origin, `--endpoint-url`, an
   * SDK client's endpoint, a profile's `endpoint_url`); `''` when one is set but is not a literal.
   * A call to a server that is not AWS is not checked against AWS's limits (endpoints.ts).
   */
  endpoint?: string;
}

/** A role's MaxSessionDuration known from somewhere (a template in the workspace, a setting). */
export interface RoleFact {
  /** Role name (last segment of the ARN path); ARN when known. */
  roleName: string;
  arn?: string;
  maxSessionDuration: number;
  /** Where the fact came from, for messages: "template.yaml", "setting stsLens.roleMaxDurations". */
  source: string;
}

export interface RoleFacts {
  /** Finds the fact for a role ARN: an exact ARN match first, then a match on the role name. */
  lookup(roleArn: string): RoleFact | undefined;
}

/** Data a quick fix can use to repair a finding. */
export interface FixData {
  /** Replace the finding's range with this text. */
  replacement?: string;
  /** The quick fix's title for `replacement`, when "Replace with …" would not say it (a whole minified policy). */
  title?: string;
  /** Alternative replacements, each with a title ("Set to the role maximum 7200"). */
  alternatives?: { title: string; replacement: string }[];
  /** Remove this span (e.g. the whole `Policy: ...` argument). */
  remove?: Span;
  /** Insert this text at this offset (e.g. a missing required parameter). */
  insert?: { offset: number; text: string };
  [key: string]: unknown;
}

export interface Finding {
  ruleId: RuleId;
  offset: number;
  length: number;
  message: string;
  severity: Severity;
  data?: FixData;
}

export const RULE_IDS = [
  'duration-out-of-range',
  'duration-exceeds-role-max',
  'role-chaining-duration',
  'console-session-duration',
  'max-session-duration-out-of-range',
  'invalid-role-arn',
  'invalid-policy-arn',
  'invalid-session-name',
  'invalid-external-id',
  'invalid-mfa-serial',
  'invalid-token-code',
  'invalid-source-identity',
  'invalid-federation-name',
  'too-many-tags',
  'invalid-tag',
  'transitive-tag-not-in-tags',
  'too-many-policy-arns',
  'session-policy-too-large',
  'session-policy-invalid',
  'unsigned-call-policy',
  'federation-token-without-policy',
  'long-term-access-key',
  'missing-required-parameter',
  'policy-unknown-action',
  'policy-wildcard-matches-nothing',
  'policy-unknown-condition-operator',
  'policy-unknown-condition-key',
  'policy-resource-arn-mismatch',
  'policy-allow-not-action',
  'policy-grants-everything',
  'file-reference-not-read',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** What a rule sees of a document. */
export interface RuleContext {
  readonly text: string;
  readonly languageId: string;
  readonly uri?: string;
  readonly sites: readonly CallSite[];
  readonly roleFacts: RoleFacts;
  report(finding: Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity }): void;
}

export interface Rule {
  id: RuleId;
  /** One line for settings and docs. */
  description: string;
  /** The AWS limit the rule enforces, in plain words, as cited from reference/sts-limits.md. */
  limit: string;
  defaultSeverity: Severity;
  check(ctx: RuleContext): void;
}

/** An extractor turns a document into call sites. It is synchronous: parsers are loaded beforehand. */
export interface Extractor {
  /** Tree-sitter grammars (wasm file names) the extractor needs loaded before it runs. */
  grammars: readonly string[];
  extract(text: string, uri?: string): CallSite[];
}

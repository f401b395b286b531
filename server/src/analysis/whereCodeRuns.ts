/**
 * Where the code of a document runs, guessed from its path, language and imports: a browser or mobile
 * client (anyone holding it can change what it sends), a back end, or a CI runner (trusted hosts).
 * Pure: text and uri in, a verdict with its reason out. The reason is shown to the user, so it names
 * the clue that decided (`imports react`, `.github/workflows/`), never a guess without one.
 */

export type CodeHost = 'front-end' | 'back-end' | 'ci' | 'unknown';

export interface WhereCodeRuns {
  host: CodeHost;
  /** The clue, in words: "imports react", "a GitHub Actions workflow (.github/workflows/)". */
  reason: string;
}

const CI_PATHS: readonly [RegExp, string][] = [
  [/(^|\/)\.github\/workflows\//, 'a GitHub Actions workflow (.github/workflows/)'],
  [/(^|\/)\.gitlab-ci\.ya?ml$/, 'a GitLab CI file (.gitlab-ci.yml)'],
  [/(^|\/)\.circleci\//, 'a CircleCI config (.circleci/)'],
  [/(^|\/)\.buildkite\//, 'a Buildkite pipeline (.buildkite/)'],
  [/(^|\/)Jenkinsfile$/, 'a Jenkinsfile'],
  [/(^|\/)buildspec[^/]*\.ya?ml$/, 'a CodeBuild buildspec'],
  [/(^|\/)azure-pipelines[^/]*\.ya?ml$/, 'an Azure Pipelines file'],
  [/(^|\/)bitbucket-pipelines\.ya?ml$/, 'a Bitbucket Pipelines file'],
];

/** Imports and globals that only exist in a browser or a mobile app. */
const FRONT_END_CODE: readonly [RegExp, string][] = [
  // `from` and `require` apart: one pattern with both alternatives is too large to check for backtracking.
  [/\bfrom\s+['"](react-native|expo)['"/]/, 'imports $1 (a mobile app)'],
  [/\brequire\(\s*['"](react-native|expo)['"]/, 'imports $1 (a mobile app)'],
  [/\bfrom\s+['"](react|react-dom|vue|svelte|@angular\/core|aws-amplify|amazon-cognito-identity-js)['"/]/, 'imports $1'],
  [/\brequire\(\s*['"](react|react-dom|vue|aws-amplify|amazon-cognito-identity-js)['"]/, 'imports $1'],
  [/\bfromCognitoIdentityPool\b/, 'takes credentials from a Cognito identity pool (an app\'s unauthenticated users)'],
  [/\b(window\.location|document\.(getElementById|querySelector|cookie)|localStorage\.|sessionStorage\.)/, 'uses the browser\'s $1'],
];

const FRONT_END_PATH = /(^|\/)(frontend|front-end|browser|webapp|public|static|www|mobile|ios|android)\//i;
const FRONT_END_EXT = /\.(jsx|tsx|vue|svelte|html?)$/i;

/** Signs of server code in JS/TS: Node globals, Lambda handlers, server frameworks. */
const BACK_END_CODE: readonly [RegExp, string][] = [
  [/\bexports\.handler\b|\bexport\s+(const|async\s+function|function)\s+handler\b/, 'exports a Lambda handler'],
  [/\bfrom\s+['"](express|fastify|koa|@nestjs\/core|node:[a-z]+)['"]/, 'imports $1 (server code)'],
  [/\brequire\(\s*['"](express|fastify|koa|fs|child_process|node:[a-z]+)['"]/, 'imports $1 (server code)'],
  [/\bprocess\.env\b/, 'reads process.env (Node.js)'],
];

const BACK_END_PATH = /(^|\/)(backend|back-end|server|api|lambda|functions|infra|scripts|cmd)\//i;

/** Languages that never run in a browser tab or a mobile app as written here. */
const SERVER_LANGUAGES: Record<string, string> = {
  python: 'Python code',
  go: 'Go code',
  java: 'Java code',
  csharp: 'C# code',
  ruby: 'Ruby code',
  powershell: 'a PowerShell script',
  shellscript: 'a shell script',
  terraform: 'Terraform',
  'aws-config': 'an AWS config file',
  'aws-credentials': 'an AWS credentials file',
};

function pathOf(uri: string | undefined): string {
  if (!uri) return '';
  let p = uri.replace(/^file:\/\//, '');
  try {
    p = decodeURIComponent(p);
  } catch {
    /* keep it encoded */
  }
  return p.replace(/\\/g, '/');
}

function firstMatch(text: string, clues: readonly [RegExp, string][]): string | undefined {
  for (const [re, words] of clues) {
    const m = re.exec(text);
    if (m) return words.replace('$1', m.slice(1).find((g) => g !== undefined) ?? '');
  }
  return undefined;
}

export function whereCodeRuns(text: string, languageId: string, uri?: string): WhereCodeRuns {
  const path = pathOf(uri);
  for (const [re, words] of CI_PATHS) if (re.test(path)) return { host: 'ci', reason: words };
  // Code decides before the path: a React component under server/ is still front-end code.
  const front = firstMatch(text, FRONT_END_CODE);
  if (front) return { host: 'front-end', reason: front };
  const back = firstMatch(text, BACK_END_CODE);
  if (back) return { host: 'back-end', reason: back };
  const server = SERVER_LANGUAGES[languageId];
  if (server) return { host: 'back-end', reason: server };
  const name = path.split('/').at(-1) ?? '';
  if (FRONT_END_EXT.test(name)) return { host: 'front-end', reason: `a ${/\.(\w+)$/.exec(name)?.[1]} file` };
  const fp = FRONT_END_PATH.exec(path);
  if (fp) return { host: 'front-end', reason: `it is under ${fp[2]}/` };
  const bp = BACK_END_PATH.exec(path);
  if (bp) return { host: 'back-end', reason: `it is under ${bp[2]}/` };
  return { host: 'unknown', reason: 'nothing in the file says where it runs' };
}

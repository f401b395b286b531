/**
 * unsigned-call-policy follows where the code runs: front-end code (a browser, a mobile app) can drop the
 * policy, so it is an error there; a back end or a CI runner is trusted, so it is information; a file
 * that says nothing keeps the warning. The message names the clue that decided.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAsync } from '../../server/src/analysis/analyze';
import { whereCodeRuns } from '../../server/src/analysis/whereCodeRuns';

const CALL = `const out = await sts.send(new AssumeRoleWithWebIdentityCommand({
  RoleArn: 'arn:aws:iam::123456789012:role/app',
  RoleSessionName: 'web',
  WebIdentityToken: token,
  Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
}));
`;

async function unsigned(text: string, languageId: string, uri: string) {
  const fs = (await analyzeAsync(text, languageId, uri)).filter((f) => f.ruleId === 'unsigned-call-policy');
  assert.equal(fs.length, 1, JSON.stringify(fs));
  return fs[0]!;
}

describe('unsigned-call-policy: severity follows where the code runs', () => {
  it('a React component: error, the message says a browser user can drop the policy and why we think it is front-end', async () => {
    const text = `import React from 'react';\nimport { STSClient, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';\n${CALL}`;
    const f = await unsigned(text, 'typescriptreact', 'file:///repo/src/Upload.tsx');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /not signed/);
    assert.match(f.message, /only when the code sending the request is trusted/);
    assert.match(f.message, /front-end code \(imports react\)/);
    assert.match(f.message, /Restrict the role itself/);
  });

  it('a mobile app (react-native) and a Cognito identity pool are front-end too', () => {
    assert.deepEqual(whereCodeRuns(`import { View } from 'react-native';`, 'javascript', 'file:///m/App.js').host, 'front-end');
    assert.match(whereCodeRuns(`import { View } from 'react-native';`, 'javascript').reason, /mobile/);
    assert.equal(whereCodeRuns('const c = fromCognitoIdentityPool({ identityPoolId });', 'javascript').host, 'front-end');
    assert.equal(whereCodeRuns('x', 'javascript', 'file:///site/public/sts.js').host, 'front-end');
  });

  it('a Lambda handler: information, the policy holds while the back end is trusted', async () => {
    const text = `import { STSClient, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';\nexport const handler = async (event) => {\n${CALL}};\n`;
    const f = await unsigned(text, 'typescript', 'file:///repo/src/issue.ts');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /back-end code \(exports a Lambda handler\)/);
  });

  it('a GitHub Actions workflow step: information, trusted as long as the pipeline is', () => {
    const w = whereCodeRuns('run: aws sts assume-role-with-web-identity --policy file://p.json', 'yaml', 'file:///repo/.github/workflows/deploy.yml');
    assert.deepEqual(w, { host: 'ci', reason: 'a GitHub Actions workflow (.github/workflows/)' });
  });

  it('a file with no clue keeps the warning and says what to do if it runs on a device', async () => {
    const f = await unsigned(CALL, 'typescript', 'file:///repo/src/sts.ts');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /If this code runs in a browser or a mobile app/);
  });

  it('code beats the folder: a React file under server/ is front-end, a Node file under public/ is back-end', () => {
    assert.equal(whereCodeRuns(`import React from 'react';`, 'javascript', 'file:///r/server/x.js').host, 'front-end');
    assert.equal(whereCodeRuns(`const fs = require('fs');`, 'javascript', 'file:///r/public/x.js').host, 'back-end');
  });

  it('the default level as a setting (what VS Code sends when nothing is set) keeps the guess', async () => {
    const text = `import React from 'react';\n${CALL}`;
    const fs = (await analyzeAsync(text, 'typescriptreact', 'file:///r/a.tsx', { severities: { 'unsigned-call-policy': 'warning' } })).filter((f) => f.ruleId === 'unsigned-call-policy');
    assert.equal(fs[0]?.severity, 'error');
  });

  it('another severity setting wins over the guess', async () => {
    const text = `import React from 'react';\n${CALL}`;
    const fs = (await analyzeAsync(text, 'typescriptreact', 'file:///r/a.tsx', { severities: { 'unsigned-call-policy': 'info' } })).filter((f) => f.ruleId === 'unsigned-call-policy');
    assert.equal(fs[0]?.severity, 'info');
  });
});

/** Which server a call goes to: AWS in every partition, or another STS whose limits are its own. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAwsEndpoint, notAwsReason } from '../../server/src/analysis/endpoints';
import type { CallSite } from '../../server/src/analysis/types';

const site = (extra: Partial<CallSite>): CallSite => ({ kind: 'AssumeRole', span: { offset: 0, length: 1 }, args: [], argsComplete: false, nameStyle: 'pascal', ...extra });

describe('endpoints', () => {
  for (const url of ['https://sts.amazonaws.com', 'https://sts.eu-west-1.amazonaws.com/', 'https://sts.cn-north-1.amazonaws.com.cn', 'https://sts.us-gov-west-1.amazonaws.com', 'https://sts-fips.us-east-1.amazonaws.com', 'https://signin.aws.amazon.com/federation', 'https://signin.amazonaws-us-gov.com/federation', 'sts.amazonaws.com']) {
    it(`${url} is AWS`, () => assert.equal(isAwsEndpoint(url), true));
  }
  for (const url of ['http://localhost:9000', 'http://127.0.0.1:7480', 'https://sts.aliyuncs.com', 'https://minio.example.com', 'https://amazonaws.com.evil.example', 'https://sts.amazonaws.com.attacker.io', '']) {
    it(`${url || '(empty)'} is not AWS`, () => assert.equal(isAwsEndpoint(url), false));
  }
  it('a site without an endpoint is judged; one with a run-time endpoint, a foreign one, or an acs:ram role is not', () => {
    assert.equal(notAwsReason(site({})), undefined);
    assert.equal(notAwsReason(site({ endpoint: 'https://sts.amazonaws.com' })), undefined);
    assert.match(notAwsReason(site({ endpoint: '' })) ?? '', /run time/);
    assert.match(notAwsReason(site({ endpoint: 'http://localhost:9000' })) ?? '', /localhost:9000/);
    const acs = { name: 'RoleArn', sourceName: 'RoleArn', span: { offset: 0, length: 1 }, keySpan: { offset: 0, length: 1 }, value: { kind: 'string' as const, value: 'acs:ram::1234567890123456:role/x', offset: 0, length: 1 } };
    assert.match(notAwsReason(site({ args: [acs] })) ?? '', /Alibaba/);
  });
});

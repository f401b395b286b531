'use strict';
// Lambda (Node.js 16, AWS SDK v2) that hands out scoped credentials to the support console.
const AWS = require('aws-sdk');

const sts = new AWS.STS({ apiVersion: '2011-06-15' });
const SUPPORT_ROLE = 'arn:aws:iam::123456789012:role/support-readonly';

const readOnlyPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::support-bundles/*' }],
};

exports.handler = async (event) => {
  const session = await sts
    .assumeRole({
      RoleArn: SUPPORT_ROLE,
      RoleSessionName: 'support-' + event.requestContext.requestId,
      DurationSeconds: 3600,
      Policy: JSON.stringify(readOnlyPolicy),
    })
    .promise();

  const mfa = await sts.getSessionToken({ DurationSeconds: 200000, SerialNumber: event.mfaSerial, TokenCode: '12345' }).promise();

  const federated = await sts.getFederationToken({ Name: 'support-console', DurationSeconds: 7200 }).promise();

  return { session: session.Credentials, mfa: mfa.Credentials, federated: federated.Credentials };
};

exports.webIdentity = (event, callback) => {
  sts.assumeRoleWithWebIdentity(
    {
      RoleArn: SUPPORT_ROLE,
      RoleSessionName: 'web',
      WebIdentityToken: event.token,
      Policy: JSON.stringify(readOnlyPolicy),
    },
    callback,
  );
};

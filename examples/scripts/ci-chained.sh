#!/usr/bin/env bash
# CI: assume the pipeline role, then hop into the target account's deploy role.
set -euo pipefail

PIPELINE_ROLE="arn:aws:iam::111122223333:role/pipeline"
TARGET_ROLE="arn:aws:iam::444455556666:role/deploy"

# aws sts assume-role --role-arn "$PIPELINE_ROLE" --duration-seconds 99999   (old, kept for reference)

creds=$(aws sts assume-role \
  --role-arn "$PIPELINE_ROLE" \
  --role-session-name "ci-${GITHUB_RUN_ID}" \
  --duration-seconds 3600 \
  --tags Key=repo,Value=web Key=run,Value="${GITHUB_RUN_ID}" \
  --transitive-tag-keys repo \
  --query Credentials --output json)

export AWS_ACCESS_KEY_ID=$(jq -r .AccessKeyId <<<"$creds")
export AWS_SECRET_ACCESS_KEY=$(jq -r .SecretAccessKey <<<"$creds")
export AWS_SESSION_TOKEN=$(jq -r .SessionToken <<<"$creds")

deploy=$(aws sts assume-role --role-arn "$TARGET_ROLE" \
  --role-session-name=deploy-web \
  --duration-seconds=7200 \
  --external-id x \
  --query Credentials --output json)

echo "deploying as $(jq -r .AccessKeyId <<<"$deploy")"

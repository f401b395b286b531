#!/bin/sh
# Hand a partner a short-lived, read-only session for the shared bucket.
aws sts get-federation-token \
    --name 'partner upload' \
    --duration-seconds 172800 \
    --policy file://partner-policy.json \
    --region us-east-1

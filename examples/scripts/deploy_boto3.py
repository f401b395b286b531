#!/usr/bin/env python3
"""Deploy the web stack into the production account, then hop into the audit account."""
import json
import logging

import boto3

log = logging.getLogger(__name__)

DEPLOY_ROLE = "arn:aws:iam::111122223333:role/deploy"
AUDIT_ROLE = "arn:aws:iam::444455556666:role/audit-reader"
# Two days: nobody wants the pipeline to expire mid-deploy.
DURATION = 2 * 24 * 3600

SESSION_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["cloudformation:*", "s3:GetObject", "s3:PutObject"],
            "Resource": "*",
        }
    ],
}


def deploy_session(build_id):
    sts = boto3.client("sts", region_name="eu-west-1")
    response = sts.assume_role(
        RoleArn=DEPLOY_ROLE,
        RoleSessionName="deploy run",
        DurationSeconds=DURATION,
        Policy=json.dumps(SESSION_POLICY),
        Tags=[
            {"Key": "project", "Value": "web"},
            {"Key": "build", "Value": build_id},
        ],
        TransitiveTagKeys=["project", "team"],
    )
    return response["Credentials"]


def audit_session(build_id):
    creds = deploy_session(build_id)
    first = boto3.client("sts").assume_role(RoleArn=DEPLOY_ROLE, RoleSessionName="deploy-" + "audit")
    chained = boto3.client(
        "sts",
        aws_access_key_id=first["Credentials"]["AccessKeyId"],
        aws_secret_access_key=first["Credentials"]["SecretAccessKey"],
        aws_session_token=first["Credentials"]["SessionToken"],
    )
    audit = chained.assume_role(RoleArn=AUDIT_ROLE, RoleSessionName="audit", DurationSeconds=7200)
    log.info("audit session until %s", audit["Credentials"]["Expiration"])
    return creds, audit


def break_glass_token():
    session = boto3.session.Session(profile_name="admin")
    sts = session.client("sts")
    return sts.get_session_token(
        DurationSeconds=36 * 3600,
        SerialNumber="arn:aws:iam::111122223333:mfa/ops",
        TokenCode="12345",
    )


def partner_token():
    sts = boto3.client("sts")
    return sts.get_federation_token(Name="partner-upload", DurationSeconds=3600)

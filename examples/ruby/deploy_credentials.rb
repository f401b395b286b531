# frozen_string_literal: true

require 'aws-sdk-core'
require 'aws-sdk-sts'

# Temporary credentials for the deployment pipeline.
module DeployCredentials
  DEPLOY_ROLE = 'arn:aws:iam::123456789012:role/deploy'
  AUDIT_ROLE = 'arn:aws:iam::123456789012:role/audit'
  LONG_SESSION = 13 * 60 * 60

  module_function

  def deploy
    sts = Aws::STS::Client.new(region: 'eu-west-1')
    resp = sts.assume_role(
      role_arn: DEPLOY_ROLE,
      role_session_name: 'nightly deploy',
      duration_seconds: LONG_SESSION,
      tags: [{ key: 'team', value: 'platform' }]
    )
    resp.credentials
  end

  def audit
    deploy_creds = Aws::AssumeRoleCredentials.new(
      client: Aws::STS::Client.new(region: 'eu-west-1'),
      role_arn: DEPLOY_ROLE,
      role_session_name: 'deploy-step'
    )
    chained = Aws::STS::Client.new(credentials: deploy_creds)
    chained.assume_role(role_arn: AUDIT_ROLE, role_session_name: 'audit-step', duration_seconds: 7200)
  end

  def mfa(code)
    Aws::STS::Client.new.get_session_token(
      duration_seconds: 10 * 60,
      serial_number: 'arn:aws:iam::123456789012:mfa/ops',
      token_code: '12345'
    )
    # Aws::STS::Client.new.get_session_token(duration_seconds: 1)
  end

  def federate
    params = { name: 'support-user', duration_seconds: 3600 }
    Aws::STS::Client.new.get_federation_token(**params)
    Aws::STS::Client.new.get_federation_token(name: 'support-user', duration_seconds: 3600)
  end

  def missing_session_name
    Aws::STS::Client.new.assume_role(role_arn: AUDIT_ROLE)
  end
end

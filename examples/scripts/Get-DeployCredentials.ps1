#Requires -Modules AWS.Tools.SecurityToken
<#
.SYNOPSIS
    Temporary credentials for the deployment pipeline.
#>
param(
    [string]$Region = 'eu-west-1'
)

$deployRole = 'arn:aws:iam::123456789012:role/deploy'

# Direct deploy session: 13 hours is more than AssumeRole allows.
$deploy = Use-STSRole -RoleArn $deployRole -RoleSessionName 'nightly deploy' -DurationInSeconds (13 * 3600) `
    -Tag @{ Key = 'team'; Value = 'platform' } -Region $Region

# From here on the shell runs with the deploy role's credentials: assuming the audit role chains.
Set-AWSCredential -Credential $deploy.Credentials
$audit = Use-STSRole -RoleArn arn:aws:iam::123456789012:role/audit -RoleSessionName audit-step -DurationInSeconds 7200

$mfa = @{
    DurationInSeconds = 600
    SerialNumber      = 'arn:aws:iam::123456789012:mfa/ops'
    TokenCode         = '12345'
}
Get-STSSessionToken @mfa -ProfileName ops
# Get-STSSessionToken -DurationInSeconds 1

Get-STSFederationToken -Name support-user -DurationInSeconds 3600

Use-STSWebIdentityRole -RoleArn $deployRole -WebIdentityToken $env:OIDC_TOKEN -Policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'

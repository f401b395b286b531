using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Example.Deploy
{
    /// <summary>Temporary credentials for the deployment pipeline.</summary>
    public sealed class DeployCredentials
    {
        private const string DeployRole = "arn:aws:iam::123456789012:role/deploy";
        private const string AuditRole = "arn:aws:iam::123456789012:role/audit";
        private const int LongSession = 13 * 3600;

        private readonly IAmazonSecurityTokenService _sts = new AmazonSecurityTokenServiceClient();

        public async Task<Credentials> DeployAsync()
        {
            var response = await _sts.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = DeployRole,
                RoleSessionName = "nightly deploy",
                DurationSeconds = LongSession,
                Tags = new List<Tag> { new Tag { Key = "team", Value = "platform" } },
            });
            return response.Credentials;
        }

        public async Task AuditAsync(AWSCredentials baseCredentials)
        {
            var deployCreds = new AssumeRoleAWSCredentials(baseCredentials, DeployRole, "deploy-step");
            var chained = new AmazonSecurityTokenServiceClient(deployCreds);
            await chained.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = AuditRole, RoleSessionName = "audit-step", DurationSeconds = 7200 });
        }

        public async Task MfaAsync()
        {
            var request = new GetSessionTokenRequest();
            request.DurationSeconds = (int)TimeSpan.FromMinutes(10).TotalSeconds;
            request.SerialNumber = "arn:aws:iam::123456789012:mfa/ops";
            request.TokenCode = "12345";
            await _sts.GetSessionTokenAsync(request);
            // await _sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 1 });
        }

        public Task<GetFederationTokenResponse> FederateAsync() =>
            _sts.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "support-user", DurationSeconds = 3600 });

        public Task<AssumeRoleResponse> MissingSessionNameAsync() =>
            _sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = AuditRole });
    }
}

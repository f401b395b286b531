package com.example.deploy;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetFederationTokenRequest;
import software.amazon.awssdk.services.sts.model.GetSessionTokenRequest;
import software.amazon.awssdk.services.sts.model.Tag;

/** Credentials for the deployment pipeline (SDK v2) and the legacy reporting job (SDK v1). */
public final class CrossAccountCredentials {
    private static final String DEPLOY_ROLE = "arn:aws:iam::123456789012:role/deploy";
    private static final String AUDIT_ROLE = "arn:aws:iam::123456789012:role/audit";
    private static final int TWELVE_HOURS = 12 * 60 * 60;

    private final StsClient sts = StsClient.create();

    public AssumeRoleResponse deploy() {
        AssumeRoleRequest request = AssumeRoleRequest.builder()
                .roleArn(DEPLOY_ROLE)
                .roleSessionName("nightly deploy")
                .durationSeconds(TWELVE_HOURS + 1)
                .tags(Tag.builder().key("team").value("platform").build())
                .build();
        return sts.assumeRole(request);
    }

    public AwsCredentialsProvider audit() {
        StsAssumeRoleCredentialsProvider deployCreds = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(DEPLOY_ROLE).roleSessionName("deploy-step"))
                .build();
        StsClient chained = StsClient.builder().credentialsProvider(deployCreds).build();
        chained.assumeRole(r -> r.roleArn(AUDIT_ROLE).roleSessionName("audit-step").durationSeconds(7200));
        return deployCreds;
    }

    public void mfa(String code) {
        sts.getSessionToken(GetSessionTokenRequest.builder()
                .durationSeconds(600)
                .serialNumber("arn:aws:iam::123456789012:mfa/ops")
                .tokenCode("12345")
                .build());
        // sts.getSessionToken(GetSessionTokenRequest.builder().durationSeconds(1).build());
    }

    public void federate() {
        sts.getFederationToken(GetFederationTokenRequest.builder().name("support-user").durationSeconds(3600).build());
    }

    public void missingSessionName() {
        sts.assumeRole(AssumeRoleRequest.builder().roleArn(AUDIT_ROLE).build());
    }

    /** The legacy job still runs on SDK v1. */
    public void legacy(com.amazonaws.services.securitytoken.AWSSecurityTokenService v1) {
        com.amazonaws.services.securitytoken.model.AssumeRoleRequest old =
                new com.amazonaws.services.securitytoken.model.AssumeRoleRequest()
                        .withRoleArn("arn:aws:iam::123456789012:role/reporting")
                        .withRoleSessionName("reporting")
                        .withDurationSeconds(50000);
        v1.assumeRole(old);
    }
}

// Package deploy fetches temporary credentials for the nightly deployment.
package deploy

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

const (
	deployRole  = "arn:aws:iam::123456789012:role/deploy"
	auditRole   = "arn:aws:iam::123456789012:role/audit"
	longSession = 14 * 3600
)

// Deploy assumes the deploy role directly.
func Deploy(ctx context.Context) (*types.Credentials, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	client := sts.NewFromConfig(cfg)
	out, err := client.AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         aws.String(deployRole),
		RoleSessionName: aws.String("nightly deploy"),
		DurationSeconds: aws.Int32(longSession),
		Tags: []types.Tag{
			{Key: aws.String("team"), Value: aws.String("platform")},
		},
	})
	if err != nil {
		return nil, err
	}
	return out.Credentials, nil
}

// Audit chains from the deploy role into the audit role.
func Audit(ctx context.Context, cfg aws.Config) error {
	base := sts.NewFromConfig(cfg)
	deployCreds := stscreds.NewAssumeRoleProvider(base, deployRole, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "deploy-step"
		o.Duration = 90 * time.Minute
	})
	cfg.Credentials = aws.NewCredentialsCache(deployCreds)
	chained := sts.NewFromConfig(cfg)
	_, err := chained.AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         aws.String(auditRole),
		RoleSessionName: aws.String("audit-step"),
		DurationSeconds: aws.Int32(2 * 3600),
	})
	return err
}

// MFA gets a session token with an MFA code.
func MFA(ctx context.Context, client *sts.Client, code string) error {
	_, err := client.GetSessionToken(ctx, &sts.GetSessionTokenInput{
		DurationSeconds: aws.Int32(600),
		SerialNumber:    aws.String("arn:aws:iam::123456789012:mfa/ops"),
		TokenCode:       aws.String("12345"),
	})
	// _, err = client.GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(1)})
	return err
}

// Federate hands a federated user a session; the policy is forgotten.
func Federate(ctx context.Context, client *sts.Client) error {
	_, err := client.GetFederationToken(ctx, &sts.GetFederationTokenInput{
		Name:            aws.String("support-user"),
		DurationSeconds: aws.Int32(3600),
	})
	return err
}

// WebIdentity exchanges an OIDC token; the session name is missing and a policy rides along.
func WebIdentity(ctx context.Context, client *sts.Client, token string) error {
	_, err := client.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn:          aws.String(deployRole),
		WebIdentityToken: aws.String(token),
		Policy:           aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`),
	})
	return err
}

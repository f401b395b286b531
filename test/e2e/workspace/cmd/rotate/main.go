// rotate assumes the deploy role and prints temporary credentials for the CI job.
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

const deployRole = "arn:aws:iam::111122223333:role/deploy"

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := sts.NewFromConfig(cfg)

	out, err := client.AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         aws.String(deployRole),
		RoleSessionName: aws.String("ci rotate"),
		DurationSeconds: aws.Int32(86400),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*out.Credentials.AccessKeyId)

	provider := stscreds.NewAssumeRoleProvider(client, deployRole, func(o *stscreds.AssumeRoleOptions) {
		o.Duration = 30 * time.Minute
		o.RoleSessionName = "rotate-provider"
	})
	_ = aws.NewCredentialsCache(provider)
}

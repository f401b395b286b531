terraform {
  required_version = ">= 1.6"

  backend "s3" {
    bucket       = "acme-terraform-state"
    key          = "platform/network.tfstate"
    region       = "eu-west-1"
    use_lockfile = true

    assume_role {
      role_arn     = "arn:aws:iam::111122223333:role/terraform-state"
      session_name = "terraform-state"
      duration     = "30m"
    }
  }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}

variable "deploy_external_id" {
  type      = string
  sensitive = true
}

provider "aws" {
  region = "eu-west-1"

  assume_role {
    role_arn     = "arn:aws:iam::444455556666:role/platform-deploy"
    session_name = "terraform-platform"
    external_id  = var.deploy_external_id
    # more than the 12 h STS allows for AssumeRole
    duration     = "13h"
    tags = {
      Project = "network"
      Owner   = "platform-team"
    }
    transitive_tag_keys = ["Project"]
  }
}

provider "aws" {
  alias  = "audit"
  region = "us-east-1"

  assume_role {
    role_arn     = "arn:aws:iam::777788889999:role/audit-reader"
    session_name = "terraform audit"
    duration     = "1h"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = "*"
      }]
    })
  }
}

resource "aws_iam_role" "ci" {
  name                 = "ci-runner"
  max_session_duration = 2 * 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codebuild.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# Provider versions and the state backend.
#
# State lives in S3 with a lock. Nothing here names an account: the bucket, key and region are
# given at `terraform init` (partial backend configuration), for example
#
#   terraform init \
#     -backend-config="bucket=<your-state-bucket>" \
#     -backend-config="key=taskboard/production.tfstate" \
#     -backend-config="region=eu-west-1" \
#     -backend-config="use_lockfile=true" \
#     -backend-config="encrypt=true"
#
# `use_lockfile` (Terraform >= 1.10) locks with an object beside the state in the same bucket, so
# no DynamoDB lock table is needed. The state holds the database password (see data.tf): keep the
# bucket private, versioned and encrypted, as README.md's deployment section describes.

terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Application = "taskboard"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

# CloudFront only takes certificates from us-east-1, whatever the app's region.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = {
      Application = "taskboard"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  # Trust policies of the roles AWS services assume on Taskboard's behalf, one per service.
  # Where the service sends aws:SourceAccount, only for this account (EC2, RDS enhanced
  # monitoring and AWS Backup do not send it).
  service_trust = {
    for service, scoped_to_account in {
      "ec2.amazonaws.com"            = false
      "ecs-tasks.amazonaws.com"      = true
      "lambda.amazonaws.com"         = true
      "vpc-flow-logs.amazonaws.com"  = true
      "monitoring.rds.amazonaws.com" = false
      "backup.amazonaws.com"         = false
      } : service => jsonencode({
        Version = "2012-10-17"
        Statement = [merge(
          { Effect = "Allow", Principal = { Service = service }, Action = "sts:AssumeRole" },
          scoped_to_account ? { Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } } } : {},
        )]
    })
  }
}

# Everything a deployment chooses. Defaults suit one small production team board.

variable "region" {
  description = "AWS region for everything except the CloudFront certificate (always us-east-1)."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like eu-west-1."
  }
}

variable "environment" {
  description = "Name of this deployment; prefixes resource names and DynamoDB tables, so two deployments can share an account."
  type        = string
  default     = "production"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.environment))
    error_message = "environment must be 2-21 lower-case letters, digits or dashes, starting with a letter."
  }
}

variable "domain_name" {
  description = "Public address of the board, e.g. tasks.example.com. Must lie inside the Route 53 hosted zone."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name must be a lower-case DNS name such as tasks.example.com."
  }
}

variable "hosted_zone_id" {
  description = "ID of the existing public Route 53 hosted zone that holds domain_name (the zone itself is not managed here)."
  type        = string

  validation {
    condition     = can(regex("^Z[A-Z0-9]{5,31}$", var.hosted_zone_id))
    error_message = "hosted_zone_id must be a Route 53 zone ID such as Z0123456789ABCDEFGHIJ."
  }
}

variable "email_from_local_part" {
  description = "Local part of the sender address; emails come from <this>@<domain_name>."
  type        = string
  default     = "no-reply"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{0,63}$", var.email_from_local_part))
    error_message = "email_from_local_part must be a simple mailbox name such as no-reply."
  }
}

variable "alarm_email" {
  description = "Address subscribed to the alarm topic (it must confirm the subscription). Empty: no subscription."
  type        = string
  default     = ""

  validation {
    condition     = var.alarm_email == "" || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an email address or empty."
  }
}

variable "github_repository" {
  description = "owner/name of the GitHub repository whose deploy workflow may assume the deploy role."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub OIDC provider. Set false when the account already has one (there can be only one per URL)."
  type        = bool
  default     = true
}

variable "image_tag" {
  description = "Image tag (a commit SHA) for the first deployment. Later deployments are made by the deploy workflow, which Terraform then leaves alone."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{40}$", var.image_tag))
    error_message = "image_tag must be a full 40-character commit SHA (tags are immutable)."
  }
}

variable "availability_zones" {
  description = "The two availability zones to spread over, by name (pinned, so a zone AWS adds later never moves anything)."
  type        = list(string)
  default     = ["eu-west-1a", "eu-west-1b"]

  validation {
    condition     = length(var.availability_zones) == 2 && length(distinct(var.availability_zones)) == 2
    error_message = "availability_zones must name two different zones of the region."
  }
}

variable "vpc_cidr" {
  description = "Address range of the VPC; split into 2 public, 2 private (app) and 2 database subnets."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) <= 20
    error_message = "vpc_cidr must be an IPv4 CIDR block of /20 or larger."
  }
}

variable "instance_type" {
  description = "EC2 instance type of the ECS container instances."
  type        = string
  default     = "t3.small"
}

variable "instances_min" {
  description = "Fewest ECS container instances (one per AZ keeps the service up when an AZ fails)."
  type        = number
  default     = 2

  validation {
    condition     = var.instances_min >= 1
    error_message = "instances_min must be at least 1."
  }
}

variable "instances_max" {
  description = "Most ECS container instances managed scaling may start."
  type        = number
  default     = 4

  validation {
    condition     = var.instances_max >= var.instances_min
    error_message = "instances_max must be at least instances_min."
  }
}

variable "app_count" {
  description = "Running copies of the app (ECS tasks)."
  type        = number
  default     = 2

  validation {
    condition     = var.app_count >= 1 && var.app_count <= 20
    error_message = "app_count must be between 1 and 20."
  }
}

variable "app_cpu" {
  description = "CPU units reserved per app task (1024 = one vCPU)."
  type        = number
  default     = 512
}

variable "app_memory" {
  description = "Memory (MiB) reserved per app task: about 55 MB under load (make bench), plus 19 MiB per concurrent Argon2 run, which the server bounds to one per vCPU of the host."
  type        = number
  default     = 256

  validation {
    condition     = var.app_memory >= 128
    error_message = "app_memory must be at least 128 MiB."
  }
}

variable "db_instance_class" {
  description = "Aurora MySQL instance class (writer and reader)."
  type        = string
  default     = "db.t4g.medium"

  validation {
    condition     = startswith(var.db_instance_class, "db.")
    error_message = "db_instance_class must be an RDS class such as db.t4g.medium."
  }
}

variable "db_backup_retention_days" {
  description = "Days of automated Aurora backups (point-in-time restore window)."
  type        = number
  default     = 14

  validation {
    condition     = var.db_backup_retention_days >= 7 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 7 and 35."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the app's, the Lambda's and the VPC's logs."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch retention of at least a year (365, 400, 545, 731, ...)."
  }
}

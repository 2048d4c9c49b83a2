# Where Taskboard keeps things: Aurora MySQL (tasks, users, sessions, the outbox), the DynamoDB
# audit table and the notifier's claims table, and the one KMS key that encrypts all of it.
#
# Aurora MySQL rather than RDS MySQL Multi-AZ: the same MySQL 8 engine the app is tested
# against (through MariaDB locally), storage replicated six ways across three AZs, a reader in
# the second AZ that takes over in about 30 seconds, and storage that grows by itself (no
# "disk full" at 3 a.m.). RDS Multi-AZ would cost less for a small team but fails over more
# slowly and needs its storage sized by hand.

resource "aws_kms_key" "main" {
  description             = "Taskboard ${var.environment}: database, tables, queues, logs, secrets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_kms_alias" "main" {
  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.main.key_id
}

data "aws_iam_policy_document" "kms" {
  # In a key policy, "*" as the resource means this key and nothing else.
  #checkov:skip=CKV_AWS_111:A key policy's Resource "*" is the key itself, not every resource
  #checkov:skip=CKV_AWS_356:A key policy's Resource "*" is the key itself, not every resource
  #checkov:skip=CKV_AWS_109:A key policy's Resource "*" is the key itself; administration stays with the account's IAM
  # The account administers the key through IAM, as with AWS's default key policy.
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  # CloudWatch Logs encrypts the log groups with it.
  statement {
    sid       = "CloudWatchLogsEncrypts"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.${var.region}.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${data.aws_partition.current.partition}:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:*"]
    }
  }

  # CloudWatch alarms publish to the encrypted SNS topic.
  statement {
    sid       = "CloudWatchAlarmsPublish"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }
}

# --- Aurora MySQL ---------------------------------------------------------------------------

resource "aws_db_subnet_group" "main" {
  name       = local.name
  subnet_ids = aws_subnet.database[*].id
}

# The password is generated here and handed to the app by ECS from Secrets Manager. It is
# letters and digits only, so it needs no escaping in a URL. It is also in the Terraform state,
# which is why the state bucket is encrypted and private (README: Deployment).
resource "random_password" "database" {
  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "database_password" {
  #checkov:skip=CKV2_AWS_57:Running tasks read the password only at start, so rotation is a planned step (README: rotating the database password), not a timer
  name                    = "${local.name}/database-password"
  description             = "Password of Aurora's master user, read by the app's ECS tasks"
  kms_key_id              = aws_kms_key.main.arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "database_password" {
  secret_id     = aws_secretsmanager_secret.database_password.id
  secret_string = random_password.database.result
}

# The servers' own database user, which may only read and write rows; `taskboard migrate`
# (as the master user, before each deployment) creates it and keeps its password in step.
resource "random_password" "app_database" {
  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "app_database_password" {
  #checkov:skip=CKV2_AWS_57:Running tasks read the password only at start, so rotation is a planned step (README: rotating the database password), not a timer
  name                    = "${local.name}/app-database-password"
  description             = "Password of the servers' database user (row access only)"
  kms_key_id              = aws_kms_key.main.arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "app_database_password" {
  secret_id     = aws_secretsmanager_secret.app_database_password.id
  secret_string = random_password.app_database.result
}

resource "aws_rds_cluster" "main" {
  #checkov:skip=CKV_AWS_326:Backtrack rewinds the database behind the DynamoDB audit trail's back (its seq and hash chain); recovery is a point-in-time restore to a new cluster
  cluster_identifier              = local.name
  engine                          = "aurora-mysql"
  engine_version                  = "8.0.mysql_aurora.3.08.0"
  database_name                   = "taskboard"
  master_username                 = "taskboard"
  master_password                 = random_password.database.result
  db_subnet_group_name            = aws_db_subnet_group.main.name
  vpc_security_group_ids          = [aws_security_group.database.id]
  storage_encrypted               = true
  kms_key_id                      = aws_kms_key.main.arn
  backup_retention_period         = var.db_backup_retention_days
  preferred_backup_window         = "02:00-03:00"
  preferred_maintenance_window    = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot           = true
  deletion_protection             = true
  skip_final_snapshot             = false
  final_snapshot_identifier       = "${local.name}-final"
  enabled_cloudwatch_logs_exports = ["audit", "error", "slowquery"]
  iam_database_authentication_enabled = true
  # Only TLS connections: the app and `taskboard migrate` connect with DATABASE_CA_FILE.
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.main.name
}

resource "aws_rds_cluster_parameter_group" "main" {
  name        = "${local.name}-aurora-mysql8"
  family      = "aurora-mysql8.0"
  description = "Taskboard: TLS only"
  parameter {
    name  = "require_secure_transport"
    value = "ON"
  }
  # Migration 000027 creates triggers (the board's column counts). With binary logging on,
  # MySQL lets only SUPER create them unless this is set, and RDS gives nobody SUPER: without
  # it, turning on the binlog (for a replica or CDC) would break `taskboard migrate`.
  parameter {
    name  = "log_bin_trust_function_creators"
    value = "1"
  }
}

# A writer and a reader in different AZs; the reader is promoted if the writer's AZ fails.
resource "aws_rds_cluster_instance" "main" {
  count                                 = 2
  identifier                            = "${local.name}-${count.index}"
  cluster_identifier                    = aws_rds_cluster.main.id
  engine                                = aws_rds_cluster.main.engine
  engine_version                        = aws_rds_cluster.main.engine_version
  instance_class                        = var.db_instance_class
  availability_zone                     = local.azs[count.index]
  db_subnet_group_name                  = aws_db_subnet_group.main.name
  publicly_accessible                   = false
  auto_minor_version_upgrade            = true
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.main.arn
  performance_insights_retention_period = 7
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.rds_monitoring.arn
}

resource "aws_iam_role" "rds_monitoring" {
  name = "${local.name}-rds-monitoring"
  assume_role_policy = local.service_trust["monitoring.rds.amazonaws.com"]
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  role       = aws_iam_role.rds_monitoring.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

# --- DynamoDB -------------------------------------------------------------------------------
# The same key schemas the app creates for itself locally (src/server/audit/table.rs). In AWS
# the app only reads and writes them; Terraform owns them.

resource "aws_dynamodb_table" "audit" {
  name             = "${local.table_prefix}audit"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "task_id"
  range_key        = "seq"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"

  attribute {
    name = "task_id"
    type = "N"
  }
  attribute {
    name = "seq"
    type = "N"
  }

  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.main.arn
  }
  # The audit trail is the product's record of every change: never deleted by accident.
  deletion_protection_enabled = true
}

# One item per email sent ("event id + recipient"), so a redelivered stream record never mails
# twice. Items expire after 90 days (the app sets expires_at; a stream redelivers for 24 hours at most).
resource "aws_dynamodb_table" "claims" {
  name         = "${local.table_prefix}notification-claims"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "claim"

  attribute {
    name = "claim"
    type = "S"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.main.arn
  }
  deletion_protection_enabled = true
}

# The notification emails being gathered (src/server/notify/bursts.rs): a pointer per
# recipient and task, a burst per email; the sparse `due` index (waiting, due_at) lists the
# unsent ones for the app's sweep. Kept 90 days after sending (expires_at).
resource "aws_dynamodb_table" "bursts" {
  name         = "${local.table_prefix}notification-bursts"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
  attribute {
    name = "waiting"
    type = "S"
  }
  attribute {
    name = "due_at"
    type = "N"
  }

  global_secondary_index {
    name            = "due"
    hash_key        = "waiting"
    range_key       = "due_at"
    projection_type = "KEYS_ONLY"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.main.arn
  }
  deletion_protection_enabled = true
}

# Signs the unsubscribe links in emails (UNSUBSCRIBE_KEY). Rotating it breaks the links in
# emails already sent, so it is created once and kept.
resource "random_password" "unsubscribe_key" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "unsubscribe_key" {
  #checkov:skip=CKV2_AWS_57:Rotating it would break every unsubscribe link in emails already sent
  name                    = "${local.name}/unsubscribe-key"
  description             = "Signs the unsubscribe links in Taskboard's emails"
  kms_key_id              = aws_kms_key.main.arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "unsubscribe_key" {
  secret_id     = aws_secretsmanager_secret.unsubscribe_key.id
  secret_string = random_password.unsubscribe_key.result
}

# --- AWS Backup -----------------------------------------------------------------------------
# Daily backups of the database and both tables, kept 35 days, in a vault of their own: a
# second line beside Aurora's automated backups and DynamoDB's point-in-time recovery, and one
# that survives the deletion of the resources themselves.

resource "aws_backup_vault" "main" {
  name        = local.name
  kms_key_arn = aws_kms_key.main.arn
}

resource "aws_backup_plan" "main" {
  name = local.name

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 * * ? *)"

    lifecycle {
      delete_after = 35
    }
  }
}

resource "aws_backup_selection" "main" {
  name         = local.name
  plan_id      = aws_backup_plan.main.id
  iam_role_arn = aws_iam_role.backup.arn
  resources = [
    aws_rds_cluster.main.arn,
    aws_dynamodb_table.audit.arn,
    aws_dynamodb_table.claims.arn,
    aws_dynamodb_table.bursts.arn,
  ]
}

resource "aws_iam_role" "backup" {
  name = "${local.name}-backup"
  assume_role_policy = local.service_trust["backup.amazonaws.com"]
}

resource "aws_iam_role_policy_attachment" "backup" {
  for_each = {
    backup  = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"
    restore = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"
  }
  role       = aws_iam_role.backup.name
  policy_arn = each.value
}

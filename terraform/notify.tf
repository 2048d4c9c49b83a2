# Emails: SES sends from the board's domain (DKIM-signed, SPF-aligned MAIL FROM, DMARC), and
# the notifier Lambda turns each new audit row into emails.
#
#   app --(outbox relay)--> DynamoDB audit table --(stream, INSERT only)--> notifier Lambda --> SES
#
# The Lambda is the same image as the app with /app/notifier as its entrypoint (Dockerfile), so
# both always run the same build. A batch the Lambda reports as failed is retried (the failed
# record first, halving the batch on each error); records that still fail after the retries go
# to the SQS dead-letter queue with their stream position, and an alarm fires.

# --- SES ------------------------------------------------------------------------------------

resource "aws_sesv2_configuration_set" "main" {
  configuration_set_name = local.name

  delivery_options {
    tls_policy = "REQUIRE"
  }
  reputation_options {
    reputation_metrics_enabled = true
  }
  sending_options {
    sending_enabled = true
  }
  # Never mail an address that bounced or complained again.
  suppression_options {
    suppressed_reasons = ["BOUNCE", "COMPLAINT"]
  }
}

resource "aws_sesv2_email_identity" "domain" {
  email_identity         = var.domain_name
  configuration_set_name = aws_sesv2_configuration_set.main.configuration_set_name

  dkim_signing_attributes {
    next_signing_key_length = "RSA_2048_BIT"
  }
}

# Easy DKIM: three CNAMEs that SES checks before it signs (and before the identity is verified).
resource "aws_route53_record" "dkim" {
  count   = 3
  zone_id = var.hosted_zone_id
  name    = "${aws_sesv2_email_identity.domain.dkim_signing_attributes[0].tokens[count.index]}._domainkey.${var.domain_name}"
  type    = "CNAME"
  ttl     = 1800
  records = ["${aws_sesv2_email_identity.domain.dkim_signing_attributes[0].tokens[count.index]}.dkim.amazonses.com"]
}

# A MAIL FROM subdomain of our own, so SPF passes for our domain and DMARC aligns.
resource "aws_sesv2_email_identity_mail_from_attributes" "domain" {
  email_identity         = aws_sesv2_email_identity.domain.email_identity
  mail_from_domain       = "mail.${var.domain_name}"
  behavior_on_mx_failure = "USE_DEFAULT_VALUE"
}

resource "aws_route53_record" "mail_from_mx" {
  zone_id = var.hosted_zone_id
  name    = "mail.${var.domain_name}"
  type    = "MX"
  ttl     = 1800
  records = ["10 feedback-smtp.${var.region}.amazonses.com"]
}

resource "aws_route53_record" "mail_from_spf" {
  zone_id = var.hosted_zone_id
  name    = "mail.${var.domain_name}"
  type    = "TXT"
  ttl     = 1800
  records = ["v=spf1 include:amazonses.com -all"]
}

resource "aws_route53_record" "dmarc" {
  zone_id = var.hosted_zone_id
  name    = "_dmarc.${var.domain_name}"
  type    = "TXT"
  ttl     = 1800
  records = ["v=DMARC1; p=quarantine; adkim=s; aspf=s"]
}

# --- the notifier Lambda --------------------------------------------------------------------

resource "aws_sqs_queue" "notifier_dlq" {
  name                      = "${local.name}-notifier-dlq"
  message_retention_seconds = 1209600 # 14 days, the most SQS keeps
  kms_master_key_id         = aws_kms_key.main.arn
}

resource "aws_cloudwatch_log_group" "notifier" {
  name              = "/taskboard/${var.environment}/notifier"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
}

resource "aws_iam_role" "notifier" {
  name = "${local.name}-notifier"
  assume_role_policy = local.service_trust["lambda.amazonaws.com"]
}

resource "aws_iam_role_policy" "notifier" {
  name = "taskboard-notifier"
  role = aws_iam_role.notifier.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadAuditStream"
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
        Resource = aws_dynamodb_table.audit.stream_arn
      },
      {
        # It folds each new audit row into the bursts (transactions over pointer and burst);
        # the app's instances send them.
        Sid      = "Bursts"
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"]
        Resource = aws_dynamodb_table.bursts.arn
      },
      {
        Sid      = "DeadLetters"
        Effect   = "Allow"
        Action   = "sqs:SendMessage"
        Resource = aws_sqs_queue.notifier_dlq.arn
      },
      {
        Sid      = "Key"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.main.arn
      },
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.notifier.arn}:*"
      },
      {
        Sid      = "Traces"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = "*" # X-Ray's write actions take no resource
      },
    ]
  })
}

resource "aws_lambda_function" "notifier" {
  #checkov:skip=CKV_AWS_117:It only calls DynamoDB, a public AWS API; inside the VPC it would add a NAT dependency and no isolation
  #checkov:skip=CKV_AWS_272:Code signing covers zip packages only; this is a container image from an immutable, scanned ECR tag
  function_name = "${local.name}-notifier"
  role          = aws_iam_role.notifier.arn
  package_type  = "Image"
  image_uri     = local.image
  architectures = ["x86_64"]
  memory_size   = 256
  timeout       = 60
  kms_key_arn   = aws_kms_key.main.arn

  # One stream shard feeds one invocation at a time; this only caps a runaway.
  reserved_concurrent_executions = 10

  image_config {
    entry_point = ["/app/notifier"]
  }

  environment {
    variables = {
      TABLE_PREFIX = local.table_prefix
    }
  }

  logging_config {
    log_format = "Text" # the binary already writes one JSON object per line
    log_group  = aws_cloudwatch_log_group.notifier.name
  }

  tracing_config {
    mode = "Active"
  }

  # Only for asynchronous invocations (none are expected); stream failures go through the
  # event source mapping's own on-failure destination below.
  dead_letter_config {
    target_arn = aws_sqs_queue.notifier_dlq.arn
  }

  lifecycle {
    # The deploy workflow points the function at each new image tag.
    ignore_changes = [image_uri]
  }
}

resource "aws_lambda_event_source_mapping" "audit_stream" {
  function_name     = aws_lambda_function.notifier.arn
  event_source_arn  = aws_dynamodb_table.audit.stream_arn
  starting_position = "TRIM_HORIZON"
  batch_size        = 25
  enabled           = true

  # The handler answers with the records it could not finish (batchItemFailures); only those
  # and what follows them are retried.
  function_response_types        = ["ReportBatchItemFailures"]
  bisect_batch_on_function_error = true
  maximum_retry_attempts         = 10
  maximum_record_age_in_seconds  = 86400

  # Rows are only ever inserted; never invoke for anything else.
  filter_criteria {
    filter {
      pattern = jsonencode({ eventName = ["INSERT"] })
    }
  }

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.notifier_dlq.arn
    }
  }
}

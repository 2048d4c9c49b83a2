# Alarms, all to one SNS topic (subscribe alarm_email, a chat webhook or a pager to it). Each one
# fires on something a user would notice or soon will; none fires on a single blip.

resource "aws_sns_topic" "alarms" {
  name              = "${local.name}-alarms"
  kms_master_key_id = aws_kms_key.main.arn
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  alarm_actions = [aws_sns_topic.alarms.arn]
  alb_dimension = { LoadBalancer = aws_lb.main.arn_suffix }
  ecs_dimension = { ClusterName = aws_ecs_cluster.main.name, ServiceName = aws_ecs_service.app.name }
}

# --- the way in -----------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "alb_5xx" {
  alarm_name          = "${local.name}-5xx"
  alarm_description   = "More than 10 server errors (ALB or app) in 5 minutes"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 10
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "errors"
    expression  = "FILL(elb, 0) + FILL(target, 0)"
    label       = "5xx responses"
    return_data = true
  }
  metric_query {
    id = "elb"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_5XX_Count"
      dimensions  = local.alb_dimension
      stat        = "Sum"
      period      = 300
    }
  }
  metric_query {
    id = "target"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = local.alb_dimension
      stat        = "Sum"
      period      = 300
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "alb_latency" {
  alarm_name          = "${local.name}-latency-p99"
  alarm_description   = "p99 response time over 1 s for 3 of the last 5 minutes"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  dimensions          = local.alb_dimension
  extended_statistic  = "p99"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_tasks" {
  alarm_name          = "${local.name}-unhealthy-tasks"
  alarm_description   = "An app task fails its /readyz check (MySQL or DynamoDB unreachable from it)"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  dimensions          = { LoadBalancer = aws_lb.main.arn_suffix, TargetGroup = aws_lb_target_group.app.arn_suffix }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# --- ECS ------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "ecs_cpu" {
  alarm_name          = "${local.name}-ecs-cpu"
  alarm_description   = "App tasks above 85% of their CPU for 10 minutes (auto scaling has not caught up)"
  namespace           = "AWS/ECS"
  metric_name         = "CPUUtilization"
  dimensions          = local.ecs_dimension
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 85
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "ecs_memory" {
  alarm_name          = "${local.name}-ecs-memory"
  alarm_description   = "App tasks above 85% of their memory for 10 minutes (a leak, or app_memory too small)"
  namespace           = "AWS/ECS"
  metric_name         = "MemoryUtilization"
  dimensions          = local.ecs_dimension
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 85
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# --- Aurora ---------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "db_cpu" {
  alarm_name          = "${local.name}-db-cpu"
  alarm_description   = "Aurora above 80% CPU for 15 minutes"
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = { DBClusterIdentifier = aws_rds_cluster.main.cluster_identifier }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# Aurora's cluster volume grows by itself; what can run out is each instance's local storage
# (temporary tables, sorts, logs).
resource "aws_cloudwatch_metric_alarm" "db_local_storage" {
  count               = length(aws_rds_cluster_instance.main)
  alarm_name          = "${aws_rds_cluster_instance.main[count.index].identifier}-local-storage"
  alarm_description   = "Less than 2 GiB of local storage left on a database instance"
  namespace           = "AWS/RDS"
  metric_name         = "FreeLocalStorage"
  dimensions          = { DBInstanceIdentifier = aws_rds_cluster_instance.main[count.index].identifier }
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "LessThanThreshold"
  threshold           = 2 * 1024 * 1024 * 1024
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "db_volume" {
  alarm_name          = "${local.name}-db-volume"
  alarm_description   = "The cluster volume passed 100 GiB: far beyond what a team board should hold"
  namespace           = "AWS/RDS"
  metric_name         = "VolumeBytesUsed"
  dimensions          = { DBClusterIdentifier = aws_rds_cluster.main.cluster_identifier }
  statistic           = "Maximum"
  period              = 3600
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 100 * 1024 * 1024 * 1024
  alarm_actions       = local.alarm_actions
}

# --- audit trail and emails -----------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "notifier_errors" {
  alarm_name          = "${local.name}-notifier-errors"
  alarm_description   = "The notifier Lambda failed (its batches are retried; see its log group)"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.notifier.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "notifier_lag" {
  alarm_name          = "${local.name}-notifier-lag"
  alarm_description   = "Audit rows wait more than 5 minutes for their emails (stream iterator age)"
  namespace           = "AWS/Lambda"
  metric_name         = "IteratorAge"
  dimensions          = { FunctionName = aws_lambda_function.notifier.function_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 300000
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "notifier_dlq" {
  alarm_name          = "${local.name}-notifier-dlq"
  alarm_description   = "Stream records gave up on: emails owed. Replay them (README: Operations)"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.notifier_dlq.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# The outbox backlog: changes saved in MySQL whose audit rows have not reached DynamoDB yet. The
# relay logs it (outbox_backlog) with every batch it moves and every round that fails.
resource "aws_cloudwatch_log_metric_filter" "outbox_backlog" {
  name           = "${local.name}-outbox-backlog"
  log_group_name = aws_cloudwatch_log_group.app.name
  pattern        = "{ $.outbox_backlog = * }"

  metric_transformation {
    namespace = "Taskboard/${var.environment}"
    name      = "OutboxBacklog"
    value     = "$.outbox_backlog"
    unit      = "Count"
  }
}

resource "aws_cloudwatch_metric_alarm" "outbox_backlog" {
  alarm_name          = "${local.name}-outbox-backlog"
  alarm_description   = "Over 100 changes waiting for their audit rows for 10 minutes (DynamoDB unreachable?)"
  namespace           = "Taskboard/${var.environment}"
  metric_name         = "OutboxBacklog"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 100
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  depends_on = [aws_cloudwatch_log_metric_filter.outbox_backlog]
}

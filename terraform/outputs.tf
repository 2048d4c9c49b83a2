output "url" {
  description = "The board's public address."
  value       = "https://${var.domain_name}"
}

output "ecr_repository_url" {
  description = "Where the deploy workflow pushes images (GitHub variable ECR_REPOSITORY is its last path part)."
  value       = aws_ecr_repository.app.repository_url
}

output "deploy_role_arn" {
  description = "Role the deploy workflow assumes through OIDC (GitHub variable AWS_DEPLOY_ROLE_ARN)."
  value       = aws_iam_role.deploy.arn
}

output "ecs_cluster" {
  description = "ECS cluster name (GitHub variable ECS_CLUSTER)."
  value       = aws_ecs_cluster.main.name
}

output "ecs_service" {
  description = "ECS service name (GitHub variable ECS_SERVICE)."
  value       = aws_ecs_service.app.name
}

output "migrate_task_family" {
  description = "The one-off `taskboard migrate` task definition's family (GitHub variable MIGRATE_TASK_FAMILY)."
  value       = aws_ecs_task_definition.migrate.family
}

output "migrate_network" {
  description = "Where the migrate task runs, as `aws ecs run-task --network-configuration` takes it (GitHub variable MIGRATE_NETWORK)."
  value       = "awsvpcConfiguration={subnets=[${join(",", aws_subnet.private[*].id)}],securityGroups=[${aws_security_group.app.id}],assignPublicIp=DISABLED}"
}

output "notifier_function" {
  description = "The notifier Lambda's name (GitHub variable NOTIFIER_FUNCTION)."
  value       = aws_lambda_function.notifier.function_name
}

output "database_endpoint" {
  description = "Aurora writer endpoint (reachable from the app tasks only)."
  value       = aws_rds_cluster.main.endpoint
}

output "audit_table" {
  description = "DynamoDB audit table."
  value       = aws_dynamodb_table.audit.name
}

output "notifier_dlq_url" {
  description = "Dead-letter queue of stream records the notifier gave up on."
  value       = aws_sqs_queue.notifier_dlq.url
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm publishes to."
  value       = aws_sns_topic.alarms.arn
}

output "app_log_group" {
  description = "CloudWatch log group of the app."
  value       = aws_cloudwatch_log_group.app.name
}

output "cloudfront_distribution_id" {
  description = "CloudFront distribution in front of the ALB."
  value       = aws_cloudfront_distribution.main.id
}

# The app on ECS with EC2 capacity: container instances from the ECS-optimised AMI in the private
# subnets, scaled by the capacity provider; the service keeps app_count tasks behind the ALB and
# rolls deployments forward (or back, through the circuit breaker).

locals {
  app_port     = 3000
  table_prefix = "taskboard-${var.environment}-"
  image        = "${aws_ecr_repository.app.repository_url}:${var.image_tag}"
  email_from   = "Taskboard <${var.email_from_local_part}@${var.domain_name}>"
  # The servers' database user (row access only), made by `taskboard migrate`.
  app_database_user = "taskboard_app"
}

resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

# --- container instances --------------------------------------------------------------------

data "aws_ssm_parameter" "ecs_ami" {
  name = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
}

resource "aws_launch_template" "ecs" {
  name_prefix            = "${local.name}-"
  image_id               = data.aws_ssm_parameter.ecs_ami.value
  instance_type          = var.instance_type
  vpc_security_group_ids = [aws_security_group.instances.id]
  update_default_version = true

  iam_instance_profile {
    arn = aws_iam_instance_profile.ecs.arn
  }

  # IMDSv2 only, one hop: tasks (awsvpc) cannot reach the instance's credentials.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = 30
      volume_type           = "gp3"
      encrypted             = true
      kms_key_id            = aws_kms_key.main.arn
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = true
  }

  user_data = base64encode(<<-EOT
    #!/bin/bash
    cat >>/etc/ecs/ecs.config <<CONFIG
    ECS_CLUSTER=${aws_ecs_cluster.main.name}
    ECS_ENABLE_TASK_IAM_ROLE=true
    ECS_AWSVPC_BLOCK_IMDS=true
    ECS_CONTAINER_STOP_TIMEOUT=30s
    CONFIG
  EOT
  )

  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "${local.name}-ecs" }
  }
}

resource "aws_autoscaling_group" "ecs" {
  name_prefix           = "${local.name}-ecs-"
  vpc_zone_identifier   = aws_subnet.private[*].id
  min_size              = var.instances_min
  max_size              = var.instances_max
  protect_from_scale_in = true # managed termination protection: scale-in waits for tasks to move
  health_check_type     = "EC2"

  launch_template {
    id      = aws_launch_template.ecs.id
    version = aws_launch_template.ecs.latest_version
  }

  # New AMIs and launch template changes roll through the instances, half at a time.
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 50
    }
  }

  tag {
    key                 = "AmazonECSManaged"
    value               = "true"
    propagate_at_launch = true
  }

  lifecycle {
    # Managed scaling sets the desired capacity.
    ignore_changes = [desired_capacity]
  }
}

resource "aws_ecs_capacity_provider" "ec2" {
  name = local.name

  auto_scaling_group_provider {
    auto_scaling_group_arn         = aws_autoscaling_group.ecs.arn
    managed_termination_protection = "ENABLED"
    managed_draining               = "ENABLED"

    managed_scaling {
      status                    = "ENABLED"
      target_capacity           = 100
      minimum_scaling_step_size = 1
      maximum_scaling_step_size = 2
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = [aws_ecs_capacity_provider.ec2.name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ec2.name
    weight            = 1
    base              = 0
  }
}

resource "aws_iam_role" "ecs_instance" {
  name = "${local.name}-ecs-instance"
  assume_role_policy = local.service_trust["ec2.amazonaws.com"]
}

resource "aws_iam_role_policy_attachment" "ecs_instance" {
  for_each = {
    ecs = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
    # Session Manager instead of SSH: no key pairs, no inbound port.
    ssm = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
  }
  role       = aws_iam_role.ecs_instance.name
  policy_arn = each.value
}

resource "aws_iam_instance_profile" "ecs" {
  name = "${local.name}-ecs-instance"
  role = aws_iam_role.ecs_instance.name
}

# --- the app --------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "app" {
  name              = "/taskboard/${var.environment}/app"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
}

# The execution role: ECS pulls the image, reads the database password, writes the logs.
resource "aws_iam_role" "execution" {
  name = "${local.name}-execution"
  assume_role_policy = local.service_trust["ecs-tasks.amazonaws.com"]
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "execution_secrets" {
  name = "read-database-password"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = [
          aws_secretsmanager_secret.database_password.arn,
          aws_secretsmanager_secret.app_database_password.arn,
          aws_secretsmanager_secret.unsubscribe_key.arn,
        ]
      },
      {
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = aws_kms_key.main.arn
      },
    ]
  })
}

# The task role: what the app itself may do. No static keys anywhere: the SDK takes these
# credentials from the ECS task metadata endpoint.
resource "aws_iam_role" "app" {
  name = "${local.name}-app"
  assume_role_policy = local.service_trust["ecs-tasks.amazonaws.com"]
}

resource "aws_iam_role_policy" "app" {
  name = "taskboard-app"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AuditTrail"
        Effect = "Allow"
        # The relay appends rows (conditional put) and reads a task's history back.
        Action   = ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:DescribeTable"]
        Resource = aws_dynamodb_table.audit.arn
      },
      {
        Sid    = "Readiness"
        Effect = "Allow"
        # /readyz lists one table name to see that DynamoDB answers; ListTables has no resource.
        Action   = "dynamodb:ListTables"
        Resource = "*"
      },
      {
        Sid      = "Claims"
        Effect   = "Allow"
        Action   = ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem"]
        Resource = aws_dynamodb_table.claims.arn
      },
      {
        # Every instance sweeps the due bursts (a query of the `due` index), seals and sends them.
        Sid      = "Bursts"
        Effect   = "Allow"
        Action   = ["dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:GetItem"]
        Resource = [aws_dynamodb_table.bursts.arn, "${aws_dynamodb_table.bursts.arn}/index/due"]
      },
      {
        Sid      = "TablesKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.main.arn
      },
      {
        Sid      = "Email"
        Effect   = "Allow"
        Action   = "ses:SendEmail"
        # Password-reset emails; only from the board's own domain identity (and its default
        # configuration set, which SES checks too).
        Resource = [aws_sesv2_email_identity.domain.arn, aws_sesv2_configuration_set.main.arn]
      },
    ]
  })
}

resource "aws_ecs_task_definition" "app" {
  family                   = local.name
  requires_compatibilities = ["EC2"]
  network_mode             = "awsvpc"
  cpu                      = var.app_cpu
  memory                   = var.app_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.app.arn

  container_definitions = jsonencode([{
    name                   = "app"
    image                  = local.image
    essential              = true
    readonlyRootFilesystem = true
    user                   = "65532:65532"
    portMappings           = [{ containerPort = local.app_port, protocol = "tcp" }]
    environment = [
      { name = "APP_ENVIRONMENT", value = "production" },
      { name = "APP_BASE_URL", value = "https://${var.domain_name}" },
      # The servers' own user: rows only. The schema is `taskboard migrate`'s (below).
      { name = "DATABASE_URL", value = "mysql://${local.app_database_user}@${aws_rds_cluster.main.endpoint}:3306/${aws_rds_cluster.main.database_name}" },
      # TLS to Aurora, its certificate checked against Amazon RDS's authorities (in the image).
      { name = "DATABASE_CA_FILE", value = "/app/rds-ca.pem" },
      { name = "RUN_MIGRATIONS", value = "false" },
      { name = "DATABASE_POOL_SIZE", value = "10" },
      { name = "EMAIL_FROM", value = local.email_from },
      { name = "TABLE_PREFIX", value = local.table_prefix },
      { name = "AWS_REGION", value = var.region },
      { name = "LISTEN_ADDR", value = "0.0.0.0:${local.app_port}" },
      { name = "LOG_FORMAT", value = "json" },
      # Behind the ALB the client's address is the last X-Forwarded-For entry (login throttling).
      # CloudFront, then the load balancer: the viewer is the second entry from the end of
      # X-Forwarded-For (the last is CloudFront's edge, which many viewers share).
      { name = "TRUSTED_PROXY_HOPS", value = "2" },
    ]
    secrets = [
      { name = "DATABASE_PASSWORD", valueFrom = aws_secretsmanager_secret.app_database_password.arn },
      { name = "UNSUBSCRIBE_KEY", valueFrom = aws_secretsmanager_secret.unsubscribe_key.arn },
    ]
    healthCheck = {
      command     = ["CMD", "/app/taskboard", "healthcheck"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 30
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "app"
      }
    }
  }])
}

# One-off: `taskboard migrate` as the master user, run by the deploy workflow before it points
# the service at a new image. It applies the migrations and (re)creates the servers' user with
# row access only, so the running servers can never change the schema.
resource "aws_ecs_task_definition" "migrate" {
  family                   = "${local.name}-migrate"
  requires_compatibilities = ["EC2"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 128
  execution_role_arn       = aws_iam_role.execution.arn

  container_definitions = jsonencode([{
    name                   = "migrate"
    image                  = local.image
    essential              = true
    readonlyRootFilesystem = true
    user                   = "65532:65532"
    command                = ["/app/taskboard", "migrate"]
    environment = [
      { name = "APP_ENVIRONMENT", value = "production" },
      { name = "APP_BASE_URL", value = "https://${var.domain_name}" },
      { name = "DATABASE_URL", value = "mysql://${aws_rds_cluster.main.master_username}@${aws_rds_cluster.main.endpoint}:3306/${aws_rds_cluster.main.database_name}" },
      { name = "DATABASE_CA_FILE", value = "/app/rds-ca.pem" },
      { name = "APP_DATABASE_USER", value = local.app_database_user },
      { name = "EMAIL_FROM", value = local.email_from },
      { name = "LOG_FORMAT", value = "json" },
    ]
    secrets = [
      { name = "DATABASE_PASSWORD", valueFrom = aws_secretsmanager_secret.database_password.arn },
      { name = "APP_DATABASE_PASSWORD", valueFrom = aws_secretsmanager_secret.app_database_password.arn },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "migrate"
      }
    }
  }])
}

resource "aws_ecs_service" "app" {
  name                              = "app"
  cluster                           = aws_ecs_cluster.main.id
  task_definition                   = aws_ecs_task_definition.app.arn
  desired_count                     = var.app_count
  health_check_grace_period_seconds = 60
  enable_ecs_managed_tags           = true
  propagate_tags                    = "SERVICE"

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ec2.name
    weight            = 1
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.app.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = "app"
    container_port   = local.app_port
  }

  # Rolling: start new tasks before stopping old ones; a deployment whose tasks keep failing
  # their health checks is stopped and rolled back to the last good one.
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  ordered_placement_strategy {
    type  = "spread"
    field = "attribute:ecs.availability-zone"
  }

  lifecycle {
    # The deploy workflow registers new task definition revisions (new image tags); Terraform
    # does not roll them back on the next apply.
    # Application auto scaling owns the desired count.
    ignore_changes = [task_definition, desired_count]
  }

  depends_on = [aws_lb_listener.https, aws_ecs_cluster_capacity_providers.main]
}

# More tasks when CPU runs hot; managed scaling adds instances for them.
resource "aws_appautoscaling_target" "app" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.app.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.app_count
  max_capacity       = var.app_count * 3
}

resource "aws_appautoscaling_policy" "app_cpu" {
  name               = "${local.name}-cpu"
  service_namespace  = aws_appautoscaling_target.app.service_namespace
  resource_id        = aws_appautoscaling_target.app.resource_id
  scalable_dimension = aws_appautoscaling_target.app.scalable_dimension
  policy_type        = "TargetTrackingScaling"

  target_tracking_scaling_policy_configuration {
    target_value = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

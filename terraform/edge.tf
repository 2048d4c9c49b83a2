# The way in: Route 53 -> CloudFront (HTTPS, WAF, caches /pkg/*) -> ALB (HTTPS, only from
# CloudFront) -> the app tasks.
#
# Users only ever talk to CloudFront, which redirects HTTP to HTTPS. The ALB listens on 443
# alone: its security group admits only CloudFront's origin-facing addresses, and its listener
# forwards only requests carrying the secret X-Origin-Verify header that this distribution adds,
# so nobody reaches the app around the WAF, even from another CloudFront distribution.

locals {
  origin_domain = "origin.${var.domain_name}"
}

data "aws_route53_zone" "main" {
  zone_id = var.hosted_zone_id
}

# --- certificates ---------------------------------------------------------------------------

resource "aws_acm_certificate" "site" {
  provider          = aws.us_east_1
  domain_name       = var.domain_name
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "origin" {
  domain_name       = local.origin_domain
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  certificate_validations = merge(
    { for o in aws_acm_certificate.site.domain_validation_options : "site" => o },
    { for o in aws_acm_certificate.origin.domain_validation_options : "origin" => o },
  )
}

resource "aws_route53_record" "certificate_validation" {
  for_each = local.certificate_validations
  zone_id  = var.hosted_zone_id
  name     = each.value.resource_record_name
  type     = each.value.resource_record_type
  records  = [each.value.resource_record_value]
  ttl      = 300
}

resource "aws_acm_certificate_validation" "site" {
  provider                = aws.us_east_1
  certificate_arn         = aws_acm_certificate.site.arn
  validation_record_fqdns = [aws_route53_record.certificate_validation["site"].fqdn]
}

resource "aws_acm_certificate_validation" "origin" {
  certificate_arn         = aws_acm_certificate.origin.arn
  validation_record_fqdns = [aws_route53_record.certificate_validation["origin"].fqdn]
}

# --- load balancer --------------------------------------------------------------------------

resource "random_password" "origin_verify" {
  length  = 48
  special = false
}

resource "aws_lb" "main" {
  #checkov:skip=CKV2_AWS_28:The WAF sits on CloudFront; the ALB answers only CloudFront (prefix list + secret header), so all traffic has passed it
  name                       = local.name
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = aws_subnet.public[*].id
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = true
  idle_timeout               = 60

  access_logs {
    bucket  = aws_s3_bucket.logs.id
    prefix  = "alb"
    enabled = true
  }

  depends_on = [aws_s3_bucket_policy.logs]
}

resource "aws_lb_target_group" "app" {
  #checkov:skip=CKV_AWS_378:TLS ends at the ALB; ALB to task is plain HTTP inside the private subnets, admitted only from the ALB's security group
  name                 = local.name
  target_type          = "ip" # awsvpc tasks register by address
  port                 = local.app_port
  protocol             = "HTTP"
  vpc_id               = aws_vpc.main.id
  deregistration_delay = 30 # the app finishes in-flight requests on SIGTERM well within this

  # Traffic goes to tasks whose MySQL and DynamoDB answer.
  health_check {
    path                = "/readyz"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.main.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate_validation.origin.certificate_arn

  # Anything that did not come through our CloudFront distribution.
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "Forbidden"
      status_code  = "403"
    }
  }
}

# The probes are for the load balancer's health checks (which reach the targets directly, not
# through this listener) and the container runtime: from the internet, /readyz would let anyone
# make every instance query MySQL and DynamoDB at will.
resource "aws_lb_listener_rule" "no_probes_from_outside" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 5

  condition {
    path_pattern {
      values = ["/healthz", "/readyz"]
    }
  }

  action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "Not found"
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener_rule" "from_cloudfront" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  condition {
    http_header {
      http_header_name = "X-Origin-Verify"
      values           = [random_password.origin_verify.result]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

# --- CloudFront -----------------------------------------------------------------------------

data "aws_cloudfront_cache_policy" "disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_cache_policy" "optimized" {
  name = "Managed-CachingOptimized"
}

# Everything the browser sent (cookies, query, headers) except Host, which becomes the origin's
# name so the ALB's certificate matches. The app checks Origin against APP_BASE_URL.
data "aws_cloudfront_origin_request_policy" "all_viewer_except_host" {
  name = "Managed-AllViewerExceptHostHeader"
}

# The app sets its own security headers (CSP with a per-response nonce among them); this policy
# only fills in what a response lacks (override = false) and makes HSTS hold at the edge.
resource "aws_cloudfront_response_headers_policy" "security" {
  #checkov:skip=CKV_AWS_259:HSTS is on (2 years, subdomains) but without "preload": preloading binds the whole registered domain, which is its owner's decision, not this board's
  name = "${local.name}-security"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      override                   = true
    }
    content_type_options {
      override = false
    }
    frame_options {
      frame_option = "DENY"
      override     = false
    }
    referrer_policy {
      referrer_policy = "same-origin"
      override        = false
    }
  }
}

resource "aws_cloudfront_distribution" "main" {
  #checkov:skip=CKV_AWS_374:A team board is used from wherever its members are; no country is blocked
  #checkov:skip=CKV_AWS_310:One origin by design: the ALB already spans two AZs, and a second region would need a second database
  #checkov:skip=CKV_AWS_305:The origin is the app, which serves "/" itself (a default root object is for S3 origins)
  #checkov:skip=CKV2_AWS_46:There is no S3 origin (the logs bucket only receives CloudFront's access logs)
  #checkov:skip=CKV2_AWS_47:The Log4j rules (KnownBadInputs) are on; the check also demands AnonymousIpList, which would lock out members on VPNs
  enabled             = true
  comment             = "Taskboard ${var.environment}"
  aliases             = [var.domain_name]
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  price_class         = "PriceClass_100"
  web_acl_id          = aws_wafv2_web_acl.main.arn
  wait_for_deployment = false

  origin {
    origin_id   = "alb"
    domain_name = local.origin_domain

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }

    custom_header {
      name  = "X-Origin-Verify"
      value = random_password.origin_verify.result
    }
  }

  # Pages and server functions: never cached (they depend on who is logged in).
  default_cache_behavior {
    target_origin_id         = "alb"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
    compress                   = true
  }

  # Live board streams (server-sent events, server::live): passed straight through with the
  # session cookie, never cached, never compressed (compression holds events back until a block
  # fills). The app sends a heartbeat every 15 s, inside the origin's 30 s read timeout.
  ordered_cache_behavior {
    path_pattern               = "/boards/*/live"
    target_origin_id           = "alb"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
    compress                   = false
  }

  # The compiled JS, WASM and CSS: cached at the edge (the file names carry a content hash).
  ordered_cache_behavior {
    path_pattern           = "/pkg/*"
    target_origin_id       = "alb"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id            = data.aws_cloudfront_cache_policy.optimized.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
    compress                   = true
  }

  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate_validation.site.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  logging_config {
    bucket          = aws_s3_bucket.logs.bucket_domain_name
    prefix          = "cloudfront/"
    include_cookies = false
  }
}

resource "aws_route53_record" "site" {
  for_each = toset(["A", "AAAA"])
  zone_id  = var.hosted_zone_id
  name     = var.domain_name
  type     = each.value

  alias {
    name                   = aws_cloudfront_distribution.main.domain_name
    zone_id                = aws_cloudfront_distribution.main.hosted_zone_id
    evaluate_target_health = false
  }
}

resource "aws_route53_record" "origin" {
  zone_id = var.hosted_zone_id
  name    = local.origin_domain
  type    = "A"

  alias {
    name                   = aws_lb.main.dns_name
    zone_id                = aws_lb.main.zone_id
    evaluate_target_health = true
  }
}

# --- WAF (CloudFront scope, so it lives in us-east-1) ----------------------------------------

resource "aws_wafv2_web_acl" "main" {
  provider = aws.us_east_1
  name     = local.name
  scope    = "CLOUDFRONT"

  default_action {
    allow {}
  }

  rule {
    name     = "common"
    priority = 10
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
        # Task descriptions are long text posted to server functions; the app caps bodies at
        # 256 KiB itself, so this rule's 8 KB cap only counts.
        rule_action_override {
          name = "SizeRestrictions_BODY"
          action_to_use {
            count {}
          }
        }
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "known-bad-inputs"
    priority = 20
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  # A coarse flood limit per client address; login throttling proper is in the app.
  rule {
    name     = "rate-per-ip"
    priority = 30
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate-per-ip"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = local.name
    sampled_requests_enabled   = true
  }
}

resource "aws_cloudwatch_log_group" "waf" {
  #checkov:skip=CKV_AWS_158:WAF logs must live in us-east-1 with the web ACL, away from the app's key; they hold request metadata with cookies redacted, encrypted by CloudWatch's own key
  provider          = aws.us_east_1
  name              = "aws-waf-logs-${local.name}" # WAF requires this prefix
  retention_in_days = var.log_retention_days
}

resource "aws_wafv2_web_acl_logging_configuration" "main" {
  provider                = aws.us_east_1
  resource_arn            = aws_wafv2_web_acl.main.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]

  # Session cookies never reach the logs.
  redacted_fields {
    single_header {
      name = "cookie"
    }
  }
}

# --- the access-log bucket (ALB and CloudFront) ---------------------------------------------

resource "aws_s3_bucket" "logs" {
  #checkov:skip=CKV_AWS_18:This is the access-log bucket; logging it into itself would loop
  #checkov:skip=CKV_AWS_144:Access logs are not worth a second region; losing them loses no user data
  #checkov:skip=CKV2_AWS_62:Nothing reacts to new log files; they are read when investigating
  #checkov:skip=CKV_AWS_145:ALB access logs can only be written to SSE-S3 buckets, not SSE-KMS
  bucket_prefix = "${local.name}-logs-"
  force_destroy = false
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# CloudFront's standard logs are written with an ACL grant, so ACLs stay on for this bucket
# (owner-preferred: the account still owns every object).
resource "aws_s3_bucket_ownership_controls" "logs" {
  #checkov:skip=CKV2_AWS_65:CloudFront standard logging writes through an ACL grant, so ACLs cannot be disabled here
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

# ALB access logs can only be written with S3-managed keys (SSE-S3), not KMS.
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"
    filter {}
    expiration {
      days = 400
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

data "aws_elb_service_account" "current" {}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AlbWritesAccessLogs"
        Effect    = "Allow"
        Principal = { AWS = data.aws_elb_service_account.current.arn }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.logs.arn}/alb/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

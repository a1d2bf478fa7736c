//! The audit function: its execution role (exactly the audit's calls, the delivery's and the
//! platform's, from the one action list), the function itself, and the alarm on its errors.

use iam_audit_model::actions::ROOT_AUDIT_TASK_POLICY;

use super::parts::hcl_list;
use crate::deploy::design::{Design, REPORTS_PREFIX};

/// The function's execution role and its policy: exactly the audit's calls, the delivery's and the
/// platform's. The policy document is HCL: `jsonencode(...)` of the statements (each a JSON object written as
/// an HCL object literal), with the conditional ones kept by `compact`-like filtering.
pub(super) fn execution_role(design: &Design) -> String {
    let read_actions = hcl_list(&design.read_actions());
    let list = |prefix: &str| hcl_list(&design.delivery(prefix));
    format!(
        r#"resource "aws_iam_role" "execution_role" {{
  name_prefix = "${{var.name}}-function-"
  description = "iam-audit's function: assume the audit role, read the management account, write the reports"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Principal = {{ Service = "lambda.amazonaws.com" }}, Action = "sts:AssumeRole" }}]
  }})
}}

resource "aws_iam_role_policy" "execution_role_policy" {{
  name = "iam-audit-execution"
  role = aws_iam_role.execution_role.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = concat(
      [
        {{ Sid = "AssumeAuditRole", Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:${{data.aws_partition.current.partition}}:iam::*:role/${{var.audit_role_name}}" }},
        {{ Sid = "ReadOnlyRootSessions", Effect = "Allow", Action = "sts:AssumeRoot", Resource = "arn:${{data.aws_partition.current.partition}}:iam::*:root", Condition = {{ StringEquals = {{ "sts:TaskPolicyArn" = "arn:${{data.aws_partition.current.partition}}:iam::aws:{root_task_policy}" }} }} }},
        {{ Sid = "ReadManagementAccount", Effect = "Allow", Action = {read_actions}, Resource = "*" }},
        {{ Sid = "WriteReports", Effect = "Allow", Action = {put}, Resource = "${{aws_s3_bucket.reports_bucket.arn}}/{prefix}/*" }},
        {{ Sid = "ReadBaselines", Effect = "Allow", Action = {get}, Resource = "${{aws_s3_bucket.reports_bucket.arn}}/{prefix}/*" }},
        {{ Sid = "WriteLogs", Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = "${{aws_cloudwatch_log_group.function_log_group.arn}}:*" }},
        {{ Sid = "DeadLetters", Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.dead_letter_queue.arn }},{config_statements}
      ],
      var.reports_kms_key_arn != "" ? [{{ Sid = "EncryptReports", Effect = "Allow", Action = {kms}, Resource = var.reports_kms_key_arn }}] : [],
      var.slack_webhook_secret_arn != "" ? [{{ Sid = "ReadWebhook", Effect = "Allow", Action = {secret}, Resource = var.slack_webhook_secret_arn }}] : [],
      var.notify_topic_arn != "" ? [{{ Sid = "Notify", Effect = "Allow", Action = {sns}, Resource = var.notify_topic_arn }}] : [],
    )
  }})
}}

"#,
        put = list("s3:Put"),
        get = list("s3:Get"),
        kms = list("kms:"),
        secret = list("secretsmanager:"),
        sns = list("sns:"),
        prefix = REPORTS_PREFIX,
        root_task_policy = ROOT_AUDIT_TASK_POLICY,
        config_statements = config_statements(design),
    )
}

/// The configuration in S3 and its routes' targets (`deploy --config`), as HCL object literals
/// on lines of their own; nothing without a configuration.
fn config_statements(design: &Design) -> String {
    let Some(config) = &design.config else {
        return String::new();
    };
    let mut lines = vec![format!(
        r#"{{ Sid = "ReadConfig", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:${{data.aws_partition.current.partition}}:s3:::{}/{}" }},"#,
        config.bucket, config.key
    )];
    if !config.topics.is_empty() {
        lines.push(format!(
            r#"{{ Sid = "RouteTopics", Effect = "Allow", Action = {}, Resource = {} }},"#,
            hcl_list(&design.delivery("sns:")),
            hcl_list(&config.topics)
        ));
    }
    if !config.secrets.is_empty() {
        lines.push(format!(
            r#"{{ Sid = "RouteWebhooks", Effect = "Allow", Action = {}, Resource = {} }},"#,
            hcl_list(&design.delivery("secretsmanager:")),
            hcl_list(&config.secrets)
        ));
    }
    lines
        .iter()
        .map(|line| format!("\n        {line}"))
        .collect()
}

/// The function and the alarm on its errors; `@RESERVED@` is its reserved concurrency.
pub(super) const FUNCTION: &str = r#"resource "aws_lambda_function" "function" {
  function_name                  = local.function_name
  description                    = "iam-audit: audits the organization's IAM credentials, read-only"
  runtime                        = "provided.al2023"
  handler                        = "bootstrap"
  architectures                  = ["x86_64"]
  s3_bucket                      = var.code_bucket
  s3_key                         = var.code_key
  role                           = aws_iam_role.execution_role.arn
  memory_size                    = var.function_memory
  timeout                        = var.function_timeout
  reserved_concurrent_executions = @RESERVED@
  #checkov:skip=CKV_AWS_117:The function calls AWS's public APIs; outside a VPC it needs no NAT or endpoints
  #checkov:skip=CKV_AWS_50:X-Ray adds nothing the JSON logs do not show
  #checkov:skip=CKV_AWS_272:Code signing is the organization's choice for its own build of bootstrap.zip
  dead_letter_config {
    target_arn = aws_sqs_queue.dead_letter_queue.arn
  }
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.function_log_group.name
  }
}

resource "aws_cloudwatch_metric_alarm" "function_errors_alarm" {
  alarm_name          = "${local.function_name}-errors"
  alarm_description   = "iam-audit: Errors — the weekly audit did not finish; see the logs and the dead-letter queue"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.function.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_topic_arn != "" ? [var.alarm_topic_arn] : []
}

"#;

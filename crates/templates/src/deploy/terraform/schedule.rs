//! The weekly start: the EventBridge Scheduler schedule, its role, and the event it sends (the
//! audit's options, or the state machine's input with shards).

use super::parts::{hcl_list, service_role};
use crate::deploy::design::{Design, REPORTS_PREFIX};

/// The schedule, its role, and the event it sends (the same keys as the CloudFormation's).
pub(super) fn schedule(design: &Design) -> String {
    let delivery = format!(
        r#"output_dir = "s3://${{aws_s3_bucket.reports_bucket.id}}/{REPORTS_PREFIX}", baseline = "auto", format = "csv,html,json", notify = local.notify, slack_webhook_secret = var.slack_webhook_secret_arn, s3_kms_key = var.reports_kms_key_arn, presign_hours = var.presign_hours"#
    );
    // The configuration in S3 (`deploy --config-uri`): the audit's and, with shards, the merge's.
    let config = design.config.as_ref().map_or_else(String::new, |config| {
        format!(r#", config = "{}""#, config.uri)
    });
    let audit = format!(r#"role = var.audit_role_name, external_id = var.external_id{config}"#);
    let (target, permission) = if design.shards > 1 {
        let (sts, organizations) = design.shard_rates();
        (
            format!(
                r#"aws_sfn_state_machine.state_machine.arn
    input    = jsonencode({{ shards = {shards}, audit = {{ {audit}, output_dir = "s3://${{aws_s3_bucket.reports_bucket.id}}/{REPORTS_PREFIX}/shards", s3_kms_key = var.reports_kms_key_arn, sts_rate = {sts}, organizations_rate = {organizations} }}, deliver = {{ {delivery}{config} }} }})"#,
                shards = hcl_list(&design.shard_names()),
            ),
            r#"{ Sid = "StartAudit", Effect = "Allow", Action = "states:StartExecution", Resource = aws_sfn_state_machine.state_machine.arn }"#,
        )
    } else {
        (
            format!(
                "aws_lambda_function.function.arn\n    input    = jsonencode({{ {audit}, {delivery} }})"
            ),
            r#"{ Sid = "InvokeAudit", Effect = "Allow", Action = "lambda:InvokeFunction", Resource = aws_lambda_function.function.arn }"#,
        )
    };
    format!(
        r#"{role}resource "aws_iam_role_policy" "scheduler_role_policy" {{
  name = "iam-audit-schedule"
  role = aws_iam_role.scheduler_role.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {permission},
      {{ Sid = "DeadLetters", Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.dead_letter_queue.arn }},
    ]
  }})
}}

resource "aws_scheduler_schedule" "schedule" {{
  name_prefix                  = "${{var.name}}-"
  description                  = "iam-audit's weekly run"
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.schedule_timezone
  state                        = var.schedule_state
  flexible_time_window {{
    mode = "OFF"
  }}
  target {{
    arn      = {target}
    role_arn = aws_iam_role.scheduler_role.arn
    retry_policy {{
      maximum_retry_attempts       = 0
      maximum_event_age_in_seconds = 3600
    }}
    dead_letter_config {{
      arn = aws_sqs_queue.dead_letter_queue.arn
    }}
  }}
}}

"#,
        role = service_role(
            "scheduler_role",
            "schedule",
            "EventBridge Scheduler: start iam-audit",
            "scheduler.amazonaws.com"
        ),
    )
}

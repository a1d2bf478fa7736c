//! With `--shards N`: the Step Functions state machine that runs the shards in a Map state, then
//! one merge, with its log group, its role and the alarm on its failures.

use super::parts::service_role;
use crate::deploy::design::Design;
use crate::deploy::state_machine::definition;

/// The state machine (`--shards N`), its log group, its role, and the alarm on its failures.
pub(super) fn state_machine(design: &Design) -> serde_json::Result<String> {
    let definition = serde_json::to_string_pretty(&definition(design))?
        .replace("${FunctionArn}", "${aws_lambda_function.function.arn}");
    Ok(format!(
        r#"resource "aws_cloudwatch_log_group" "state_machine_log_group" {{
  name              = "/aws/vendedlogs/states/${{var.name}}-iam-audit"
  retention_in_days = var.log_retention_days
  #checkov:skip=CKV_AWS_158:The logs hold no secret; CloudWatch's own encryption applies
  #checkov:skip=CKV_AWS_338:Retention is a variable (default 90 days)
}}

{role}resource "aws_iam_role_policy" "state_machine_role_policy" {{
  name = "iam-audit-states"
  role = aws_iam_role.state_machine_role.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{ Sid = "InvokeAudit", Effect = "Allow", Action = "lambda:InvokeFunction", Resource = aws_lambda_function.function.arn }},
      {{ Sid = "DeliverLogs", Effect = "Allow", Action = ["logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery"], Resource = "*" }},
    ]
  }})
}}

resource "aws_sfn_state_machine" "state_machine" {{
  name_prefix = "${{var.name}}-"
  role_arn    = aws_iam_role.state_machine_role.arn
  #checkov:skip=CKV_AWS_285:X-Ray adds nothing the execution history does not show
  #checkov:skip=CKV_AWS_284:X-Ray adds nothing the execution history does not show
  definition = <<-DEFINITION
{definition}
  DEFINITION
  logging_configuration {{
    level                  = "ERROR"
    include_execution_data = false
    log_destination        = "${{aws_cloudwatch_log_group.state_machine_log_group.arn}}:*"
  }}
}}

resource "aws_cloudwatch_metric_alarm" "state_machine_failures_alarm" {{
  alarm_name          = "${{local.function_name}}-executions-failed"
  alarm_description   = "iam-audit: ExecutionsFailed — the weekly audit did not finish"
  namespace           = "AWS/States"
  metric_name         = "ExecutionsFailed"
  dimensions          = {{ StateMachineArn = aws_sfn_state_machine.state_machine.arn }}
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_topic_arn != "" ? [var.alarm_topic_arn] : []
}}

"#,
        role = service_role(
            "state_machine_role",
            "states",
            "iam-audit's state machine: invoke the shards and the merge",
            "states.amazonaws.com"
        ),
    ))
}

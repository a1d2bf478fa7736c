//! `iam-audit deploy`'s documents: the infrastructure that runs the audit on a schedule inside
//! the organization's management (or security tooling) account, as one CloudFormation template
//! ([`cloudformation`]) or the same resources in Terraform ([`terraform`]): the Lambda function
//! (`provided.al2023`, reserved concurrency 1, a dead-letter queue), an EventBridge Scheduler
//! schedule with its timezone, the reports bucket (versioned, private, TLS-only, encrypted,
//! owner-enforced, with a lifecycle), the Slack webhook as a Secrets Manager reference, a log
//! group with retention, an alarm on the function's errors, and the execution role. With
//! `--shards N`, a Step Functions state machine runs N shard invocations in a Map state, then one
//! merge.
//!
//! The execution role's actions come from the one action list ([`iam_audit_model::actions`]),
//! as `iam-audit policy`'s do, so the deployed role cannot drift from what the tool calls. Both
//! formats are written from one description of the resources ([`Design`]), one module per group
//! of resources in each format.

mod cloudformation;
mod design;
mod state_machine;
mod terraform;

pub use design::{DEFAULT_SCHEDULE, DeployedConfig, Design, REPORTS_PREFIX};

/// The CloudFormation template (JSON, pretty-printed).
pub fn cloudformation(design: &Design) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&cloudformation::template(design))
}

/// The Terraform module (HCL).
pub fn terraform(design: &Design) -> serde_json::Result<String> {
    terraform::template(design)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design(shards: u32) -> Design {
        Design {
            shards,
            role: "IamAuditRole".to_string(),
            partition: "aws".to_string(),
            config: None,
        }
    }

    #[test]
    fn the_function_reads_but_assumes_only_the_audit_role() {
        let actions = design(1).read_actions();
        assert!(actions.contains(&"iam:ListUsers") && actions.contains(&"cloudtrail:LookupEvents"));
        assert!(
            !actions.contains(&"sts:AssumeRole") && !actions.contains(&"iam:GetCredentialReport")
        );
        assert_eq!(design(1).delivery("s3:"), ["s3:GetObject", "s3:PutObject"]);
    }

    #[test]
    fn the_state_machine_comes_only_with_shards() {
        for (shards, expected) in [(1, false), (3, true)] {
            let template: serde_json::Value =
                serde_json::from_str(&cloudformation(&design(shards)).expect("template"))
                    .expect("JSON");
            assert_eq!(
                template["Resources"].get("StateMachine").is_some(),
                expected
            );
            let module = terraform(&design(shards)).expect("module");
            assert_eq!(module.contains("aws_sfn_state_machine"), expected);
            assert!(!module.contains('@'), "every placeholder is filled");
        }
    }
}

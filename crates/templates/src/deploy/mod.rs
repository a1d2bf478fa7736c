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
mod state_machine;
mod terraform;

use iam_audit_model::actions::{PolicyNeeds, Scope, actions_for, delivery_actions};

/// The schedule's default: Mondays at 09:00 in the schedule's timezone.
pub const DEFAULT_SCHEDULE: &str = "cron(0 9 ? * MON *)";
/// Where in the bucket the reports go.
pub const REPORTS_PREFIX: &str = "iam-audit";

/// What is deployed, independent of the format.
pub struct Design {
    /// Shards per audit (1: one invocation).
    pub shards: u32,
    /// The audit role's default name.
    pub role: String,
    /// The partition, for the ARNs the formats cannot compute.
    pub partition: String,
}

impl Design {
    /// The function's reserved concurrency: one invocation at a time, so two runs never overlap
    /// (and a retried schedule cannot double the load on the audited accounts); with shards, the
    /// shards' invocations run at once, so as many as there are shards.
    pub fn reserved_concurrency(&self) -> u32 {
        self.shards.max(1)
    }

    /// The management-account reads the function makes itself: the organization, and the
    /// management account's own IAM and CloudTrail (it is audited with the function's
    /// credentials). `sts:AssumeRole` is granted apart, on the audit role only.
    pub fn read_actions(&self) -> Vec<&'static str> {
        let needs = PolicyNeeds {
            cloudtrail: true,
            credential_report: false,
            doctor: false,
        };
        let mut actions: Vec<&'static str> = actions_for(Scope::Management, needs)
            .into_iter()
            .chain(actions_for(Scope::Member, needs))
            .filter(|action| *action != "sts:AssumeRole" && *action != "sts:GetCallerIdentity")
            .collect();
        actions.sort_unstable();
        actions.dedup();
        actions
    }

    /// The delivery's actions by purpose (from the same list).
    pub fn delivery(&self, prefix: &str) -> Vec<&'static str> {
        delivery_actions()
            .into_iter()
            .filter(|action| action.starts_with(prefix))
            .collect()
    }

    /// The shards' names, `1/N`…`N/N`.
    pub fn shard_names(&self) -> Vec<String> {
        (1..=self.shards)
            .map(|index| format!("{index}/{}", self.shards))
            .collect()
    }

    /// The client-side rates of one shard (two decimals): the caller's account's STS and
    /// Organizations budgets are shared by the shards running at once.
    pub fn shard_rates(&self) -> (String, String) {
        let shards = f64::from(self.shards.max(1));
        (
            format!("{:.2}", 50.0 / shards),
            format!("{:.2}", 5.0 / shards),
        )
    }
    /// How a run is carried out, as the documents' descriptions say it: "one Lambda invocation"
    /// or "N shards on Step Functions".
    pub fn runs_as(&self) -> String {
        if self.shards > 1 {
            format!("{} shards on Step Functions", self.shards)
        } else {
            "one Lambda invocation".to_string()
        }
    }
}

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

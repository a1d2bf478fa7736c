//! What is deployed, independent of the format: the shards, the audit role's default name, the
//! partition, and what follows from them (the function's concurrency, its actions from the one
//! action list, the shards' names and rates). Both formats read this one description.

use iam_audit_model::actions::{GRANTED_APART, PolicyNeeds, Scope, actions_for, delivery_actions};

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
    /// credentials). `sts:AssumeRole` (on the audit role only) and `sts:AssumeRoot` (with the
    /// read-only task policy only) are granted apart.
    pub fn read_actions(&self) -> Vec<&'static str> {
        let needs = PolicyNeeds {
            cloudtrail: true,
            credential_report: false,
            doctor: false,
            last_accessed: true,
            account_tags: false,
        };
        let mut actions: Vec<&'static str> = actions_for(Scope::Management, needs)
            .into_iter()
            .chain(actions_for(Scope::Member, needs))
            .filter(|action| !GRANTED_APART.contains(action))
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

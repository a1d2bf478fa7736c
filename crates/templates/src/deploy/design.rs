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
    /// The audit's configuration in S3 (`deploy --config FILE --config-uri s3://…`): the event
    /// names it, and the function may read it and reach its routes' targets.
    pub config: Option<DeployedConfig>,
}

/// A configuration the deployed function reads from S3 (issue 25), with what it asks of the
/// function's role.
#[derive(Debug, Clone, Default)]
pub struct DeployedConfig {
    /// `s3://bucket/key`, as the event's `config`.
    pub uri: String,
    /// The bucket and key, for `s3:GetObject`.
    pub bucket: String,
    /// The object's key.
    pub key: String,
    /// The routes' SNS topics (`sns:Publish`).
    pub topics: Vec<String>,
    /// The routes' Slack secrets (`secretsmanager:GetSecretValue`).
    pub secrets: Vec<String>,
    /// `[owners] account_tags`: `organizations:ListTagsForResource`.
    pub account_tags: bool,
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
            account_tags: self
                .config
                .as_ref()
                .is_some_and(|config| config.account_tags),
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

    /// The event's `config` key (`, "config": "s3://…"`), or nothing.
    pub fn config_key(&self, separator: &str) -> String {
        self.config.as_ref().map_or_else(String::new, |config| {
            format!(", \"config\"{separator}\"{}\"", config.uri)
        })
    }

    /// The routes' statements of the function's role, as JSON values: reading the config, and
    /// each route target's action on exactly its resources.
    pub fn config_statements(&self, partition: &str) -> Vec<serde_json::Value> {
        let Some(config) = &self.config else {
            return Vec::new();
        };
        let mut statements = vec![serde_json::json!({
            "Sid": "ReadConfig", "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": format!("arn:{partition}:s3:::{}/{}", config.bucket, config.key),
        })];
        if !config.topics.is_empty() {
            statements.push(serde_json::json!({
                "Sid": "RouteTopics", "Effect": "Allow", "Action": self.delivery("sns:"),
                "Resource": config.topics,
            }));
        }
        if !config.secrets.is_empty() {
            statements.push(serde_json::json!({
                "Sid": "RouteWebhooks", "Effect": "Allow", "Action": self.delivery("secretsmanager:"),
                "Resource": config.secrets,
            }));
        }
        statements
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

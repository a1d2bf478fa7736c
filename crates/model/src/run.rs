//! One audit run: who ran it, what was read, when.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{AccountSnapshot, CollectionError, LastAccessed, Observed, Shard, SkippedAccount};

/// The AWS partition, taken from the caller's ARN; it decides how role ARNs are written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partition(pub String);

impl Partition {
    /// The partition of an ARN (`arn:aws-us-gov:...` gives `aws-us-gov`); `aws` when the ARN
    /// cannot be read.
    pub fn of_arn(arn: &str) -> Partition {
        let mut parts = arn.split(':');
        match (parts.next(), parts.next()) {
            (Some("arn"), Some(partition)) if !partition.is_empty() => {
                Partition(partition.to_string())
            }
            _ => Partition("aws".to_string()),
        }
    }

    /// The ARN of a role in an account of this partition.
    pub fn role_arn(&self, account_id: &str, role_name: &str) -> String {
        format!("arn:{}:iam::{account_id}:role/{role_name}", self.0)
    }
}

/// The identity the audit ran as (STS GetCallerIdentity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerIdentity {
    /// The caller's account.
    pub account_id: String,
    /// The caller's ARN.
    pub arn: String,
    /// The caller's user id.
    pub user_id: String,
}

impl CallerIdentity {
    /// The caller's partition.
    pub fn partition(&self) -> Partition {
        Partition::of_arn(&self.arn)
    }
}

/// Where the per-user credential state comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IamSource {
    /// ListUsers, then per user ListAccessKeys, ListMFADevices, GetLoginProfile (exact, current).
    #[default]
    Api,
    /// The IAM credential report (up to 4 hours old), then ListAccessKeys only for users with keys
    /// and ListMFADevices only for users with MFA: far fewer calls.
    CredentialReport,
}

impl IamSource {
    /// As `--iam-source` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            IamSource::Api => "api",
            IamSource::CredentialReport => "credential-report",
        }
    }
}

/// What a run was asked to read: the options that shape what it collects. The shards of one run
/// share all of it but the shard's index; two runs compared with each other may differ, and the
/// comparison then knows what the newer run could not have seen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunScope {
    /// The run's identity, chosen once for all shards of one run (`--run-id`, the Step Functions
    /// execution); `None` for a run that was not given one.
    pub run_id: Option<String>,
    /// The role assumed in member accounts.
    pub role: String,
    /// The home region (STS, CloudTrail).
    pub region: String,
    /// Where per-user state came from.
    pub iam_source: IamSource,
    /// The CloudTrail window in days; `None` when CloudTrail was not read (`--no-cloudtrail`).
    pub cloudtrail_days: Option<u32>,
    /// `--accounts`, when given (sorted).
    pub include_accounts: Option<Vec<String>>,
    /// `--exclude-accounts` (sorted).
    pub exclude_accounts: Vec<String>,
    /// The shard this run collected, when it was one.
    pub shard: Option<Shard>,
    /// Pages of CloudTrail LookupEvents read per active key used within the window
    /// (`--key-activity-pages`); `None` when key activity was not read (0, or CloudTrail off).
    #[serde(default)]
    pub key_activity_pages: Option<u32>,
    /// The scanner files read (`--exposed-keys`) and the key ids they name; `None` when none
    /// was given.
    #[serde(default)]
    pub exposed_keys: Option<crate::ExposedKeyList>,
    /// Whose service last accessed reports were read (`--last-accessed`); `off` for a run recorded
    /// before the option existed.
    #[serde(default)]
    pub last_accessed: LastAccessed,
    /// The usage window in days (`--usage-window-days`); `None` when usage was not read.
    #[serde(default)]
    pub usage_window_days: Option<u32>,
}

impl RunScope {
    /// The options that must agree between the shards of one run, one `name value` each, in a
    /// stable order (the shard's own index left out).
    pub fn collection_options(&self) -> Vec<(&'static str, String)> {
        vec![
            ("role", self.role.clone()),
            ("region", self.region.clone()),
            ("iam_source", self.iam_source.as_str().to_string()),
            (
                "cloudtrail_days",
                self.cloudtrail_days
                    .map_or_else(|| "off".to_string(), |days| days.to_string()),
            ),
            (
                "accounts",
                self.include_accounts
                    .as_ref()
                    .map_or_else(|| "all".to_string(), |accounts| accounts.join(",")),
            ),
            ("exclude_accounts", self.exclude_accounts.join(",")),
            ("last_accessed", self.last_accessed.as_str().to_string()),
            (
                "usage_window_days",
                self.usage_window_days
                    .map_or_else(|| "off".to_string(), |days| days.to_string()),
            ),
            (
                "shards",
                self.shard
                    .map_or_else(|| "none".to_string(), |shard| shard.count.to_string()),
            ),
            (
                "key_activity_pages",
                self.key_activity_pages
                    .map_or_else(|| "off".to_string(), |pages| pages.to_string()),
            ),
            (
                "exposed_keys",
                self.exposed_keys
                    .as_ref()
                    .map_or_else(|| "none".to_string(), |list| list.files.join(",")),
            ),
        ]
    }
}

/// Everything one run read, in a deterministic order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRun {
    /// Who ran it.
    pub caller: CallerIdentity,
    /// The organization's id, when DescribeOrganization answered.
    pub organization_id: Option<String>,
    /// The management account's id, when DescribeOrganization answered.
    pub management_account_id: Option<String>,
    /// The caller's account belongs to no organization and was audited alone.
    #[serde(default)]
    pub standalone: bool,
    /// What the run was asked to read. Absent from the shard reports of iam-audit before 0.2
    /// (`collected`), which `merge` then refuses.
    #[serde(default)]
    pub scope: Option<RunScope>,
    /// When the run started.
    pub started_at: DateTime<Utc>,
    /// When collection ended.
    pub finished_at: DateTime<Utc>,
    /// Audited accounts, sorted by id.
    pub accounts: Vec<AccountSnapshot>,
    /// Accounts of the organization that were not audited.
    pub skipped_accounts: Vec<SkippedAccount>,
    /// Failures that belong to no single audited account (DescribeOrganization, an account named
    /// in `--accounts` that is not in the organization).
    pub errors: Vec<CollectionError>,
    /// Whether the organization manages member accounts' root credentials centrally (IAM
    /// ListOrganizationsFeatures, `RootCredentialsManagement`).
    pub root_credentials_management: Observed<bool>,
    /// Whether the organization allows privileged root sessions (`RootSessions`: what
    /// `sts:AssumeRoot` needs).
    #[serde(default = "Observed::unknown")]
    pub root_sessions: Observed<bool>,
    /// How many calls the SDK retried (throttling and transient failures) during the run.
    pub retries: u64,
    /// How many API calls were made (attempts, retries included).
    pub api_calls: u64,
}

impl AuditRun {
    /// Every failure of the run, organization-level first, then by account.
    pub fn all_errors(&self) -> impl Iterator<Item = &CollectionError> {
        self.errors.iter().chain(
            self.accounts
                .iter()
                .flat_map(|snapshot| snapshot.errors.iter()),
        )
    }

    /// True when something could not be read: the exit code is then 2.
    pub fn is_incomplete(&self) -> bool {
        self.all_errors().next().is_some()
    }

    /// Sorts accounts and skipped accounts by id.
    pub fn sort(&mut self) {
        self.accounts
            .sort_by(|left, right| left.account.id.cmp(&right.account.id));
        self.skipped_accounts
            .sort_by(|left, right| left.account.id.cmp(&right.account.id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_comes_from_the_arn() {
        assert_eq!(
            Partition::of_arn("arn:aws-us-gov:iam::123456789012:user/a").0,
            "aws-us-gov"
        );
        assert_eq!(
            Partition::of_arn("arn:aws-cn:sts::1:assumed-role/r/s").0,
            "aws-cn"
        );
        assert_eq!(Partition::of_arn("garbage").0, "aws");
        assert_eq!(Partition::of_arn("arn::iam").0, "aws");
    }

    #[test]
    fn role_arn_uses_the_partition() {
        let partition = Partition("aws-cn".into());
        assert_eq!(
            partition.role_arn("123456789012", "Audit"),
            "arn:aws-cn:iam::123456789012:role/Audit"
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::property_cases(2000)))]

        #[test]
        fn any_arn_gives_a_partition(arn in any::<String>()) {
            let Partition(partition) = Partition::of_arn(&arn);
            prop_assert!(!partition.is_empty());
        }

        #[test]
        fn the_partition_roundtrips(partition in "[a-z][a-z-]{0,15}", rest in "[ -~]{0,60}") {
            prop_assert_eq!(Partition::of_arn(&format!("arn:{partition}:{rest}")).0, partition);
        }
    }
}

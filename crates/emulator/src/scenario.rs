//! The scenario file: an organization, its accounts, users, keys, events, and the faults and
//! limits the emulator applies. TOML or JSON; the schema is documented in the crate's README.
//!
//! Dates may be absolute (RFC 3339) or relative to the moment the emulator starts (`-400d`,
//! `-6h`, `-30m`, `now`), so the built-in demo ages correctly.

mod activity;
mod credentials;
mod permissions;
mod resources;
mod root;
mod tree;
mod usage;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub use activity::{
    ActivitySpec, DEFAULT_USER_AGENT, event_source_of, is_read_only, is_service_address,
};
use chrono::{DateTime, Duration, Utc};
pub use credentials::{
    PasswordPolicySpec, ServiceSpecificCredentialSpec, SigningCertificateSpec, SshPublicKeySpec,
};
pub use iam_audit_model::RateLimits;
pub use permissions::{
    GroupSpec, InlinePolicySpec, ManagedPolicySpec, PolicyTarget, PolicyVersionSpec, RoleSpec,
    customer_policy_arn, policy_target,
};
pub use resources::{ANALYZER_TYPES, AnalyzerSpec, ServerCertificateSpec};
pub use root::{RootMfaSpec, RootSpec};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
pub use usage::UsageSpec;

/// What went wrong reading a scenario.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read scenario file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The TOML is not valid or does not fit the schema.
    #[error("invalid scenario TOML: {0}")]
    Toml(#[from] toml::de::Error),
    /// The JSON is not valid or does not fit the schema.
    #[error("invalid scenario JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The scenario is well-formed but inconsistent.
    #[error("invalid scenario: {0}")]
    Invalid(String),
}

/// A moment, absolute or relative to the emulator's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A fixed time.
    At(DateTime<Utc>),
    /// An offset from "now" (negative is the past).
    Relative(Duration),
}

impl When {
    /// The moment, given the emulator's "now".
    pub fn resolve(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            When::At(moment) => moment,
            When::Relative(offset) => now + offset,
        }
    }

    /// `days` days before now.
    pub fn days_ago(days: i64) -> When {
        When::Relative(Duration::days(-days))
    }

    /// Parses `2024-01-02T03:04:05Z`, `now`, or `[-+]N[dhms]`.
    pub fn parse(text: &str) -> Result<When, String> {
        let text = text.trim();
        if text == "now" {
            return Ok(When::Relative(Duration::zero()));
        }
        if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
            return Ok(When::At(moment.with_timezone(&Utc)));
        }
        let (sign, rest) = match text.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, text.strip_prefix('+').unwrap_or(text)),
        };
        let unit = rest
            .chars()
            .last()
            .ok_or_else(|| "empty date".to_string())?;
        let number: i64 = rest[..rest.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| format!("`{text}` is neither RFC 3339 nor a relative date like -90d"))?;
        let offset = match unit {
            'd' => Duration::try_days(number),
            'h' => Duration::try_hours(number),
            'm' => Duration::try_minutes(number),
            's' => Duration::try_seconds(number),
            _ => None,
        }
        .ok_or_else(|| format!("`{text}`: unit must be d, h, m or s and the number in range"))?;
        Ok(When::Relative(offset * sign))
    }
}

impl std::fmt::Display for When {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::At(moment) => write!(formatter, "{}", moment.to_rfc3339()),
            When::Relative(offset) => write!(formatter, "{}s", offset.num_seconds()),
        }
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        When::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The whole scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A name shown in logs and benchmark lines.
    #[serde(default = "default_name")]
    pub name: String,
    /// The organization.
    pub organization: Organization,
    /// Latency, page sizes, rate limits.
    #[serde(default)]
    pub settings: Settings,
    /// Every account, the management account included.
    #[serde(default)]
    pub accounts: Vec<AccountSpec>,
    /// Faults to inject.
    #[serde(default)]
    pub faults: Vec<Fault>,
}

fn default_name() -> String {
    "scenario".to_string()
}

/// The organization itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// `o-...`.
    pub id: String,
    /// The management account's id; must be one of `accounts`.
    pub management_account: String,
    /// The identity that credentials the emulator did not issue act as. Default:
    /// `arn:aws:iam::<management>:user/emulator-caller`.
    #[serde(default)]
    pub caller_arn: Option<String>,
    /// Whether the organization manages root credentials centrally (IAM
    /// ListOrganizationsFeatures: `RootCredentialsManagement`).
    #[serde(default)]
    pub root_credentials_management: bool,
    /// Whether the management account may open privileged root sessions in member accounts (STS
    /// AssumeRoot; IAM ListOrganizationsFeatures: `RootSessions`). Absent: the same as
    /// `root_credentials_management`, as the emulator answered before the two were told apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_sessions: Option<bool>,
    /// Whether a Control Tower landing zone exists.
    #[serde(default)]
    pub control_tower: bool,
    /// False for a standalone account: the organization's fields only describe the caller's
    /// account, and every Organizations call answers AWSOrganizationsNotInUseException, as AWS
    /// does outside an organization.
    #[serde(default = "in_use")]
    pub in_use: bool,
    /// Organizational units under the root, by path: `Production`, then `Production/Cards` for
    /// the OU Cards inside Production (a parent is listed before its children).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizational_units: Vec<String>,
}

fn in_use() -> bool {
    true
}

impl Organization {
    /// Whether root sessions (STS AssumeRoot) are enabled.
    pub fn root_sessions_enabled(&self) -> bool {
        self.root_sessions
            .unwrap_or(self.root_credentials_management)
    }
}

/// Response timing, pagination and rate limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Mean response latency in milliseconds.
    pub latency_ms: u64,
    /// Uniform jitter added to or taken from the latency, in milliseconds.
    pub jitter_ms: u64,
    /// Random seed for jitter and probabilistic faults.
    pub seed: u64,
    /// Maximum lifetime of AssumeRole credentials in seconds, whatever the caller asks (to test
    /// refresh with short-lived credentials).
    pub max_session_duration_s: Option<u64>,
    /// How long a credential report takes to generate, in milliseconds: until then
    /// GenerateCredentialReport answers STARTED/INPROGRESS and GetCredentialReport
    /// ReportInProgress.
    pub credential_report_delay_ms: u64,
    /// Page sizes.
    pub page_size: PageSizes,
    /// Requests per second, per account (and region for CloudTrail); absent means unlimited.
    pub rate_limits: RateLimits,
    /// Answer ListServiceSpecificCredentials' `AllUsers=true` with a ValidationError, as a
    /// partition without the parameter might, so a client's fallback to per-user calls is tested.
    pub refuse_all_users: bool,
    /// IAM Access Analyzer requests per second, per account and region; absent means unlimited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_analyzer_rate_limit: Option<f64>,
    /// Every Organizations list answers an empty page (with a NextToken) before each page of
    /// items, as Organizations may: a client must follow NextToken, not stop at an empty page.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub organizations_empty_pages: bool,
    /// How many GetServiceLastAccessedDetails calls answer `IN_PROGRESS` before a job completes
    /// (default 1: the first poll).
    #[serde(skip_serializing_if = "is_one")]
    pub last_accessed_polls: u32,
    /// How long a service last accessed job stays `IN_PROGRESS` after it was generated, in
    /// milliseconds, whatever the polls (default 0).
    #[serde(skip_serializing_if = "is_zero")]
    pub last_accessed_delay_ms: u64,
}

fn is_one(value: &u32) -> bool {
    *value == 1
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            latency_ms: 0,
            jitter_ms: 0,
            seed: 7,
            max_session_duration_s: None,
            credential_report_delay_ms: 0,
            page_size: PageSizes::default(),
            rate_limits: RateLimits::default(),
            refuse_all_users: false,
            access_analyzer_rate_limit: None,
            organizations_empty_pages: false,
            last_accessed_polls: 1,
            last_accessed_delay_ms: 0,
        }
    }
}

/// Largest page each list API returns (a client's smaller MaxItems/MaxResults wins).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageSizes {
    /// Organizations ListAccounts (AWS: 20).
    pub list_accounts: usize,
    /// IAM ListUsers (AWS: 100 by default, up to 1,000).
    pub list_users: usize,
    /// IAM ListAccessKeys.
    pub list_access_keys: usize,
    /// IAM ListMFADevices.
    pub list_mfa_devices: usize,
    /// IAM ListVirtualMFADevices.
    pub list_virtual_mfa_devices: usize,
    /// IAM ListSSHPublicKeys.
    pub list_ssh_public_keys: usize,
    /// IAM ListSigningCertificates.
    pub list_signing_certificates: usize,
    /// IAM ListServiceSpecificCredentials.
    pub list_service_specific_credentials: usize,
    /// CloudTrail LookupEvents (AWS: 50).
    pub lookup_events: usize,
    /// IAM GetAccountAuthorizationDetails: users, groups, roles and policies together (AWS: 100
    /// by default, up to 1,000).
    pub get_account_authorization_details: usize,
    /// IAM ListServerCertificates.
    #[serde(skip_serializing_if = "is_hundred")]
    pub list_server_certificates: usize,
    /// IAM Access Analyzer ListAnalyzers.
    #[serde(skip_serializing_if = "is_hundred")]
    pub list_analyzers: usize,
    /// Organizations ListRoots, ListOrganizationalUnitsForParent, ListAccountsForParent,
    /// ListChildren, ListParents and ListTagsForResource (AWS: 20).
    #[serde(skip_serializing_if = "is_twenty")]
    pub organizations_lists: usize,
    /// IAM ListUserTags.
    #[serde(skip_serializing_if = "is_hundred")]
    pub list_user_tags: usize,
}

fn is_twenty(size: &usize) -> bool {
    *size == 20
}

/// Page sizes added after the generator's first output are left out of the TOML when they are
/// the default, so that a generated scenario's text does not change.
fn is_hundred(size: &usize) -> bool {
    *size == 100
}

impl PageSizes {
    /// Every size, named, for the check that none is zero.
    fn named(&self) -> [(&'static str, usize); 14] {
        [
            ("list_accounts", self.list_accounts),
            ("list_users", self.list_users),
            ("list_access_keys", self.list_access_keys),
            ("list_mfa_devices", self.list_mfa_devices),
            ("list_virtual_mfa_devices", self.list_virtual_mfa_devices),
            ("list_ssh_public_keys", self.list_ssh_public_keys),
            ("list_signing_certificates", self.list_signing_certificates),
            (
                "list_service_specific_credentials",
                self.list_service_specific_credentials,
            ),
            ("lookup_events", self.lookup_events),
            (
                "get_account_authorization_details",
                self.get_account_authorization_details,
            ),
            ("list_server_certificates", self.list_server_certificates),
            ("list_analyzers", self.list_analyzers),
            ("organizations_lists", self.organizations_lists),
            ("list_user_tags", self.list_user_tags),
        ]
    }
}

impl Default for PageSizes {
    fn default() -> Self {
        PageSizes {
            list_accounts: 20,
            list_users: 100,
            list_access_keys: 100,
            list_mfa_devices: 100,
            list_virtual_mfa_devices: 100,
            list_ssh_public_keys: 100,
            list_signing_certificates: 100,
            list_service_specific_credentials: 100,
            lookup_events: 50,
            get_account_authorization_details: 100,
            list_server_certificates: 100,
            list_analyzers: 100,
            organizations_lists: 20,
            list_user_tags: 100,
        }
    }
}

/// One account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSpec {
    /// Twelve digits.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `ACTIVE` (default), `SUSPENDED`, `PENDING_CLOSURE`.
    #[serde(default = "active")]
    pub state: String,
    /// Send only the legacy `Status` field, not `State`.
    #[serde(default)]
    pub legacy_status_only: bool,
    /// Root email; default `<name>@example.com`.
    #[serde(default)]
    pub email: Option<String>,
    /// Roles AssumeRole may take. A role only named here is what Control Tower creates: AWS's
    /// `AdministratorAccess` attached and a trust policy trusting the management account's root.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Roles described in full (trust policy, attached and inline policies, boundary); one also
    /// named in `roles` takes this description.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub iam_roles: Vec<RoleSpec>,
    /// IAM groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupSpec>,
    /// Customer managed policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<ManagedPolicySpec>,
    /// The root user.
    #[serde(default)]
    pub root: RootSpec,
    /// IAM users.
    #[serde(default)]
    pub users: Vec<UserSpec>,
    /// CloudTrail events (in the management region unless `region` says otherwise).
    #[serde(default)]
    pub events: Vec<EventSpec>,
    /// The account's password policy; absent means none is set (GetAccountPasswordPolicy
    /// answers NoSuchEntity, as IAM does).
    #[serde(default)]
    pub password_policy: Option<PasswordPolicySpec>,
    /// IAM server certificates (ListServerCertificates).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub server_certificates: Vec<ServerCertificateSpec>,
    /// IAM Access Analyzer analyzers, per region (ListAnalyzers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub analyzers: Vec<AnalyzerSpec>,
    /// The organizational unit the account is in, by path (`Production/Cards`); absent: the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit: Option<String>,
    /// The account's tags (Organizations ListTagsForResource).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

fn active() -> String {
    "ACTIVE".to_string()
}

/// One IAM user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserSpec {
    /// User name.
    pub name: String,
    /// The user's unique id (`AIDA…`); default one derived from its ARN. A user deleted and
    /// created again under its name gets another: give it one here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// IAM path, default `/`.
    #[serde(default = "root_path")]
    pub path: String,
    /// Creation time.
    pub created: When,
    /// Console password, if any.
    #[serde(default)]
    pub password: Option<PasswordSpec>,
    /// MFA devices.
    #[serde(default)]
    pub mfa: Vec<MfaSpec>,
    /// Access keys (AWS allows two; the emulator does not enforce it).
    #[serde(default)]
    pub access_keys: Vec<AccessKeySpec>,
    /// SSH public keys (AWS allows five).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ssh_public_keys: Vec<SshPublicKeySpec>,
    /// X.509 signing certificates (AWS allows two).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signing_certificates: Vec<SigningCertificateSpec>,
    /// Service-specific credentials (AWS allows two per service).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_specific_credentials: Vec<ServiceSpecificCredentialSpec>,
    /// Groups the user belongs to, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Managed policies attached to the user directly: AWS managed by ARN or bare name, customer
    /// managed by ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attached: Vec<String>,
    /// Inline policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline: Vec<InlinePolicySpec>,
    /// The managed policy capping the user's permissions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    /// What the user's access keys did (CloudTrail events signed by them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activity: Vec<ActivitySpec>,
    /// When the user last used which services and actions (service last accessed reports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub usage: Vec<UsageSpec>,
    /// Service last accessed jobs about this user end FAILED instead of COMPLETED.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub last_accessed_fails: bool,
    /// The user's tags (IAM ListUserTags, GetAccountAuthorizationDetails, GetUser).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

fn root_path() -> String {
    "/".to_string()
}

/// A console password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordSpec {
    /// When it was set.
    pub created: When,
    /// Last console sign-in, if ever.
    #[serde(default)]
    pub last_used: Option<When>,
}

/// An MFA device.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MfaSpec {
    /// `virtual`, `hardware` or `security_key`.
    pub kind: String,
    /// When it was enabled; default: the user's creation.
    #[serde(default)]
    pub enabled: Option<When>,
    /// Explicit serial; default derived from the kind and user.
    #[serde(default)]
    pub serial: Option<String>,
}

/// An access key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessKeySpec {
    /// Access key id; default generated.
    #[serde(default)]
    pub id: Option<String>,
    /// `Active` (default) or `Inactive`.
    #[serde(default = "active_key")]
    pub status: String,
    /// Creation time.
    pub created: When,
    /// Last use, if ever.
    #[serde(default)]
    pub last_used: Option<LastUsedSpec>,
}

fn active_key() -> String {
    "Active".to_string()
}

/// Where a key was last used.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LastUsedSpec {
    /// When.
    pub date: When,
    /// Service, e.g. `s3`.
    pub service: String,
    /// Region, e.g. `us-east-1`.
    pub region: String,
}

/// A CloudTrail event.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// `CreateUser`, `ConsoleLogin`, ...
    pub name: String,
    /// When.
    pub time: When,
    /// Who; `root` for the root user.
    pub username: String,
    /// Resource names.
    #[serde(default)]
    pub resources: Vec<String>,
    /// Caller address.
    #[serde(default = "activity::documentation_address")]
    pub source_ip: String,
    /// Caller user agent.
    #[serde(default = "console_agent")]
    pub user_agent: String,
    /// Region the event is recorded in; default `us-east-1`.
    #[serde(default = "activity::home_region")]
    pub region: String,
    /// Access key that signed the call.
    #[serde(default)]
    pub access_key_id: Option<String>,
}

fn console_agent() -> String {
    DEFAULT_USER_AGENT.to_string()
}

/// A fault to inject: for matching requests, instead of the normal answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Account id the request is made in, or `*`.
    #[serde(default = "any")]
    pub account: String,
    /// Action name (`GetLoginProfile`), or `*`.
    #[serde(default = "any")]
    pub action: String,
    /// Only requests about this user (`UserName` parameter).
    #[serde(default)]
    pub user: Option<String>,
    /// What happens.
    pub kind: FaultKind,
    /// Chance that a matching request is hit, 0–1 (default 1).
    #[serde(default = "always")]
    pub probability: f64,
    /// HTTP status for `server_error` (default 503).
    #[serde(default)]
    pub status: Option<u16>,
    /// Delay for `delay`, in milliseconds.
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Only the first N matching requests are hit (a burst); default all.
    #[serde(default)]
    pub count: Option<u64>,
    /// The first N matching requests pass untouched, the later ones are hit (a list cut after
    /// its first page); default none.
    #[serde(default)]
    pub after: Option<u64>,
}

fn any() -> String {
    "*".to_string()
}

fn always() -> f64 {
    1.0
}

/// The kinds of fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// AccessDenied, as the service spells it.
    AccessDenied,
    /// The service's throttling error.
    Throttle,
    /// A 5xx answer.
    ServerError,
    /// Answer normally after `delay_ms`.
    Delay,
    /// Never answer.
    Hang,
    /// A 200 answer with a truncated body.
    Malformed,
    /// Close the connection without an answer.
    ConnectionReset,
}

impl Scenario {
    /// Reads a scenario from a `.toml` or `.json` file.
    pub fn from_path(path: &Path) -> Result<Scenario, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
            path: path.display().to_string(),
            source,
        })?;
        if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            Scenario::from_json_str(&text)
        } else {
            Scenario::from_toml_str(&text)
        }
    }

    /// Parses and validates TOML.
    pub fn from_toml_str(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario = toml::from_str(text)?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Parses and validates JSON.
    pub fn from_json_str(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario = serde_json::from_str(text)?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Checks what serde cannot: ids, references, ranges.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let invalid = |message: String| Err(ScenarioError::Invalid(message));
        let mut ids = BTreeSet::new();
        for account in &self.accounts {
            if account.id.len() != 12 || !account.id.bytes().all(|byte| byte.is_ascii_digit()) {
                return invalid(format!("account id `{}` is not 12 digits", account.id));
            }
            if !ids.insert(account.id.as_str()) {
                return invalid(format!("account id `{}` appears twice", account.id));
            }
            let mut names = BTreeSet::new();
            for user in &account.users {
                if user.name.is_empty() || !names.insert(user.name.as_str()) {
                    return invalid(format!(
                        "account {}: user name `{}` is empty or repeated",
                        account.id, user.name
                    ));
                }
                for key in &user.access_keys {
                    if key.status != "Active" && key.status != "Inactive" {
                        return invalid(format!(
                            "account {} user {}: key status must be Active or Inactive",
                            account.id, user.name
                        ));
                    }
                }
                for device in &user.mfa {
                    if !matches!(
                        device.kind.as_str(),
                        "virtual" | "hardware" | "security_key"
                    ) {
                        return invalid(format!(
                            "account {} user {}: MFA kind must be virtual, hardware or security_key",
                            account.id, user.name
                        ));
                    }
                }
                let held = credentials::Held {
                    ssh_public_keys: &user.ssh_public_keys,
                    signing_certificates: &user.signing_certificates,
                    service_specific_credentials: &user.service_specific_credentials,
                };
                held.validate(&format!("account {} user {}", account.id, user.name))
                    .map_err(ScenarioError::Invalid)?;
                activity::validate(
                    &user.activity,
                    user.access_keys.len(),
                    &format!("account {} user {}", account.id, user.name),
                )
                .map_err(ScenarioError::Invalid)?;
                usage::validate(
                    &user.usage,
                    &format!("account {} user {}", account.id, user.name),
                )
                .map_err(ScenarioError::Invalid)?;
            }
            account
                .root
                .validate(&format!("account {} root", account.id))
                .map_err(ScenarioError::Invalid)?;
            if let Some(policy) = &account.password_policy {
                policy
                    .validate(&account.id)
                    .map_err(ScenarioError::Invalid)?;
            }
            permissions::validate(account).map_err(ScenarioError::Invalid)?;
            resources::validate(
                &account.server_certificates,
                &account.analyzers,
                &format!("account {}", account.id),
            )
            .map_err(ScenarioError::Invalid)?;
        }
        tree::validate(&self.organization.organizational_units, &self.accounts)
            .map_err(ScenarioError::Invalid)?;
        if !ids.contains(self.organization.management_account.as_str()) {
            return invalid(format!(
                "management account `{}` is not among the accounts",
                self.organization.management_account
            ));
        }
        for fault in &self.faults {
            if !(0.0..=1.0).contains(&fault.probability) {
                return invalid(format!(
                    "fault probability {} is not in 0–1",
                    fault.probability
                ));
            }
        }
        if let Some((name, _)) = self
            .settings
            .page_size
            .named()
            .into_iter()
            .find(|(_, size)| *size == 0)
        {
            return invalid(format!("page size {name} must be at least 1"));
        }
        Ok(())
    }

    /// Serializes to TOML (for the generator's output).
    pub fn to_toml(&self) -> Result<String, ScenarioError> {
        toml::to_string(self).map_err(|error| ScenarioError::Invalid(error.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_dates_parse() {
        assert_eq!(When::parse("-90d"), Ok(When::Relative(Duration::days(-90))));
        assert_eq!(When::parse("+2h"), Ok(When::Relative(Duration::hours(2))));
        assert_eq!(When::parse("now"), Ok(When::Relative(Duration::zero())));
        assert!(When::parse("-90x").is_err());
        assert!(When::parse("").is_err());
        assert!(When::parse("-").is_err());
        assert!(When::parse("-99999999999999d").is_err());
    }

    #[test]
    fn absolute_dates_parse() {
        let parsed = When::parse("2024-01-02T03:04:05Z");
        assert!(matches!(parsed, Ok(When::At(_))));
    }

    #[test]
    fn the_management_account_must_exist() {
        let text = r#"
            [organization]
            id = "o-x"
            management_account = "111111111111"
            [[accounts]]
            id = "222222222222"
            name = "Other"
        "#;
        let error = Scenario::from_toml_str(text)
            .err()
            .map(|error| error.to_string());
        assert!(error.unwrap_or_default().contains("management account"));
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let text = r#"
            [organization]
            id = "o-x"
            management_account = "111111111111"
            typo = 1
        "#;
        assert!(Scenario::from_toml_str(text).is_err());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(2000)))]

        #[test]
        fn any_date_text_is_parsed_or_refused(text in proptest::arbitrary::any::<String>()) {
            let _ = When::parse(&text);
        }

        #[test]
        fn relative_dates_roundtrip(days in -100_000i64..100_000, unit in prop::sample::select(vec!['d', 'h', 'm', 's'])) {
            let parsed = When::parse(&format!("{days}{unit}"));
            let seconds = match unit { 'd' => 86_400, 'h' => 3_600, 'm' => 60, _ => 1 } * days;
            prop_assert_eq!(parsed, Ok(When::Relative(Duration::seconds(seconds))));
        }

        /// A scenario file is outside data: any text is read or refused, never a panic.
        #[test]
        fn any_scenario_text_is_read_or_refused(text in proptest::arbitrary::any::<String>()) {
            let _ = Scenario::from_toml_str(&text);
            let _ = Scenario::from_json_str(&text);
        }

        /// Structured but random scenarios: valid ones load, invalid ones are refused.
        #[test]
        fn generated_scenarios_validate(id in "[0-9]{10,14}", users in prop::collection::vec("[a-z+=,.@-]{0,8}", 0..5)) {
            let users: Vec<String> = users.iter().map(|name| format!("{{ name = \"{name}\", created = \"-1d\" }}")).collect();
            let text = format!(
                "[organization]\nid = \"o-x\"\nmanagement_account = \"{id}\"\n[[accounts]]\nid = \"{id}\"\nname = \"A\"\nusers = [{}]\n",
                users.join(", ")
            );
            let _ = Scenario::from_toml_str(&text);
        }
    }
}

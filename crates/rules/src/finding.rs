//! What a rule says about a resource: a finding, its severity, its references.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

/// How bad a finding is. Ordered: `Info` < `Low` < `Medium` < `High` < `Critical`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information.
    Info,
    /// Hygiene.
    Low,
    /// A weakness to fix.
    Medium,
    /// A serious weakness.
    High,
    /// Fix now.
    Critical,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// `critical`, `high`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Parses `critical`, `high`, `medium`, `low`, `info` (any case).
    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|severity| severity.as_str().eq_ignore_ascii_case(text))
    }
}

/// A message of the catalogues (`crates/i18n/locales`), rendered in either language; serialized
/// as `{"en": ..., "es": ...}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text(pub &'static str);

impl Text {
    /// The text in a language code (`es` gives Spanish, anything else English).
    pub fn get(&self, language: &str) -> String {
        self.render(language, &[])
    }

    /// The text in a language code, with named arguments.
    pub fn render(&self, language: &str, arguments: &[(&'static str, String)]) -> String {
        let language =
            iam_audit_i18n::Language::parse(language).unwrap_or(iam_audit_i18n::Language::English);
        iam_audit_i18n::text(language, self.0, arguments)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("en", &self.get("en"))?;
        map.serialize_entry("es", &self.get("es"))?;
        map.end()
    }
}

/// A control a rule implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// `CIS AWS Foundations Benchmark v3.0.0`, `AWS Security Hub`.
    pub framework: &'static str,
    /// `1.14`, `IAM.3`.
    pub control: &'static str,
}

impl Reference {
    /// The order references are listed in: Security Hub first, then the CIS versions oldest
    /// first, controls by number (`IAM.8` before `IAM.11`, `2.1.1` before `2.10`).
    pub fn order_key(&self) -> (&'static str, Vec<u32>) {
        let numbers = self
            .control
            .split(|character: char| !character.is_ascii_digit())
            .filter(|part| !part.is_empty())
            .filter_map(|part| part.parse().ok())
            .collect();
        (self.framework, numbers)
    }

    /// `parts` as one list in [`Reference::order_key`] order, without repeats: the references of
    /// a finding that fails several groups of controls.
    pub fn combined(parts: &[&[Reference]]) -> Vec<Reference> {
        let mut references: Vec<Reference> = parts.concat();
        references.sort_by_key(Reference::order_key);
        references.dedup();
        references
    }
}

impl std::fmt::Display for Reference {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{} {}", self.framework, self.control)
    }
}

/// The kind of resource a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum ResourceType {
    /// An AWS account (root user, audit coverage).
    AwsAccount,
    /// An IAM user.
    AwsIamUser,
    /// An access key.
    AwsIamAccessKey,
    /// An SSH public key (CodeCommit).
    AwsIamSshPublicKey,
    /// An X.509 signing certificate.
    AwsIamSigningCertificate,
    /// A service-specific credential (CodeCommit, Keyspaces, Bedrock...).
    AwsIamServiceSpecificCredential,
    /// An IAM managed policy.
    AwsIamPolicy,
    /// An IAM role.
    AwsIamRole,
    /// An IAM group.
    AwsIamGroup,
    /// An SSL/TLS server certificate stored in IAM.
    AwsIamServerCertificate,
}

impl ResourceType {
    /// The name as ASFF and the reports write it (`AwsIamAccessKey`).
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::AwsAccount => "AwsAccount",
            ResourceType::AwsIamUser => "AwsIamUser",
            ResourceType::AwsIamAccessKey => "AwsIamAccessKey",
            ResourceType::AwsIamSshPublicKey => "AwsIamSshPublicKey",
            ResourceType::AwsIamSigningCertificate => "AwsIamSigningCertificate",
            ResourceType::AwsIamServiceSpecificCredential => "AwsIamServiceSpecificCredential",
            ResourceType::AwsIamPolicy => "AwsIamPolicy",
            ResourceType::AwsIamRole => "AwsIamRole",
            ResourceType::AwsIamGroup => "AwsIamGroup",
            ResourceType::AwsIamServerCertificate => "AwsIamServerCertificate",
        }
    }

    /// The type ASFF knows: `Other` for the credentials Security Hub has no resource type for.
    pub fn asff_type(self) -> &'static str {
        match self {
            ResourceType::AwsAccount
            | ResourceType::AwsIamUser
            | ResourceType::AwsIamAccessKey
            | ResourceType::AwsIamPolicy
            | ResourceType::AwsIamRole
            | ResourceType::AwsIamGroup => self.as_str(),
            ResourceType::AwsIamSshPublicKey
            | ResourceType::AwsIamSigningCertificate
            | ResourceType::AwsIamServiceSpecificCredential
            | ResourceType::AwsIamServerCertificate => "Other",
        }
    }
}

/// A suppression that applied to a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedSuppression {
    /// Why it is accepted.
    pub reason: String,
    /// Until when (`YYYY-MM-DD`), if it expires.
    pub expires: Option<String>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, never reused (`KEY001`).
    pub rule_id: &'static str,
    /// The rule's name: what is wrong (`access-key-not-rotated`).
    pub rule_name: &'static str,
    /// Severity after the rule's own grading and the config's overrides.
    pub severity: Severity,
    /// The account.
    pub account_id: String,
    /// The account's name.
    pub account_name: String,
    /// What kind of resource.
    pub resource_type: ResourceType,
    /// The resource: `AWS::::Account:<id>`, a user ARN or an access key id.
    pub resource: String,
    /// The user concerned, if any.
    pub user_name: Option<String>,
    /// The access key concerned, if any.
    pub access_key_id: Option<String>,
    /// The rule's title.
    pub title: Text,
    /// The values the rule judged.
    pub evidence: Evidence,
    /// What to do.
    pub remediation: Remediation,
    /// The controls this finding fails: its rule's, or fewer or more where what fails depends on
    /// the finding (a never-used key fails the 45-day control only from day 45).
    #[serde(serialize_with = "references_as_strings")]
    pub references: std::borrow::Cow<'static, [Reference]>,
    /// The suppression that applies, if any.
    /// (Boxed: rare, and a finding is one of tens of thousands.)
    pub suppression: Option<Box<AppliedSuppression>>,
    /// What tells apart several findings of one rule on one resource (AUD001's API), part of
    /// [`Finding::id`].
    #[serde(skip)]
    pub discriminator: Option<String>,
    /// The identity-based privilege of the user the finding is about (`None` for findings about
    /// an account, a policy or a role); set by [`crate::evaluate`].
    pub privilege: Option<iam_audit_model::PrivilegeClass>,
    /// How much fixing this matters, 0–100 (`crate::risk`); set by [`crate::evaluate`].
    pub risk: u32,
    /// Whose it is (`[owners]`: the user's tag, else the account's), when anyone's; set by
    /// [`crate::evaluate`]. Shared text: one allocation per owner, not per finding.
    #[serde(serialize_with = "shared_text")]
    pub owner: Option<std::sync::Arc<str>>,
    /// The account's OU path (`Root/Production/Cards`), when the tree was read; set by
    /// [`crate::evaluate`], shared by the account's findings.
    #[serde(serialize_with = "shared_text")]
    pub ou_path: Option<std::sync::Arc<str>>,
}

fn shared_text<S: serde::Serializer>(
    value: &Option<std::sync::Arc<str>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.as_deref().serialize(serializer)
}

/// The values a rule judged, by name, in name order (serialized as a JSON object). A sorted
/// vector rather than a `BTreeMap`: a finding holds two to six values, and a map's first node is
/// 450 bytes, which at 60,000 findings (1,000 accounts) was 20 MB of a run's peak memory.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Evidence(Vec<(&'static str, String)>);

impl Evidence {
    /// Sets `name` to `value`, replacing an earlier value.
    pub fn insert(&mut self, name: &'static str, value: String) {
        match self.0.binary_search_by(|(existing, _)| existing.cmp(&name)) {
            Ok(index) => self.0[index].1 = value,
            Err(index) => self.0.insert(index, (name, value)),
        }
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.0
            .binary_search_by(|(existing, _)| (*existing).cmp(name))
            .ok()
            .map(|index| &self.0[index].1)
    }

    /// Whether no value was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The values, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0.iter().map(|(name, value)| (*name, value.as_str()))
    }
}

impl Serialize for Evidence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// How to fix a finding: the rule's words, or words that fit this credential (a key nothing has
/// used is deactivated, a key in use is rotated where it is used), with their arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remediation {
    /// What to do, in words (a catalogue message).
    pub text: Text,
    /// The same advice in a few words, for the console's "fix first" lines, when there is one.
    pub advice: Option<Text>,
    /// The messages' arguments (`since`, `addresses`...).
    pub arguments: Vec<(&'static str, String)>,
    /// The exact AWS CLI command (or commands) that fixes it.
    pub command: String,
}

impl Remediation {
    /// The words in a language code.
    pub fn text_in(&self, language: &str) -> String {
        self.text.render(language, &self.arguments)
    }

    /// The short advice in a language code, when there is one.
    pub fn advice_in(&self, language: &str) -> Option<String> {
        self.advice
            .map(|advice| advice.render(language, &self.arguments))
    }
}

/// Serialized as `{"text": {"en": ..., "es": ...}, "command": ...}`, the words rendered with
/// their arguments.
impl Serialize for Remediation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut text = BTreeMap::new();
        text.insert("en", self.text_in("en"));
        text.insert("es", self.text_in("es"));
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("text", &text)?;
        map.serialize_entry("command", &self.command)?;
        map.end()
    }
}

#[expect(
    clippy::ptr_arg,
    reason = "serde's serialize_with passes a reference to the field's own type"
)]
fn references_as_strings<S: Serializer>(
    references: &std::borrow::Cow<'static, [Reference]>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(references.iter().map(ToString::to_string))
}

impl Finding {
    /// The finding's identity, stable across runs and unique within one:
    /// `iam-audit/<account>/<rule>/<resource>`, then `/<access key id>` where the finding has one
    /// that is not its resource, then `/<discriminator>` where a rule finds several things on one
    /// resource. The ASFF `Id`, the OCSF `finding_info.uid` and the key of run-to-run diffs
    /// (documented in `docs/json.md`).
    pub fn id(&self) -> String {
        iam_audit_model::finding_id(
            &self.account_id,
            self.rule_id,
            &self.resource,
            self.access_key_id.as_deref(),
            self.discriminator.as_deref(),
        )
    }

    /// The resource id of an account.
    pub fn account_resource(account_id: &str) -> String {
        format!("AWS::::Account:{account_id}")
    }

    /// Whether a suppression applies.
    pub fn is_suppressed(&self) -> bool {
        self.suppression.is_some()
    }

    /// The evidence as `key=value; key=value`.
    pub fn evidence_line(&self) -> String {
        self.evidence
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The references as `Framework control; ...`.
    pub fn references_line(&self) -> String {
        self.references
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The findings of a run, counted.
pub fn count_by_severity<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
) -> BTreeMap<Severity, usize> {
    let mut counts: BTreeMap<Severity, usize> = Severity::ALL
        .into_iter()
        .map(|severity| (severity, 0))
        .collect();
    for finding in findings {
        if !finding.is_suppressed() {
            *counts.entry(finding.severity).or_default() += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Info);
        assert_eq!(Severity::parse("HIGH"), Some(Severity::High));
        assert_eq!(Severity::parse("severe"), None);
    }

    #[test]
    fn evidence_keeps_name_order_and_one_value_per_name() {
        let mut evidence = Evidence::default();
        evidence.insert("key_status", "Active".to_string());
        evidence.insert("created", "2020-01-01T00:00:00Z".to_string());
        evidence.insert("key_age_days", "100".to_string());
        evidence.insert("key_age_days", "120".to_string());
        assert_eq!(
            evidence.get("key_age_days").map(String::as_str),
            Some("120")
        );
        assert_eq!(evidence.get("missing"), None);
        let names: Vec<&str> = evidence.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["created", "key_age_days", "key_status"]);
        assert_eq!(
            serde_json::to_string(&evidence).expect("serializes"),
            r#"{"created":"2020-01-01T00:00:00Z","key_age_days":"120","key_status":"Active"}"#
        );
    }
}

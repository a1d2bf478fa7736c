//! The rules, one file each. Ids are stable and never reused; `RULES` is locked by a snapshot so
//! that adding, renaming or removing one is a visible change.

pub mod access_analyzer_missing;
pub mod access_key_leaked;
pub mod access_key_never_used;
pub mod access_key_not_rotated;
pub mod access_key_quarantined;
pub mod access_key_unused;
pub mod access_key_used_from_unexpected_network;
pub mod admin_policy_attached;
pub mod admin_without_mfa;
pub mod audit_incomplete;
pub mod audit_role_drift;
pub mod bedrock_api_key_expired;
pub mod bedrock_api_key_long_lived;
pub mod cloudshell_full_access_attached;
pub mod console_password_unused;
pub mod console_password_without_mfa;
pub mod inactive_access_key_not_removed;
pub mod inactive_credentialed_user;
pub mod initial_access_key_never_used;
pub mod multiple_active_access_keys;
pub mod password_policy_missing;
pub mod password_policy_reuse;
pub mod password_policy_short_length;
pub mod password_policy_weak;
pub mod privilege_escalation;
pub mod privileged_access_key;
pub mod role_trusts_everyone;
pub mod root_access_key_present;
pub mod root_credentials_management_disabled;
pub mod root_mfa_not_enabled;
pub mod root_mfa_not_hardware;
pub mod root_signing_certificate_present;
pub mod root_used_recently;
pub mod server_certificate_expired;
pub mod service_credential_not_rotated;
pub mod signing_certificate_expired;
pub mod signing_certificate_not_rotated;
pub mod ssh_public_key_not_rotated;
pub mod support_role_missing;
pub mod suppression_expired;
pub mod unused_permissions;
pub mod user_direct_policies;
pub mod user_mfa_virtual_only;

use crate::context::AccountContext;
use crate::finding::{Finding, Reference, ResourceType, Severity, Text};

/// A rule: its metadata, its documentation and its check.
pub struct Rule {
    /// Stable id, never reused (`KEY001`).
    pub id: &'static str,
    /// What is wrong, in kebab case (`access-key-not-rotated`).
    pub name: &'static str,
    /// Default severity (some rules grade their findings).
    pub severity: Severity,
    /// What the findings are about.
    pub resource_type: ResourceType,
    /// One-line title.
    pub title: Text,
    /// What to do, in words.
    pub remediation: Text,
    /// Controls implemented.
    pub references: &'static [Reference],
    /// The thresholds (`[thresholds]` of `--config`) that decide whether it fires: when one of
    /// them differs between two runs, a finding gone from the newer run is not "resolved".
    pub settings: &'static [&'static str],
    /// What the rule reads beyond the account's IAM state, which a run may not have read: a
    /// finding gone from a run that did not read its source is not "resolved".
    pub sources: &'static [Source],
    /// Markdown: what it does, why it matters, example, how to fix, references.
    pub documentation: &'static str,
    /// The check over one account.
    pub check: fn(&AccountContext<'_>) -> Vec<Finding>,
}

/// Data a rule reads beyond each user's IAM state. A run may not read it (`--no-cloudtrail`,
/// `--key-activity-pages 0`, no scanner file), so a rule that depends on it can be left unjudged
/// by a run, and its finding is then "not judged", never "resolved".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// CloudTrail LookupEvents in the home region, over the run's window (`--cloudtrail-days`):
    /// a shorter window sees less.
    CloudTrail,
    /// Each active key's CloudTrail activity (LookupEvents by `AccessKeyId`,
    /// `--key-activity-pages`): a run without it, or with a smaller page budget, sees less.
    KeyActivity,
    /// The key ids of the run's scanner files (`--exposed-keys`): a run that read none, or whose
    /// files do not name the key, cannot say the leak was dealt with.
    ExposedKeys,
    /// GetAccountAuthorizationDetails, read by every run: its failure is an API gap of the
    /// account, handled as every other.
    AuthorizationDetails,
    /// IAM's service last accessed reports (`--last-accessed`), judged over the run's window
    /// (`--usage-window-days`): a run that did not read them, or read them over another window,
    /// judges usage differently.
    ServiceLastAccessed,
}

/// Every rule, in id order.
pub static RULES: [&Rule; 43] = [
    &access_analyzer_missing::RULE,
    &audit_incomplete::RULE,
    &bedrock_api_key_long_lived::RULE,
    &bedrock_api_key_expired::RULE,
    &signing_certificate_not_rotated::RULE,
    &signing_certificate_expired::RULE,
    &audit_role_drift::RULE,
    &access_key_quarantined::RULE,
    &access_key_leaked::RULE,
    &access_key_used_from_unexpected_network::RULE,
    &access_key_not_rotated::RULE,
    &access_key_unused::RULE,
    &access_key_never_used::RULE,
    &multiple_active_access_keys::RULE,
    &inactive_access_key_not_removed::RULE,
    &initial_access_key_never_used::RULE,
    &user_mfa_virtual_only::RULE,
    &root_credentials_management_disabled::RULE,
    &admin_policy_attached::RULE,
    &user_direct_policies::RULE,
    &cloudshell_full_access_attached::RULE,
    &support_role_missing::RULE,
    &role_trusts_everyone::RULE,
    &admin_without_mfa::RULE,
    &privileged_access_key::RULE,
    &privilege_escalation::RULE,
    &console_password_without_mfa::RULE,
    &console_password_unused::RULE,
    &password_policy_missing::RULE,
    &password_policy_short_length::RULE,
    &password_policy_reuse::RULE,
    &password_policy_weak::RULE,
    &root_access_key_present::RULE,
    &root_mfa_not_enabled::RULE,
    &root_mfa_not_hardware::RULE,
    &root_used_recently::RULE,
    &root_signing_certificate_present::RULE,
    &server_certificate_expired::RULE,
    &service_credential_not_rotated::RULE,
    &ssh_public_key_not_rotated::RULE,
    &suppression_expired::RULE,
    &unused_permissions::RULE,
    &inactive_credentialed_user::RULE,
];

/// The rule with this id (or name).
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.id.eq_ignore_ascii_case(id) || rule.name == id)
}

/// The rules' declared thresholds are the ones their files read: a threshold read but not declared
/// would let a changed setting pass for a resolved finding.
#[cfg(test)]
mod declared_settings {
    use super::RULES;

    #[test]
    fn every_threshold_a_rule_reads_is_declared() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let files: Vec<String> = std::fs::read_dir(&folder)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
            .collect();
        for rule in RULES {
            let declaration = format!("id: \"{}\",", rule.id);
            let text = files
                .iter()
                .find(|text| text.contains(&declaration))
                .unwrap_or_else(|| panic!("no file declares {}", rule.id));
            // `[thresholds]` and `[exposure]` settings alike.
            let mut read: Vec<&str> = ["thresholds.", "exposure."]
                .iter()
                .flat_map(|prefix| {
                    text.match_indices(prefix).map(move |(index, _)| {
                        let rest = &text[index + prefix.len()..];
                        let end = rest
                            .find(|character: char| {
                                !(character.is_ascii_lowercase() || character == '_')
                            })
                            .unwrap_or(rest.len());
                        &rest[..end]
                    })
                })
                .filter(|name| !name.is_empty())
                .collect();
            read.sort_unstable();
            read.dedup();
            assert_eq!(read, rule.settings, "{}: declared settings", rule.id);
        }
    }
}

/// CIS AWS Foundations Benchmark v3.0.0.
pub const CIS_3: &str = "CIS AWS Foundations Benchmark v3.0.0";
/// CIS AWS Foundations Benchmark v5.0.0.
pub const CIS_5: &str = "CIS AWS Foundations Benchmark v5.0.0";
/// CIS AWS Foundations Benchmark v6.0.0 (IAM moved to section 2).
pub const CIS_6: &str = "CIS AWS Foundations Benchmark v6.0.0";
/// CIS AWS Foundations Benchmark v7.0.0 (Organizations controls 2.1.x added).
pub const CIS_7: &str = "CIS AWS Foundations Benchmark v7.0.0";

/// A control of CIS v3.0.0.
pub(crate) const fn cis3(control: &'static str) -> Reference {
    Reference {
        framework: CIS_3,
        control,
    }
}

/// A control of CIS v5.0.0.
pub(crate) const fn cis5(control: &'static str) -> Reference {
    Reference {
        framework: CIS_5,
        control,
    }
}

/// A control of CIS v6.0.0.
pub(crate) const fn cis6(control: &'static str) -> Reference {
    Reference {
        framework: CIS_6,
        control,
    }
}

/// A control of CIS v7.0.0.
pub(crate) const fn cis7(control: &'static str) -> Reference {
    Reference {
        framework: CIS_7,
        control,
    }
}

/// A control of AWS Security Hub (`IAM.3`).
pub(crate) const fn hub(control: &'static str) -> Reference {
    Reference {
        framework: SECURITY_HUB,
        control,
    }
}
/// AWS Security Hub's controls.
pub const SECURITY_HUB: &str = "AWS Security Hub";
/// IAM Access Analyzer's unused access finding types.
pub(crate) const ACCESS_ANALYZER: &str = "IAM Access Analyzer";

/// The controls on credentials unused for 45 days, which KEY002 (access keys) and PWD002 (console
/// passwords) share.
pub(crate) const UNUSED_CREDENTIALS: &[Reference] = &[
    hub("IAM.22"),
    cis3("1.12"),
    cis5("1.11"),
    cis6("2.11"),
    cis7("2.11"),
];

/// The same, and Security Hub's IAM.8 (credentials unused for 90 days).
pub(crate) const UNUSED_CREDENTIALS_90: &[Reference] = &[
    hub("IAM.8"),
    hub("IAM.22"),
    cis3("1.12"),
    cis5("1.11"),
    cis6("2.11"),
    cis7("2.11"),
];

/// What a credential unused (or never used) for `days` fails, by the controls' own numbers
/// whatever `unused_credentials_days` says: nothing before 45 days, the 45-day controls from 45,
/// and IAM.8 too from 90.
pub(crate) fn unused_for(days: i64) -> &'static [Reference] {
    match days {
        ..45 => &[],
        45..90 => UNUSED_CREDENTIALS,
        _ => UNUSED_CREDENTIALS_90,
    }
}

/// The command that sets a password policy meeting every password control, with the configured
/// length and reuse counts. `update-account-password-policy` replaces the whole policy.
pub(crate) fn password_policy_command(thresholds: &crate::Thresholds) -> String {
    format!(
        "aws iam update-account-password-policy --minimum-password-length {} --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password --max-password-age 90 --password-reuse-prevention {}",
        thresholds.password_minimum_length, thresholds.password_reuse_prevention
    )
}

/// The lowest and highest severity a rule's findings take before `--config` overrides: most
/// rules have one, three rise or fall with what they find (a key's age, its last use, a Bedrock
/// key's expiry).
pub fn severity_range(rule: &Rule) -> (Severity, Severity) {
    [
        (
            &access_key_not_rotated::RULE,
            access_key_not_rotated::SEVERITIES,
        ),
        (
            &privileged_access_key::RULE,
            privileged_access_key::SEVERITIES,
        ),
        (
            &bedrock_api_key_long_lived::RULE,
            bedrock_api_key_long_lived::SEVERITIES,
        ),
    ]
    .into_iter()
    .find(|(ranged, _)| std::ptr::eq(*ranged, rule))
    .map_or((rule.severity, rule.severity), |(_, range)| range)
}

/// No rule of its own: the check of rules evaluated elsewhere.
pub(crate) fn no_account_check(_: &AccountContext<'_>) -> Vec<Finding> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids are unique and never reused; the list itself is locked by a snapshot
    /// (`crates/iam-audit/tests/snapshots/snapshots__rule_ids.snap`).
    #[test]
    fn rule_ids_are_unique_and_in_order() {
        let ids: Vec<&str> = RULES.iter().map(|rule| rule.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted);
        let mut names: Vec<&str> = RULES.iter().map(|rule| rule.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    /// A rule lists its references in one order (Security Hub, then CIS by version, controls by
    /// number), without repeats, so that `rules`, the reports and the docs read alike.
    #[test]
    fn every_rules_references_are_in_order() {
        for rule in RULES {
            assert_eq!(
                rule.references,
                Reference::combined(&[rule.references]).as_slice(),
                "{}",
                rule.id
            );
        }
    }

    #[test]
    fn every_rule_is_documented_in_both_languages() {
        for rule in RULES {
            for section in [
                "## What it does",
                "## Why it matters",
                "## Example",
                "## How to fix",
                "## References",
            ] {
                assert!(
                    rule.documentation.contains(section),
                    "{} lacks {section}",
                    rule.id
                );
            }
            for text in [rule.title, rule.remediation] {
                let (english, spanish) = (text.get("en"), text.get("es"));
                assert!(
                    !english.contains('⟦') && !spanish.contains('⟦'),
                    "{} lacks {}",
                    rule.id,
                    text.0
                );
                assert_ne!(english, spanish, "{} is not translated", text.0);
            }
        }
    }

    /// Every finding is about the kind of resource its rule declares (the catalogue shows it).
    #[test]
    fn findings_are_about_their_rules_resource_type() {
        use iam_audit_model::{AccessKeyStatus, Observed, RootAccount};

        use crate::context::testing::{days_ago, key, now, run, user, with_password};

        let mut holder = with_password(user("holder"), 400, Some(100));
        holder.access_keys = Observed::Known(vec![
            key("AKIAOLD", AccessKeyStatus::Active, 400, None),
            key("AKIAOFF", AccessKeyStatus::Inactive, 400, Some(300)),
        ]);
        let root = RootAccount {
            mfa_enabled: Observed::Known(false),
            access_keys_present: Observed::Known(true),
            password_present: Observed::Known(true),
            virtual_mfa: Observed::Known(false),
            signing_certificates_present: Observed::Known(true),
            last_console_login: Some(Observed::Known(Some(days_ago(1)))),
            ..RootAccount::unknown()
        };
        let mut organization = run(vec![holder], Some(root));
        organization.accounts[0]
            .errors
            .push(iam_audit_model::CollectionError {
                account_id: "123456789012".to_string(),
                api: "iam:ListMFADevices".to_string(),
                resource: None,
                kind: iam_audit_model::ErrorKind::AccessDenied,
                code: None,
                message: "denied".to_string(),
            });
        let findings = crate::evaluate(&organization, &crate::Config::default(), now());
        let rules: std::collections::BTreeSet<&str> =
            findings.iter().map(|finding| finding.rule_id).collect();
        assert!(rules.len() >= 8, "{rules:?}");
        for finding in &findings {
            let declared = rule(finding.rule_id).map(|rule| rule.resource_type);
            assert_eq!(Some(finding.resource_type), declared, "{}", finding.rule_id);
            let (lowest, highest) = rule(finding.rule_id)
                .map(severity_range)
                .unwrap_or((Severity::Info, Severity::Critical));
            assert!(
                (lowest..=highest).contains(&finding.severity),
                "{} is {:?}, outside its range",
                finding.rule_id,
                finding.severity
            );
        }
    }

    #[test]
    fn rules_are_found_by_id_or_name() {
        assert_eq!(rule("key001").map(|rule| rule.id), Some("KEY001"));
        assert_eq!(
            rule("root-used-recently").map(|rule| rule.id),
            Some("ROOT004")
        );
        assert!(rule("KEY999").is_none());
    }
}

/// Every rule's documentation as one Markdown page (`docs/rules.md` is this, checked by a test).
pub fn catalogue_markdown() -> String {
    let severities = |rule: &Rule| match severity_range(rule) {
        (lowest, highest) if lowest == highest => lowest.as_str().to_string(),
        (lowest, highest) => format!("{}–{}", lowest.as_str(), highest.as_str()),
    };
    let mut page = String::from(
        "# Rules\n\nGenerated from the rules' own documentation (`crates/rules/src/rules/`); a test keeps\nthis page in step. `iam-audit rules` lists them, `iam-audit explain ID` prints one.\n\n| id | name | severity | resource | title | references |\n|---|---|---|---|---|---|\n",
    );
    for rule in RULES {
        let references: Vec<String> = rule.references.iter().map(ToString::to_string).collect();
        page.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            rule.id,
            rule.name,
            severities(rule),
            rule.resource_type.as_str(),
            rule.title.get("en"),
            references.join("; ")
        ));
    }
    for rule in RULES {
        page.push_str(&format!(
            "\n---\n\n# {} {}\n\n*{}* — severity **{}**\n\n{}",
            rule.id,
            rule.name,
            rule.title.get("en"),
            severities(rule),
            rule.documentation
                .replace("\n## ", "\n### ")
                .replacen("## ", "### ", 1)
        ));
    }
    page
}

#[cfg(test)]
mod documentation_tests {
    /// `docs/rules.md` is generated; run with `UPDATE_DOCS=1` to rewrite it.
    #[test]
    fn docs_rules_md_is_up_to_date() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
        let generated = super::catalogue_markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &generated).unwrap_or_default();
        }
        let written = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            written == generated,
            "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test -p iam-audit-rules`"
        );
    }
}

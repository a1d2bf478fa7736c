//! The judging configuration (`--config FILE`, TOML): thresholds, severity overrides and
//! suppressions. Parsed, then validated into [`Config`], so invalid settings never reach a rule;
//! an error names the line and field at fault.
//!
//! ```toml
//! [thresholds]
//! key_rotation_days = 90          # CIS AWS Foundations 1.14 (v3.0) / 1.13 (v5.0), Security Hub IAM.3
//! key_age_high_days = 180         # the original dashboard's age buckets
//! key_age_critical_days = 365
//! unused_credentials_days = 45    # CIS 1.12 (v3.0) / 1.11 (v5.0), Security Hub IAM.22
//! never_used_grace_days = 7       # freshly rotated keys are not flagged the day they are made
//! inactive_key_days = 90          # hygiene
//! credential_rotation_days = 90   # SSH keys, signing certificates, service-specific credentials
//! bedrock_key_max_days = 90       # longest lifetime of a Bedrock API key
//! password_minimum_length = 14    # CIS 1.8 (v3.0) / 1.7 (v5.0), Security Hub IAM.15
//! password_reuse_prevention = 24  # CIS 1.9 (v3.0) / 1.8 (v5.0), Security Hub IAM.16
//!
//! [exposure]
//! expected_networks = ["203.0.113.0/24", "2001:db8::/32"]  # EXP003: keys used from elsewhere
//! exposed_keys = ["scans/trufflehog.jsonl"]                 # EXP002: secret scanners' findings
//!
//! [severity]
//! KEY004 = "low"
//!
//! [[suppressions]]
//! rule = "KEY001"
//! account = "123456789012"
//! user = "terraform"
//! reason = "rotated by the pipeline every quarter, ticket SEC-123"
//! expires = "2027-03-31"
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::Severity;

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ConfigError {
    /// The file.
    pub file: String,
    /// The 1-based line at fault.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Day thresholds, with the defaults' sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Active keys older than this are not rotated (CIS 1.14 v3.0 / 1.13 v5.0; Security Hub IAM.3:
    /// 90).
    pub key_rotation_days: i64,
    /// Above this age a non-rotated key is high severity (the original dashboard's bucket: 180).
    pub key_age_high_days: i64,
    /// Above this age a non-rotated key is critical (the original dashboard's bucket: 365).
    pub key_age_critical_days: i64,
    /// Credentials unused for this many days or more (CIS 1.12 v3.0 / 1.11 v5.0; Security Hub
    /// IAM.22: 45).
    pub unused_credentials_days: i64,
    /// A never-used key younger than this is not flagged (7).
    pub never_used_grace_days: i64,
    /// Inactive keys older than this should be deleted (90).
    pub inactive_key_days: i64,
    /// Active SSH keys, signing certificates and service-specific credentials older than this are
    /// not rotated (90, as access keys).
    pub credential_rotation_days: i64,
    /// A Bedrock API key may live at most this long (creation to expiry; 90).
    pub bedrock_key_max_days: i64,
    /// The password policy's minimum length (CIS 1.8 v3.0 / 1.7 v5.0, Security Hub IAM.15: 14).
    pub password_minimum_length: i64,
    /// How many previous passwords the policy must forbid (CIS 1.9 v3.0 / 1.8 v5.0, Security Hub
    /// IAM.16: 24).
    pub password_reuse_prevention: i64,
}

impl Thresholds {
    /// Every threshold by its name in `[thresholds]`, as the JSON report's `run.options.thresholds`
    /// records them.
    pub fn named(&self) -> std::collections::BTreeMap<String, i64> {
        serde_json::to_value(self)
            .ok()
            .and_then(|value| serde_json::from_value(value).ok())
            .unwrap_or_default()
    }

    /// The day counts that must lie in 0–3650, by name.
    fn day_counts(&self) -> [(&'static str, i64); 5] {
        [
            ("unused_credentials_days", self.unused_credentials_days),
            ("never_used_grace_days", self.never_used_grace_days),
            ("inactive_key_days", self.inactive_key_days),
            ("credential_rotation_days", self.credential_rotation_days),
            ("bedrock_key_max_days", self.bedrock_key_max_days),
        ]
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            key_rotation_days: 90,
            key_age_high_days: 180,
            key_age_critical_days: 365,
            unused_credentials_days: 45,
            never_used_grace_days: 7,
            inactive_key_days: 90,
            credential_rotation_days: 90,
            bedrock_key_max_days: 90,
            password_minimum_length: 14,
            password_reuse_prevention: 24,
        }
    }
}

/// Accepts findings that match every selector given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Rule id.
    pub rule: Option<String>,
    /// Account id.
    pub account: Option<String>,
    /// User name.
    pub user: Option<String>,
    /// Access key id.
    pub access_key_id: Option<String>,
    /// Why (required).
    pub reason: String,
    /// Last day it applies; after it the suppression stops and is reported.
    pub expires: Option<NaiveDate>,
    /// Where it is written, for messages.
    pub line: usize,
}

/// Exposure settings (`[exposure]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exposure {
    /// The networks access keys are expected to be used from: a key used from an address outside
    /// them is EXP003. Empty: EXP003 never fires.
    pub expected_networks: Vec<iam_audit_model::Network>,
    /// Scanner files to read (as written; a relative path is relative to the configuration
    /// file's folder, which the binary resolves).
    pub exposed_keys: Vec<String>,
}

/// A validated configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Thresholds.
    pub thresholds: Thresholds,
    /// `[exposure]`.
    pub exposure: Exposure,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
    /// Suppressions, in file order.
    pub suppressions: Vec<Suppression>,
    /// `[owners]`: the tags that name an owner.
    pub owners: crate::Owners,
    /// `[sla]`: days a finding may stay open, per severity; `None` without the section.
    pub sla: Option<crate::Sla>,
    /// `[[routes]]`, in file order.
    pub routes: Vec<crate::Route>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    thresholds: Option<toml::Spanned<Thresholds>>,
    #[serde(default)]
    exposure: Option<RawExposure>,
    #[serde(default)]
    severity: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    suppressions: Vec<toml::Spanned<RawSuppression>>,
    #[serde(default)]
    owners: Option<crate::Owners>,
    sla: Option<toml::Spanned<crate::Sla>>,
    #[serde(default)]
    routes: Vec<toml::Spanned<crate::routes::RawRoute>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExposure {
    #[serde(default)]
    expected_networks: Vec<toml::Spanned<String>>,
    #[serde(default)]
    exposed_keys: Vec<toml::Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuppression {
    rule: Option<String>,
    account: Option<String>,
    user: Option<String>,
    access_key_id: Option<String>,
    reason: Option<String>,
    expires: Option<String>,
}

impl Config {
    /// Parses and validates a TOML configuration; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
        let source = Source { text, file };
        let raw: RawConfig = toml::from_str(text).map_err(|failure| {
            source.error(
                failure.span().map_or(0, |span| span.start),
                failure.message().replace('\n', " "),
            )
        })?;
        let thresholds = source.thresholds(raw.thresholds)?;
        let exposure = source.exposure(raw.exposure)?;
        let mut severity = BTreeMap::new();
        for (rule, level) in raw.severity {
            let (id, parsed) = source.severity_override(&rule, &level)?;
            severity.insert(id.to_string(), parsed);
        }
        let suppressions = raw
            .suppressions
            .into_iter()
            .map(|entry| source.suppression(entry))
            .collect::<Result<Vec<_>, _>>()?;
        // Two entries that select the same findings: one of them is a mistake (a copy whose
        // reason or expiry was meant to differ), and which applies would depend on the order.
        for (index, later) in suppressions.iter().enumerate() {
            if let Some(earlier) = suppressions[..index]
                .iter()
                .find(|earlier| earlier.selects_the_same(later))
            {
                return Err(ConfigError {
                    file: file.to_string(),
                    line: later.line,
                    message: format!(
                        "suppressions: this entry selects the same findings as the one on line {}; keep one",
                        earlier.line
                    ),
                });
            }
        }
        let owners = raw.owners.unwrap_or_default();
        for key in owners.user_tags.iter().chain(&owners.account_tags) {
            if key.trim().is_empty() {
                return Err(source.error(0, "owners: a tag key is empty".to_string()));
            }
        }
        let sla = raw.sla.map(|sla| source.sla(sla)).transpose()?;
        let routes = raw
            .routes
            .into_iter()
            .map(|entry| {
                let line = source.line_of(entry.span().start);
                entry
                    .into_inner()
                    .validate(line)
                    .map_err(|message| ConfigError {
                        file: file.to_string(),
                        line,
                        message,
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Config {
            thresholds,
            exposure,
            severity,
            suppressions,
            owners,
            sla,
            routes,
        })
    }
}

impl Suppression {
    /// Whether two suppressions select exactly the same findings.
    fn selects_the_same(&self, other: &Suppression) -> bool {
        (&self.rule, &self.account, &self.user, &self.access_key_id)
            == (
                &other.rule,
                &other.account,
                &other.user,
                &other.access_key_id,
            )
    }
}

/// The file being parsed, for errors that name a line.
struct Source<'a> {
    text: &'a str,
    file: &'a str,
}

impl Source<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    fn error(&self, offset: usize, message: String) -> ConfigError {
        ConfigError {
            file: self.file.to_string(),
            line: self.line_of(offset),
            message,
        }
    }

    /// The thresholds, checked for order and range.
    fn thresholds(
        &self,
        raw: Option<toml::Spanned<Thresholds>>,
    ) -> Result<Thresholds, ConfigError> {
        let Some(spanned) = raw else {
            return Ok(Thresholds::default());
        };
        let offset = spanned.span().start;
        let thresholds = spanned.into_inner();
        let ordered = 1 <= thresholds.key_rotation_days
            && thresholds.key_rotation_days <= thresholds.key_age_high_days
            && thresholds.key_age_high_days <= thresholds.key_age_critical_days;
        if !ordered {
            return Err(self.error(
                offset,
                "thresholds: need 1 ≤ key_rotation_days ≤ key_age_high_days ≤ key_age_critical_days".to_string(),
            ));
        }
        for (name, value) in thresholds.day_counts() {
            if !(0..=3650).contains(&value) {
                return Err(self.error(
                    offset,
                    format!("thresholds.{name} = {value}: use 0–3650 days"),
                ));
            }
        }
        // IAM's own bounds for the policy's settings.
        if !(6..=128).contains(&thresholds.password_minimum_length) {
            return Err(self.error(
                offset,
                format!(
                    "thresholds.password_minimum_length = {}: IAM allows 6–128",
                    thresholds.password_minimum_length
                ),
            ));
        }
        if !(1..=24).contains(&thresholds.password_reuse_prevention) {
            return Err(self.error(
                offset,
                format!(
                    "thresholds.password_reuse_prevention = {}: IAM allows 1–24",
                    thresholds.password_reuse_prevention
                ),
            ));
        }
        Ok(thresholds)
    }

    /// `[sla]`: each number of days 1–3650.
    fn sla(&self, spanned: toml::Spanned<crate::Sla>) -> Result<crate::Sla, ConfigError> {
        let offset = spanned.span().start;
        let sla = spanned.into_inner();
        for (name, days) in sla.named() {
            if let Some(days) = days
                && !(1..=3650).contains(&days)
            {
                return Err(self.error(offset, format!("sla.{name} = {days}: use 1–3650 days")));
            }
        }
        Ok(sla)
    }

    /// `[exposure]`: each network a CIDR block, each scanner file named once.
    fn exposure(&self, raw: Option<RawExposure>) -> Result<Exposure, ConfigError> {
        let Some(raw) = raw else {
            return Ok(Exposure::default());
        };
        let mut expected_networks = Vec::new();
        for text in &raw.expected_networks {
            let network = iam_audit_model::Network::parse(text.get_ref()).map_err(|error| {
                self.error(
                    text.span().start,
                    format!(
                        "exposure.expected_networks: `{}` is not a CIDR block: {error}",
                        text.get_ref()
                    ),
                )
            })?;
            expected_networks.push(network);
        }
        let mut exposed_keys: Vec<String> = Vec::new();
        for path in &raw.exposed_keys {
            if path.get_ref().trim().is_empty() || exposed_keys.contains(path.get_ref()) {
                return Err(self.error(
                    path.span().start,
                    format!(
                        "exposure.exposed_keys: `{}` is empty or named twice",
                        path.get_ref()
                    ),
                ));
            }
            exposed_keys.push(path.get_ref().clone());
        }
        Ok(Exposure {
            expected_networks,
            exposed_keys,
        })
    }

    /// One `[severity]` entry: the rule's canonical id (rules are named case-insensitively or by
    /// name; evaluation compares ids, so an override stored as written would do nothing) and the
    /// level.
    fn severity_override(
        &self,
        rule: &toml::Spanned<String>,
        level: &toml::Spanned<String>,
    ) -> Result<(&'static str, Severity), ConfigError> {
        let id = crate::rule(rule.get_ref())
            .map(|rule| rule.id)
            .ok_or_else(|| {
                self.error(
                    rule.span().start,
                    format!(
                        "severity: `{}` is not a rule id (see `iam-audit rules`)",
                        rule.get_ref()
                    ),
                )
            })?;
        let parsed = Severity::parse(level.get_ref()).ok_or_else(|| {
            self.error(
                level.span().start,
                format!(
                    "severity.{}: `{}` is not critical, high, medium, low or info",
                    rule.get_ref(),
                    level.get_ref()
                ),
            )
        })?;
        Ok((id, parsed))
    }

    /// One `[[suppressions]]` entry, its rule stored as the canonical id.
    fn suppression(
        &self,
        entry: toml::Spanned<RawSuppression>,
    ) -> Result<Suppression, ConfigError> {
        let offset = entry.span().start;
        let raw = entry.into_inner();
        let fail = |message: String| self.error(offset, message);
        let reason = raw
            .reason
            .filter(|reason| !reason.trim().is_empty())
            .ok_or_else(|| fail("suppressions: every suppression needs a `reason`".to_string()))?;
        if raw.rule.is_none()
            && raw.account.is_none()
            && raw.user.is_none()
            && raw.access_key_id.is_none()
        {
            return Err(fail(
                "suppressions: give at least one of `rule`, `account`, `user`, `access_key_id`"
                    .to_string(),
            ));
        }
        let rule = raw
            .rule
            .map(|rule| {
                crate::rule(&rule)
                    .map(|found| found.id.to_string())
                    .ok_or_else(|| fail(format!("suppressions.rule: `{rule}` is not a rule id")))
            })
            .transpose()?;
        if let Some(account) = &raw.account
            && !iam_audit_model::is_account_id(account)
        {
            return Err(fail(format!(
                "suppressions.account: `{account}` is not a 12-digit account id"
            )));
        }
        let expires = raw
            .expires
            .map(|date| {
                NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|_| {
                    fail(format!(
                        "suppressions.expires: `{date}` is not a YYYY-MM-DD date"
                    ))
                })
            })
            .transpose()?;
        Ok(Suppression {
            rule,
            account: raw.account,
            user: raw.user,
            access_key_id: raw.access_key_id,
            reason,
            expires,
            line: self.line_of(offset),
        })
    }
}

#[cfg(test)]
mod duplicates {
    use super::*;

    /// Two suppressions selecting the same findings are refused, naming both lines (issue 20):
    /// which one applied would depend on their order.
    #[test]
    fn a_duplicate_suppression_names_both_lines() {
        let text = "[[suppressions]]\nrule = \"KEY001\"\nreason = \"a\"\n\n[[suppressions]]\nrule = \"access-key-not-rotated\"\nreason = \"b\"\n";
        let error = Config::parse(text, "c.toml")
            .err()
            .map(|error| error.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "c.toml:5: suppressions: this entry selects the same findings as the one on line 1; keep one"
            )
        );
        let different = text.replace("rule = \"access-key-not-rotated\"", "rule = \"KEY002\"");
        assert!(Config::parse(&different, "c.toml").is_ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let config = Config::parse("", "c.toml").map_err(|error| error.to_string());
        assert_eq!(config, Ok(Config::default()));
    }

    #[test]
    fn a_full_file_is_read() {
        let text = "[thresholds]\nkey_rotation_days = 60\n\n[severity]\nKEY004 = \"low\"\n\n[[suppressions]]\nrule = \"KEY001\"\nuser = \"terraform\"\nreason = \"pipeline\"\nexpires = \"2027-03-31\"\n";
        let config = Config::parse(text, "c.toml").unwrap_or_default();
        assert_eq!(config.thresholds.key_rotation_days, 60);
        assert_eq!(config.severity.get("KEY004"), Some(&Severity::Low));
        assert_eq!(config.suppressions.len(), 1);
        assert_eq!(config.suppressions[0].line, 7);
        assert_eq!(
            config.suppressions[0].expires,
            NaiveDate::from_ymd_opt(2027, 3, 31)
        );
    }

    fn error_of(text: &str) -> String {
        Config::parse(text, "c.toml")
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default()
    }

    /// Regression: `[severity] key004 = "low"` and `rule = "access-key-not-rotated"` were
    /// accepted, then changed nothing, because evaluation compares the exact id.
    #[test]
    fn rules_named_any_accepted_way_are_stored_as_their_ids() {
        let text = "[severity]\nkey004 = \"low\"\n\n[[suppressions]]\nrule = \"access-key-not-rotated\"\nreason = \"accepted\"\n";
        let config = Config::parse(text, "c.toml").unwrap_or_default();
        assert_eq!(config.severity.get("KEY004"), Some(&Severity::Low));
        assert_eq!(config.suppressions[0].rule.as_deref(), Some("KEY001"));
    }

    #[test]
    fn errors_name_the_line_and_field() {
        assert!(error_of("[thresholds]\nkey_rotation_days = \"x\"\n").starts_with("c.toml:2:"));
        assert!(error_of("[thresholds]\nkey_rotaton_days = 3\n").contains("key_rotaton_days"));
        let unknown_rule = error_of("\n[severity]\nKEY999 = \"low\"\n");
        assert!(
            unknown_rule.starts_with("c.toml:3:") && unknown_rule.contains("KEY999"),
            "{unknown_rule}"
        );
        let bad_level = error_of("[severity]\nKEY001 = \"severe\"\n");
        assert!(
            bad_level.starts_with("c.toml:2:") && bad_level.contains("severe"),
            "{bad_level}"
        );
        let no_reason = error_of("\n\n[[suppressions]]\nrule = \"KEY001\"\n");
        assert!(
            no_reason.starts_with("c.toml:3:") && no_reason.contains("reason"),
            "{no_reason}"
        );
        assert!(error_of("[[suppressions]]\nreason = \"x\"\n").contains("at least one"));
        assert!(
            error_of("[[suppressions]]\nreason = \"x\"\naccount = \"1\"\n").contains("12-digit")
        );
        assert!(
            error_of(
                "[[suppressions]]\nreason = \"x\"\nrule = \"KEY001\"\nexpires = \"31/12/2027\"\n"
            )
            .contains("YYYY-MM-DD")
        );
        assert!(error_of("[thresholds]\nkey_rotation_days = 400\n").contains("key_age_high_days"));
    }

    #[test]
    fn the_exposure_section_is_read_and_checked() {
        let text = "[exposure]\nexpected_networks = [\"203.0.113.0/24\", \"2001:db8::/32\"]\nexposed_keys = [\"scans/a.jsonl\"]\n";
        let config = Config::parse(text, "c.toml").unwrap_or_default();
        assert_eq!(
            config
                .exposure
                .expected_networks
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["203.0.113.0/24", "2001:db8::/32"]
        );
        assert_eq!(config.exposure.exposed_keys, ["scans/a.jsonl"]);
        let bad = error_of("[exposure]\n\nexpected_networks = [\"203.0.113.7/24\"]\n");
        assert!(
            bad.starts_with("c.toml:3:") && bad.contains("did you mean 203.0.113.0/24"),
            "{bad}"
        );
        assert!(error_of("[exposure]\nexpected_networks = [\"office\"]\n").contains("office"));
        assert!(error_of("[exposure]\nexposed_keys = [\"a\", \"a\"]\n").contains("twice"));
        assert!(error_of("[exposure]\nexpected_network = []\n").contains("expected_network"));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(2000)))]

        /// Arbitrary text is parsed or refused with a line number, never a panic.
        #[test]
        fn any_text_is_parsed_or_refused(text in any::<String>()) {
            if let Err(error) = Config::parse(&text, "c.toml") {
                prop_assert!(error.line >= 1 && error.line <= text.lines().count().max(1) + 1);
            }
        }

        /// Every well-formed configuration is accepted with its values.
        #[test]
        fn valid_configurations_are_read(
            rotation in 1i64..400,
            extra_high in 0i64..400,
            extra_critical in 0i64..400,
            unused in 0i64..3650,
            rule in prop::sample::select(vec!["KEY001", "KEY002", "PWD001", "ROOT004"]),
            severity in prop::sample::select(vec!["critical", "high", "medium", "low", "info"]),
            user in "[A-Za-z0-9+=,.@_-]{1,64}",
            reason in "[A-Za-z0-9][ -~&&[^\"\\\\]]{0,79}",
            year in 2000u32..2100,
        ) {
            let text = format!(
                "[thresholds]\nkey_rotation_days = {rotation}\nkey_age_high_days = {}\nkey_age_critical_days = {}\nunused_credentials_days = {unused}\n\n[severity]\n{rule} = \"{severity}\"\n\n[[suppressions]]\nrule = \"{rule}\"\nuser = \"{user}\"\nreason = \"{reason}\"\nexpires = \"{year}-02-28\"\n",
                rotation + extra_high,
                rotation + extra_high + extra_critical,
            );
            let config = Config::parse(&text, "c.toml");
            prop_assert!(config.is_ok(), "{:?}\n{}", config.err().map(|error| error.to_string()), text);
            let config = config.unwrap_or_default();
            prop_assert_eq!(config.thresholds.key_rotation_days, rotation);
            prop_assert_eq!(config.severity.get(rule).copied(), Severity::parse(severity));
            prop_assert_eq!(config.suppressions.len(), 1);
            prop_assert_eq!(config.suppressions[0].line, 10);
            prop_assert_eq!(config.suppressions[0].user.as_deref(), Some(user.as_str()));
        }
    }
}

#[cfg(test)]
mod example {
    use super::*;

    /// The shipped example configuration is valid and shows a live and an expired suppression.
    #[test]
    fn the_example_configuration_is_valid() {
        let text = include_str!("../../../examples/iam-audit.toml");
        let config =
            Config::parse(text, "examples/iam-audit.toml").map_err(|error| error.to_string());
        assert!(config.is_ok(), "{config:?}");
        let config = config.unwrap_or_default();
        assert_eq!(config.suppressions.len(), 2);
        assert!(config.suppressions.iter().any(|suppression| {
            suppression
                .expires
                .is_some_and(|date| date.to_string() == "2025-12-31")
        }));
    }
}

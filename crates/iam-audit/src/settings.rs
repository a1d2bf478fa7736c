//! Turns the command line into validated settings before any AWS call: malformed account ids,
//! unknown profiles, bad names and unwritable output folders end here with a one-line error that
//! says what to fix.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use iam_audit_collect::{AuditOptions, CloudTrailWindow, IamSource, RateLimits};
use iam_audit_report::{Language, ReportFolder};

use iam_audit_rules::{Config, Severity};

use crate::cli::{JudgingArgs, OutputArgs, ScopeArgs};

/// A problem with the command line, phrased as what to fix.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InvalidInput(pub String);

static LANGUAGE: std::sync::OnceLock<Language> = std::sync::OnceLock::new();

/// Sets the language of this run's messages, once, as soon as the command line is parsed.
pub fn set_language(language: Language) {
    let _ = LANGUAGE.set(language);
}

/// The language of this run's messages.
pub fn language() -> Language {
    *LANGUAGE.get_or_init(|| Language::from_locale(|name| std::env::var(name).ok()))
}

/// A problem with the command line, in the run's language.
pub fn usage(id: &str, arguments: &[(&str, String)]) -> InvalidInput {
    InvalidInput(iam_audit_i18n::text(language(), id, arguments))
}

/// Which reports to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// The CSV reports.
    pub csv: bool,
    /// The JSON document.
    pub json: bool,
    /// The HTML dashboard.
    pub html: bool,
    /// The ASFF findings.
    pub asff: bool,
}

/// Where reports go, in which language, and when the run started.
pub struct OutputSettings {
    /// The prepared folder.
    pub folder: ReportFolder,
    /// The language.
    pub language: Language,
    /// Which reports.
    pub formats: Formats,
    /// `--format` as given, for the JSON's run options.
    pub format_names: Vec<String>,
}

/// Validates the output options and prepares the folder.
pub fn output_settings(
    output: &OutputArgs,
    default_folder: &Path,
    stamp: &str,
) -> Result<OutputSettings, InvalidInput> {
    // Chosen once for the whole run (from --lang or the locale) as soon as the command line was
    // parsed; clap already refused any other --lang value.
    let language = language();
    let folder_path = output
        .output_dir
        .clone()
        .unwrap_or_else(|| default_folder.to_path_buf());
    let folder = ReportFolder::prepare(&folder_path, stamp).map_err(|error| {
        usage(
            "usage-output-dir",
            &[
                ("path", folder_path.display().to_string()),
                ("error", error.to_string()),
            ],
        )
    })?;
    let has = |name: &str| output.format.iter().any(|format| format == name);
    let formats = Formats {
        csv: has("csv"),
        json: has("json"),
        html: has("html"),
        asff: has("asff"),
    };
    let mut format_names = output.format.clone();
    format_names.sort();
    format_names.dedup();
    Ok(OutputSettings {
        folder,
        language,
        formats,
        format_names,
    })
}

/// A 12-digit account id, or the fix.
pub fn account_id(text: &str, flag: &str) -> Result<String, InvalidInput> {
    let text = text.trim();
    if text.len() == 12 && text.bytes().all(|byte| byte.is_ascii_digit()) {
        Ok(text.to_string())
    } else {
        Err(usage(
            "usage-account-id",
            &[("flag", flag.to_string()), ("value", text.to_string())],
        ))
    }
}

fn account_ids(values: &[String], flag: &str) -> Result<BTreeSet<String>, InvalidInput> {
    values
        .iter()
        .filter(|value| !value.trim().is_empty())
        .map(|value| account_id(value, flag))
        .collect()
}

/// IAM's name characters: letters, digits and `+=,.@_-`.
fn iam_name(
    text: &str,
    flag: &str,
    range: std::ops::RangeInclusive<usize>,
) -> Result<String, InvalidInput> {
    let valid_characters = text
        .chars()
        .all(|character| character.is_ascii_alphanumeric() || "+=,.@_-".contains(character));
    if valid_characters && range.contains(&text.len()) {
        Ok(text.to_string())
    } else {
        Err(usage(
            "usage-iam-name",
            &[
                ("flag", flag.to_string()),
                ("value", text.to_string()),
                ("min", range.start().to_string()),
                ("max", range.end().to_string()),
            ],
        ))
    }
}

/// The audit's scope and role options, validated.
#[allow(clippy::too_many_arguments)]
pub fn audit_options(
    scope: &ScopeArgs,
    role: &str,
    external_id: Option<&str>,
    session_name: Option<&str>,
    session_duration: Option<u32>,
    default_rates: RateLimits,
    now: DateTime<Utc>,
) -> Result<AuditOptions, InvalidInput> {
    let role_name = iam_name(role, "--role", 1..=64)?;
    let session_name = match session_name {
        Some(name) => iam_name(name, "--session-name", 2..=64)?,
        None => format!("iam-audit-{}", now.format("%Y%m%dT%H%M%SZ")),
    };
    if let Some(external_id) = external_id {
        let valid = (2..=1224).contains(&external_id.len())
            && external_id.chars().all(|character| {
                character.is_ascii_alphanumeric() || "+=,.@:/_-".contains(character)
            });
        if !valid {
            return Err(usage("usage-external-id", &[]));
        }
    }
    let region_valid = !scope.region.is_empty()
        && scope.region.chars().all(|character| {
            character.is_ascii_lowercase() || character.is_ascii_digit() || character == '-'
        });
    if !region_valid {
        return Err(usage("usage-region", &[("value", scope.region.clone())]));
    }
    let include = account_ids(&scope.accounts, "--accounts")?;
    let exclude = account_ids(&scope.exclude_accounts, "--exclude-accounts")?;
    let cloudtrail = (!scope.no_cloudtrail).then(|| CloudTrailWindow {
        start: now - chrono::Duration::days(i64::from(scope.cloudtrail_days)),
        end: now,
    });
    let rate = |value: Option<f64>,
                default: Option<f64>,
                flag: &str|
     -> Result<Option<f64>, InvalidInput> {
        match value {
            None => Ok(default),
            Some(rate) if rate.is_finite() && rate == 0.0 => Ok(None),
            Some(rate) if rate.is_finite() && rate > 0.0 && rate <= 100_000.0 => Ok(Some(rate)),
            Some(rate) => Err(usage(
                "usage-rate",
                &[("flag", flag.to_string()), ("value", rate.to_string())],
            )),
        }
    };
    let rate_limits = RateLimits {
        iam: rate(scope.iam_rate, default_rates.iam, "--iam-rate")?,
        cloudtrail: rate(
            scope.cloudtrail_rate,
            default_rates.cloudtrail,
            "--cloudtrail-rate",
        )?,
        sts: rate(scope.sts_rate, default_rates.sts, "--sts-rate")?,
        organizations: rate(
            scope.organizations_rate,
            default_rates.organizations,
            "--organizations-rate",
        )?,
    };
    let iam_source = match scope.iam_source.as_str() {
        "credential-report" => IamSource::CredentialReport,
        _ => IamSource::Api,
    };
    Ok(AuditOptions {
        rate_limits,
        iam_source,
        max_in_flight: scope.max_in_flight as usize,
        role_name,
        external_id: external_id.map(str::to_string),
        session_name,
        session_duration: session_duration.map(|seconds| Duration::from_secs(u64::from(seconds))),
        include_accounts: (!include.is_empty()).then_some(include),
        exclude_accounts: exclude,
        cloudtrail,
        concurrency: scope.concurrency as usize,
        per_account_concurrency: 4,
        account_deadline: Duration::from_secs(scope.account_timeout),
    })
}

/// The audit's options from the role and scope arguments (`audit` and `doctor`), the profile
/// checked first.
pub fn role_and_scope(
    role: &crate::cli::RoleArgs,
    scope: &ScopeArgs,
    now: DateTime<Utc>,
) -> Result<AuditOptions, InvalidInput> {
    if let Some(profile) = &role.profile {
        check_profile(profile)?;
    }
    audit_options(
        scope,
        &role.role,
        role.external_id.as_deref(),
        role.session_name.as_deref(),
        role.session_duration,
        RateLimits::default(),
        now,
    )
}

/// Checks that a named profile exists in the AWS config or credentials file.
pub fn check_profile(profile: &str) -> Result<(), InvalidInput> {
    let (names, files) = crate::profiles::profile_names(|name| std::env::var(name).ok());
    if names.iter().any(|name| name == profile) {
        return Ok(());
    }
    let where_ = files
        .iter()
        .map(|path| path.display().to_string())
        .collect::<Vec<_>>()
        .join(" or ");
    let known = if names.is_empty() {
        iam_audit_i18n::text(language(), "usage-profiles-none", &[])
    } else {
        iam_audit_i18n::text(
            language(),
            "usage-profiles-known",
            &[("names", names.join(", "))],
        )
    };
    Err(usage(
        "usage-profile",
        &[
            ("profile", profile.to_string()),
            ("files", where_),
            ("known", known),
        ],
    ))
}

/// How findings are judged, validated.
pub struct JudgingSettings {
    /// Thresholds, overrides, suppressions.
    pub config: Config,
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
}

/// Reads and validates `--config` and `--fail-on`.
pub fn judging_settings(judging: &JudgingArgs) -> Result<JudgingSettings, InvalidInput> {
    let config = match &judging.config {
        None => Config::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|error| {
                usage(
                    "usage-config-unreadable",
                    &[
                        ("path", path.display().to_string()),
                        ("error", error.to_string()),
                    ],
                )
            })?;
            Config::parse(&text, &path.display().to_string())
                .map_err(|error| usage("usage-config-invalid", &[("error", error.to_string())]))?
        }
    };
    let fail_on = judging
        .fail_on
        .as_deref()
        .map(|text| {
            Severity::parse(text)
                .ok_or_else(|| usage("usage-fail-on", &[("value", text.to_string())]))
        })
        .transpose()?;
    Ok(JudgingSettings { config, fail_on })
}

/// The default output folder for the audit: the current folder, like the original tool.
pub fn current_folder() -> PathBuf {
    PathBuf::from(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_twelve_digits() {
        assert!(account_id("123456789012", "--accounts").is_ok());
        for bad in [
            "12345678901",
            "1234567890123",
            "12345678901a",
            "",
            "１２３４５６７８９０１２",
        ] {
            let error = account_id(bad, "--accounts").err().map(|error| error.0);
            assert!(
                error.is_some_and(|message| message.contains("12 digits")),
                "{bad}"
            );
        }
    }

    #[test]
    fn role_and_session_names_follow_iam() {
        assert!(iam_name("AWSControlTowerExecution", "--role", 1..=64).is_ok());
        assert!(iam_name("bad role", "--role", 1..=64).is_err());
        assert!(iam_name(&"r".repeat(65), "--role", 1..=64).is_err());
    }
}

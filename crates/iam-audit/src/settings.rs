//! Turns the command line into validated, typed settings before any AWS call, in one place: the
//! audit, `demo`, `doctor`, `merge` and the Lambda entry point all go through [`AuditSettings::resolve`]
//! (the demo then overrides the endpoint, credentials and rate limits; it builds nothing by
//! hand). Malformed account ids, unknown profiles, bad names and unwritable output folders end
//! here with a one-line error that says what to fix.

mod delivery;
pub mod exposure;
pub mod input;
pub mod validate;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use iam_audit_collect::{
    AuditOptions, CloudTrailWindow, ConnectOptions, USAGE_BUDGET, UsageOptions,
};
use iam_audit_conclusion::{ConclusionSettings, Formats, JudgingSettings, OutputSettings};
use iam_audit_deliver::OutputLocation;
use iam_audit_model::RateLimits;
use iam_audit_report::json::RunOptions;
use iam_audit_report::registry::Format;
use iam_audit_report::{Language, ReportFolder};
use iam_audit_rules::{Config, Severity, compliance};

use crate::cli::{AuditArgs, JudgingArgs, OutputArgs, RoleArgs, ScopeArgs};

pub use delivery::BaselineSource;
pub use validate::{account_id, check_profile};

/// A problem with the command line, phrased as what to fix.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InvalidInput(pub String);

impl InvalidInput {
    /// The message on one line: a line break or other control character in the input it quotes
    /// is shown escaped, so the refusal stays one line.
    pub fn one_line(&self) -> String {
        self.0
            .chars()
            .flat_map(|character| {
                if character.is_control() {
                    character.escape_debug().collect::<Vec<_>>()
                } else {
                    vec![character]
                }
            })
            .collect()
    }
}

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

/// What every command gets from `main`: `-q`, the run's clock and its report timestamp.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// `-q`.
    pub quiet: bool,
    /// When the run started; the rules' "now".
    pub now: DateTime<Utc>,
    /// `YYYYMMDD_HHMMSS` in local time, shared by the run's report names.
    pub stamp: String,
}

/// What a command's settings fall back to where the command line says nothing.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// Client-side rates (the demo takes its emulator's).
    pub rates: RateLimits,
    /// The report folder (the current folder; `./iam-audit-demo` for the demo).
    pub folder: PathBuf,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            rates: RateLimits::AWS,
            folder: PathBuf::from("."),
        }
    }
}

/// Everything one audit needs, validated: how to reach AWS, what to collect, and how to
/// conclude the run (the conclusion crate's settings).
pub struct AuditSettings {
    /// How to reach AWS.
    pub connect: ConnectOptions,
    /// What to collect.
    pub collect: AuditOptions,
    /// Judging, comparing, reports and deliveries.
    pub conclusion: ConclusionSettings,
}

impl AuditSettings {
    /// Validates an audit's arguments.
    pub fn resolve(
        arguments: &AuditArgs,
        invocation: &Invocation,
        defaults: &Defaults,
    ) -> Result<AuditSettings, InvalidInput> {
        let collect = collect_options(
            &arguments.role,
            &arguments.scope,
            defaults.rates,
            invocation.now,
        )?;
        let judging = judging_settings(&arguments.judging)?;
        let mut collect = collect;
        collect.exposed_keys = exposure::exposed_keys(
            &arguments.exposure.exposed_keys,
            &judging.config.exposure.exposed_keys,
            arguments.judging.config.as_deref(),
        )?;
        collect.account_tags = judging.config.owners.reads_account_tags();
        let location = match &arguments.output.output_dir {
            Some(text) => delivery::output_location(text)?,
            None => OutputLocation::Local(defaults.folder.clone()),
        };
        let delivery = delivery::delivery_settings(&arguments.delivery, &location)?;
        if collect.shard.is_some()
            && (delivery.baseline.is_some()
                || !delivery.notify.is_empty()
                || !judging.config.routes.is_empty())
        {
            return Err(usage("usage-shard-alone", &[]));
        }
        // An S3 output and a comparison both need the JSON report: it is the next run's memory.
        let needs_json = matches!(location, OutputLocation::S3(_)) || delivery.baseline.is_some();
        let mut output =
            output_settings(&arguments.output, location, needs_json, &invocation.stamp)?;
        if collect.shard.is_some() {
            // A shard's only report is its JSON, with what it read: `merge` writes the rest.
            output.formats = Formats::new(&[Format::Json]);
        }
        let run_options = RunOptions {
            role: collect.role_name.clone(),
            region: arguments.scope.region.clone(),
            session_name: collect.session_name.clone(),
            accounts: collect.include_accounts.iter().flatten().cloned().collect(),
            exclude_accounts: collect.exclude_accounts.iter().cloned().collect(),
            cloudtrail_days: (!arguments.scope.no_cloudtrail)
                .then_some(arguments.scope.cloudtrail_days),
            concurrency: arguments.scope.concurrency,
            formats: output.formats.names(),
            language: output.language.code().to_string(),
            config: arguments
                .judging
                .config
                .as_ref()
                .map(|path| path.display().to_string()),
            fail_on: judging
                .fail_on
                .map(|severity| severity.as_str().to_string()),
            shard: collect.shard.map(|shard| shard.to_string()),
            demo: false,
            run_id: collect.run_id.clone(),
            iam_source: collect.iam_source.as_str().to_string(),
            root_credentials: collect.root_credentials.as_str().to_string(),
            thresholds: judging.config.thresholds.named(),
            compliance: judging
                .compliance
                .iter()
                .map(|framework| framework.id.to_string())
                .collect(),
            key_activity_pages: collect.key_activity_pages(),
            exposed_keys: collect
                .exposed_keys
                .as_ref()
                .map(|list| list.files.clone())
                .unwrap_or_default(),
            expected_networks: judging
                .config
                .exposure
                .expected_networks
                .iter()
                .map(ToString::to_string)
                .collect(),
            last_accessed: collect
                .usage
                .map_or(iam_audit_model::LastAccessed::Off, |usage| usage.mode)
                .as_str()
                .to_string(),
            usage_window_days: collect.usage.map(|usage| usage.window_days),
        };
        let shard = collect.shard.is_some();
        Ok(AuditSettings {
            connect: connect_options(&arguments.scope, arguments.role.profile.clone()),
            collect,
            conclusion: ConclusionSettings {
                output,
                judging,
                delivery,
                run_options,
                region: arguments.scope.region.clone(),
                shard,
                quiet: invocation.quiet,
            },
        })
    }
}

/// How to reach AWS, from the scope's options.
pub fn connect_options(scope: &ScopeArgs, profile: Option<String>) -> ConnectOptions {
    let attempt = Duration::from_secs(scope.call_timeout);
    ConnectOptions {
        profile,
        region: scope.region.clone(),
        max_attempts: scope.max_attempts,
        attempt_timeout: attempt,
        // Room for every attempt and the backoff between them.
        operation_timeout: attempt * scope.max_attempts + Duration::from_secs(30),
        ..ConnectOptions::default()
    }
}

/// What to collect, from the role and scope options (`audit` and `doctor`); the profile is
/// checked first, so a typo is named before any AWS call.
pub fn collect_options(
    role: &RoleArgs,
    scope: &ScopeArgs,
    default_rates: RateLimits,
    now: DateTime<Utc>,
) -> Result<AuditOptions, InvalidInput> {
    if let Some(profile) = &role.profile {
        check_profile(profile)?;
    }
    let role_name = validate::iam_name(&role.role, "--role", 1..=64)?;
    let session_name = match &role.session_name {
        Some(name) => validate::iam_name(name, "--session-name", 2..=64)?,
        None => format!("iam-audit-{}", now.format("%Y%m%dT%H%M%SZ")),
    };
    if let Some(external_id) = &role.external_id {
        validate::external_id(external_id)?;
    }
    validate::region(&scope.region)?;
    let shard = scope
        .shard
        .as_deref()
        .map(|text| {
            iam_audit_model::Shard::parse(text)
                .ok_or_else(|| usage("usage-shard", &[("value", text.to_string())]))
        })
        .transpose()?;
    let run_id = scope
        .run_id
        .as_deref()
        .map(|text| validate::iam_name(text, "--run-id", 1..=80))
        .transpose()?;
    let include = validate::account_ids(&scope.accounts, "--accounts")?;
    let exclude = validate::account_ids(&scope.exclude_accounts, "--exclude-accounts")?;
    let cloudtrail = (!scope.no_cloudtrail).then(|| CloudTrailWindow {
        start: now - chrono::Duration::days(i64::from(scope.cloudtrail_days)),
        end: now,
    });
    let usage = match iam_audit_model::LastAccessed::from(scope.last_accessed) {
        iam_audit_model::LastAccessed::Off => None,
        mode => Some(UsageOptions {
            mode,
            window_days: scope.usage_window_days,
            now,
            budget: USAGE_BUDGET,
        }),
    };
    let rate_limits = RateLimits {
        iam: validate::rate(scope.iam_rate, default_rates.iam, "--iam-rate")?,
        cloudtrail: validate::rate(
            scope.cloudtrail_rate,
            default_rates.cloudtrail,
            "--cloudtrail-rate",
        )?,
        sts: validate::rate(scope.sts_rate, default_rates.sts, "--sts-rate")?,
        organizations: validate::rate(
            scope.organizations_rate,
            default_rates.organizations,
            "--organizations-rate",
        )?,
    };
    Ok(AuditOptions {
        usage,
        rate_limits,
        iam_source: scope.iam_source.into(),
        root_credentials: scope.root_credentials.into(),
        max_in_flight: scope.max_in_flight as usize,
        shard,
        run_id,
        role_name,
        external_id: role.external_id.clone(),
        session_name,
        session_duration: role
            .session_duration
            .map(|seconds| Duration::from_secs(u64::from(seconds))),
        include_accounts: (!include.is_empty()).then_some(include),
        exclude_accounts: exclude,
        cloudtrail,
        concurrency: scope.concurrency as usize,
        per_account_concurrency: 4,
        account_deadline: Duration::from_secs(scope.account_timeout),
        key_activity_pages: scope.key_activity_pages,
        exposed_keys: None,
        account_tags: false,
    })
}

/// Validates the output options and prepares the folder (the staging folder of an S3 output).
fn output_settings(
    output: &OutputArgs,
    location: OutputLocation,
    needs_json: bool,
    stamp: &str,
) -> Result<OutputSettings, InvalidInput> {
    let folder_path = match &location {
        OutputLocation::Local(path) => path.clone(),
        OutputLocation::S3(_) => iam_audit_conclusion::staging_folder(stamp),
    };
    let folder = ReportFolder::prepare(&folder_path, stamp).map_err(|error| {
        usage(
            "usage-output-dir",
            &[
                ("path", folder_path.display().to_string()),
                ("error", error.to_string()),
            ],
        )
    })?;
    let mut formats: Vec<Format> = output.format.iter().copied().map(Format::from).collect();
    if needs_json {
        formats.push(Format::Json);
    }
    Ok(OutputSettings {
        location,
        folder,
        folder_path,
        stamp: stamp.to_string(),
        // --lang, else the run's (from the locale, chosen once when the command line was
        // parsed); a Lambda event's `lang` is its own.
        language: output.lang.map_or_else(language, Language::from),
        formats: Formats::new(&formats),
    })
}

/// Reads and parses a `--config` file (exit 64 with one line when it cannot be used).
pub(crate) fn read_config(path: &std::path::Path) -> Result<Config, InvalidInput> {
    let text = input::read_text(path, "--config")?;
    Config::parse(&text, &path.display().to_string())
        .map_err(|error| usage("usage-config-invalid", &[("error", error.to_string())]))
}

/// Reads and validates `--config` and `--fail-on`.
fn judging_settings(judging: &JudgingArgs) -> Result<JudgingSettings, InvalidInput> {
    let config = match &judging.config {
        None => Config::default(),
        Some(path) => read_config(path)?,
    };
    // A route's webhook from the environment must be there now, not found missing after the
    // audit.
    if let Some(variable) = config
        .routes
        .iter()
        .flat_map(|route| &route.notify)
        .find_map(|target| match target {
            iam_audit_rules::RouteTarget::SlackEnvironment(variable)
                if std::env::var(variable).map_or(true, |value| value.trim().is_empty()) =>
            {
                Some(variable.clone())
            }
            _ => None,
        })
    {
        return Err(usage("usage-route-environment", &[("variable", variable)]));
    }
    Ok(JudgingSettings {
        config,
        fail_on: judging.fail_on.map(Severity::from),
        fail_on_overdue: judging.fail_on_overdue.map(Severity::from),
        compliance: compliance_frameworks(&judging.compliance)?,
    })
}

/// `--compliance`: the named frameworks in their catalogue order, or all of them.
fn compliance_frameworks(
    names: &[String],
) -> Result<Vec<&'static compliance::Framework>, InvalidInput> {
    if let Some(unknown) = names
        .iter()
        .find(|name| compliance::framework(name.trim()).is_none())
    {
        let known: Vec<&str> = compliance::FRAMEWORKS
            .iter()
            .map(|framework| framework.id)
            .collect();
        return Err(usage(
            "usage-compliance-unknown",
            &[("value", unknown.clone()), ("known", known.join(", "))],
        ));
    }
    Ok(compliance::FRAMEWORKS
        .iter()
        .copied()
        .filter(|framework| {
            names.is_empty() || names.iter().any(|name| name.trim() == framework.id)
        })
        .collect())
}

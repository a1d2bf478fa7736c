//! `iam-audit demo`: starts the local emulator in-process with the built-in demo organization
//! and runs the unchanged audit against it over HTTP. No AWS account needed.

use std::path::Path;

use aws_credential_types::Credentials;
use chrono::Utc;
use iam_audit_collect::ConnectOptions;
use iam_audit_emulator::{CALLER_ACCESS_KEY_ID, RunningEmulator, demo_scenario};

use crate::cli::DemoArgs;
use crate::commands::audit::{self, Audit};
use crate::settings;

/// Runs the demo; returns the exit code.
pub async fn execute(arguments: &DemoArgs, quiet: bool, stamp: &str) -> anyhow::Result<u8> {
    let judging = settings::judging_settings(&arguments.judging)?;
    let output = settings::output_settings(&arguments.output, Path::new("iam-audit-demo"), stamp)?;
    // The demo organization's dates are relative to the emulator's start: the audit's clock is
    // read after it, so that "20 days ago" is 20 days old to the rules.
    let scenario = demo_scenario();
    // The demo's endpoint is the emulator: its own rate limits are the ones to respect.
    let limits = &scenario.settings.rate_limits;
    let rates = iam_audit_collect::RateLimits {
        iam: limits.iam,
        cloudtrail: limits.cloudtrail,
        sts: limits.sts,
        organizations: limits.organizations,
    };
    let emulator = RunningEmulator::start(scenario, 0).await?;
    let now = Utc::now();
    let options = settings::audit_options(
        &arguments.scope,
        "AWSControlTowerExecution",
        None,
        None,
        None,
        rates,
        now,
    )?;
    tracing::info!("demo emulator listening on {}", emulator.endpoint_url());
    let connect = ConnectOptions {
        endpoint_url: Some(emulator.endpoint_url()),
        static_credentials: Some(Credentials::new(
            CALLER_ACCESS_KEY_ID,
            "demo-secret-not-a-real-key",
            None,
            None,
            "iam-audit-demo",
        )),
        ..audit::connect_options(&arguments.scope, None)
    };
    let run_options = audit::run_options(
        &options,
        &arguments.scope,
        &output,
        &arguments.judging,
        true,
    );
    let audit = Audit {
        connect,
        options,
        output,
        judging,
        run_options,
        quiet,
    };
    let code = audit::execute(audit, now).await;
    emulator.shutdown().await;
    code
}

//! `iam-audit demo`: starts the local emulator in-process with the built-in demo organization
//! and runs the unchanged audit against it over HTTP. No AWS account needed. The demo's settings
//! are the audit's, resolved by the same code; only the endpoint, the credentials and the default
//! rate limits (the emulator's own) are the demo's.

use std::path::PathBuf;

use aws_credential_types::Credentials;
use chrono::Utc;
use iam_audit_emulator::{CALLER_ACCESS_KEY_ID, RunningEmulator, demo_scenario};

use crate::cli::{AuditArgs, DemoArgs, RoleArgs};
use crate::commands::audit;
use crate::settings::{AuditSettings, Defaults, Invocation};

/// Runs the demo; returns the exit code.
pub async fn execute(arguments: &DemoArgs, invocation: &Invocation) -> anyhow::Result<u8> {
    let scenario = demo_scenario();
    let defaults = Defaults {
        // The demo's endpoint is the emulator: its own rate limits are the ones to respect.
        rates: scenario.settings.rate_limits,
        folder: PathBuf::from("iam-audit-demo"),
    };
    let emulator = RunningEmulator::start(scenario, 0).await?;
    // The demo organization's dates are relative to the emulator's start: the audit's clock is
    // read after it, so that "20 days ago" is 20 days old to the rules.
    let invocation = Invocation {
        now: Utc::now(),
        ..invocation.clone()
    };
    if arguments
        .output
        .output_dir
        .as_deref()
        .is_some_and(|folder| folder.starts_with("s3://"))
    {
        emulator.shutdown().await;
        return Err(crate::settings::usage("usage-demo-local", &[]).into());
    }
    let arguments = AuditArgs {
        role: RoleArgs::default(),
        scope: arguments.scope.clone(),
        output: arguments.output.clone(),
        judging: arguments.judging.clone(),
        exposure: arguments.exposure.clone(),
        delivery: arguments.delivery.clone(),
    };
    let mut settings = match AuditSettings::resolve(&arguments, &invocation, &defaults) {
        Ok(settings) => settings,
        Err(invalid) => {
            emulator.shutdown().await;
            return Err(invalid.into());
        }
    };
    tracing::info!("demo emulator listening on {}", emulator.endpoint_url());
    settings.connect.endpoint_url = Some(emulator.endpoint_url());
    settings.connect.static_credentials = Some(Credentials::new(
        CALLER_ACCESS_KEY_ID,
        "demo-secret-not-a-real-key",
        None,
        None,
        "iam-audit-demo",
    ));
    settings.conclusion.run_options.demo = true;
    let code = audit::execute(settings, invocation.now).await;
    emulator.shutdown().await;
    code
}

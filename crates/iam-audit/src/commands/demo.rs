//! `iam-audit demo`: starts the local emulator in-process with the built-in demo organization
//! and runs the unchanged audit against it over HTTP. No AWS account needed.

use std::path::Path;

use aws_credential_types::Credentials;
use chrono::{DateTime, Utc};
use iam_audit_collect::ConnectOptions;
use iam_audit_emulator::{CALLER_ACCESS_KEY_ID, RunningEmulator, demo_scenario};

use crate::cli::DemoArgs;
use crate::commands::audit::{self, Audit};
use crate::settings;

/// Runs the demo; returns the exit code.
pub async fn execute(
    arguments: &DemoArgs,
    quiet: bool,
    now: DateTime<Utc>,
    stamp: &str,
) -> anyhow::Result<u8> {
    let options = settings::audit_options(
        &arguments.scope,
        "AWSControlTowerExecution",
        None,
        None,
        None,
        now,
    )?;
    let output = settings::output_settings(&arguments.output, Path::new("iam-audit-demo"), stamp)?;
    let emulator = RunningEmulator::start(demo_scenario(), 0).await?;
    tracing::info!("demo emulator listening on {}", emulator.endpoint_url());
    let connect = ConnectOptions {
        region: arguments.scope.region.clone(),
        endpoint_url: Some(emulator.endpoint_url()),
        static_credentials: Some(Credentials::new(
            CALLER_ACCESS_KEY_ID,
            "demo-secret-not-a-real-key",
            None,
            None,
            "iam-audit-demo",
        )),
        ..ConnectOptions::default()
    };
    let code = audit::execute(
        Audit {
            connect,
            options,
            output,
            quiet,
        },
        now,
    )
    .await;
    emulator.shutdown().await;
    code
}

//! `iam-audit-emulator`: the local AWS endpoint as a standalone server, so the AWS CLI, boto3 and
//! the seed's reference script run against the same endpoint as iam-audit.

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use iam_audit_emulator::{GeneratorOptions, RunningEmulator, Scenario, demo_scenario, generate};

/// Serves a scenario on 127.0.0.1 until interrupted; point a client at it with
/// `AWS_ENDPOINT_URL=http://127.0.0.1:<port>`.
#[derive(Parser)]
#[command(version)]
struct Arguments {
    /// A scenario file (.toml or .json), or `demo` for the built-in organization.
    #[arg(long, default_value = "demo")]
    scenario: String,
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Writes the call log as JSON lines to this file on exit.
    #[arg(long)]
    call_log: Option<PathBuf>,
    /// Writes the chosen port to this file once listening (for scripts).
    #[arg(long)]
    port_file: Option<PathBuf>,
    /// Instead of serving, print a generated scenario with this many member accounts as TOML.
    #[arg(long)]
    generate_accounts: Option<usize>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let arguments = Arguments::parse();
    if let Some(accounts) = arguments.generate_accounts {
        let scenario = generate(&GeneratorOptions {
            accounts,
            ..GeneratorOptions::default()
        });
        print!("{}", scenario.to_toml()?);
        return Ok(());
    }
    let scenario = if arguments.scenario == "demo" {
        demo_scenario()
    } else {
        Scenario::from_path(std::path::Path::new(&arguments.scenario))
            .with_context(|| format!("loading scenario {}", arguments.scenario))?
    };
    let emulator = RunningEmulator::start(scenario, arguments.port)
        .await
        .with_context(|| format!("binding 127.0.0.1:{}", arguments.port))?;
    if let Some(path) = &arguments.port_file {
        std::fs::write(path, emulator.address().port().to_string())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "iam-audit-emulator listening on {}",
        emulator.endpoint_url()
    );
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
    if let Some(path) = &arguments.call_log {
        emulator
            .write_call_log(path)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    emulator.shutdown().await;
    Ok(())
}

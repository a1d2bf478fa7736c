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
    /// Instead of serving, print a generated scenario with this many member accounts as TOML
    /// (with `--serve-generated`, serve it instead of printing it).
    #[arg(long)]
    generate_accounts: Option<usize>,
    /// Users per generated member account (default 20).
    #[arg(long, requires = "generate_accounts")]
    users_per_account: Option<usize>,
    /// Access keys per generated member account, spread over its users, two at most each
    /// (default 30).
    #[arg(long, requires = "generate_accounts")]
    keys_per_account: Option<usize>,
    /// Print the generated scenario as JSON rather than TOML (a large one loads with far less
    /// memory from JSON: it is read without an intermediate document).
    #[arg(long, requires = "generate_accounts")]
    json: bool,
    /// Serve the generated scenario rather than print it: no TOML text in between, so a large
    /// organization costs only its resolved form.
    #[arg(long, requires = "generate_accounts")]
    serve_generated: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let arguments = Arguments::parse();
    let generated = arguments.generate_accounts.map(|accounts| {
        let defaults = GeneratorOptions::default();
        generate(&GeneratorOptions {
            accounts,
            users_per_account: arguments
                .users_per_account
                .unwrap_or(defaults.users_per_account),
            keys_per_account: arguments
                .keys_per_account
                .unwrap_or(defaults.keys_per_account),
            ..defaults
        })
    });
    if let Some(scenario) = &generated
        && !arguments.serve_generated
    {
        if arguments.json {
            serde_json::to_writer(std::io::stdout().lock(), scenario)?;
        } else {
            print!("{}", scenario.to_toml()?);
        }
        return Ok(());
    }
    let scenario = if let Some(scenario) = generated {
        scenario
    } else if arguments.scenario == "demo" {
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

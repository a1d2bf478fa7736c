//! `iam-audit [audit]`: collect from the organization, judge, write the reports, and say with the
//! exit code whether everything was read. `demo` runs this same code against the local emulator.

mod fatal;
mod reports;
mod summary;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use iam_audit_collect::{CallMetrics, Interrupt, run_audit};
use iam_audit_model::AuditRun;
use iam_audit_report::Messages;
use iam_audit_rules::{Finding, evaluate};

use crate::cli::AuditArgs;
use crate::console;
use crate::exit;
use crate::printer::ConsolePrinter;
use crate::settings::{AuditSettings, Defaults, Invocation};

/// `iam-audit [audit] ...`: validates the arguments, then audits.
pub async fn run(arguments: &AuditArgs, invocation: &Invocation) -> anyhow::Result<u8> {
    let settings = AuditSettings::resolve(arguments, invocation, &Defaults::default())?;
    execute(settings, invocation.now).await
}

/// Runs an audit and writes its reports; returns the exit code.
pub async fn execute(settings: AuditSettings, now: DateTime<Utc>) -> anyhow::Result<u8> {
    let messages = Messages::new(settings.output.language);
    let interrupt = Interrupt::default();
    let run = match collect(&settings, messages, &interrupt).await {
        Ok(run) => run,
        Err(error) => {
            console::err(fatal::line(&error, &fatal::Situation::of(&settings)));
            return Ok(exit::FATAL);
        }
    };
    let findings = evaluate(&run, &settings.judging.config, now);
    let failing = failing_findings(&findings, &settings);
    let code = exit_code(&run, failing, interrupt.is_raised());
    reports::write(&run, &findings, &settings, now, code)?;
    if !settings.quiet {
        summary::print(&findings, messages);
    }
    summary::print_closing(&run, &settings, failing, messages);
    Ok(code)
}

/// Collects the run, printing progress; Ctrl-C and SIGTERM stop it with what was read.
async fn collect(
    settings: &AuditSettings,
    messages: Messages,
    interrupt: &Interrupt,
) -> Result<AuditRun, iam_audit_collect::CollectError> {
    let printer = Arc::new(ConsolePrinter::new(messages, settings.quiet));
    let metrics = Arc::new(CallMetrics::default());
    let listener = tokio::spawn(listen_for_interrupt(interrupt.clone()));
    let collected = run_audit(
        &settings.connect,
        settings.collect.clone(),
        Arc::clone(&printer) as Arc<dyn iam_audit_collect::Progress>,
        Arc::clone(&metrics),
        interrupt.clone(),
    )
    .await;
    listener.abort();
    printer.finish();
    tracing::info!(
        "{} API calls ({} attempts), {} retries",
        metrics.operations(),
        metrics.attempts(),
        metrics.retries()
    );
    collected
}

/// Unsuppressed findings at or above `--fail-on`, when it is given.
fn failing_findings(findings: &[Finding], settings: &AuditSettings) -> Option<usize> {
    settings.judging.fail_on.map(|threshold| {
        findings
            .iter()
            .filter(|finding| !finding.is_suppressed() && finding.severity >= threshold)
            .count()
    })
}

/// The exit code: interrupted, then incomplete, then findings at `--fail-on`.
fn exit_code(run: &AuditRun, failing: Option<usize>, interrupted: bool) -> u8 {
    if interrupted {
        exit::INTERRUPTED
    } else if run.is_incomplete() {
        exit::INCOMPLETE
    } else if failing.is_some_and(|count| count > 0) {
        exit::FINDINGS
    } else {
        exit::COMPLETE
    }
}

/// Raises the interrupt on Ctrl-C or SIGTERM. A second signal ends the process at once; report
/// files are never half-written either way (each is renamed into place when complete).
async fn listen_for_interrupt(interrupt: Interrupt) {
    let mut terminate =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let terminated = async {
        match terminate.as_mut() {
            Some(signal) => {
                signal.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminated => {}
    }
    console::err(iam_audit_i18n::text(
        crate::settings::language(),
        "interrupted",
        &[],
    ));
    interrupt.raise();
    let _ = tokio::signal::ctrl_c().await;
    std::process::exit(i32::from(exit::INTERRUPTED));
}

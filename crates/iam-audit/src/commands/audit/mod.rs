//! `iam-audit [audit]`: collect from the organization, judge, write the reports, and say with the
//! exit code whether everything was read. `demo` runs this same code against the local emulator.

mod fatal;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use iam_audit_collect::{CallMetrics, Interrupt, run_audit};
use iam_audit_conclusion::{Concluded, Lines};
use iam_audit_model::AuditRun;
use iam_audit_report::Messages;

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

/// Runs an audit, writes and delivers its reports; returns the exit code.
pub async fn execute(settings: AuditSettings, now: DateTime<Utc>) -> anyhow::Result<u8> {
    let interrupt = Interrupt::default();
    let listener = tokio::spawn(listen_for_interrupt(interrupt.clone()));
    let outcome = audit(&settings, now, &interrupt).await;
    listener.abort();
    Ok(outcome?.code)
}

/// Collects under `interrupt` (a signal, or a Lambda deadline), then concludes.
pub async fn audit(
    settings: &AuditSettings,
    now: DateTime<Utc>,
    interrupt: &Interrupt,
) -> anyhow::Result<Concluded> {
    let messages = Messages::new(settings.conclusion.output.language);
    let run = match collect(settings, messages, interrupt).await {
        Ok(run) => run,
        Err(error) => {
            console::err(fatal::line(&error, &fatal::Situation::of(settings)));
            return Ok(Concluded {
                code: exit::FATAL,
                ..Concluded::default()
            });
        }
    };
    conclude(settings, run, now, interrupt.is_raised()).await
}

/// The console as the conclusion's lines.
struct ConsoleLines;

impl Lines for ConsoleLines {
    fn out(&self, line: &str) {
        console::out(line);
    }

    fn err(&self, line: &str) {
        console::err(line);
    }
}

/// Concludes a collected (or merged) run with the conclusion crate's pipeline, with the caller's
/// AWS configuration when a delivery or the baseline needs it.
pub async fn conclude(
    settings: &AuditSettings,
    run: AuditRun,
    now: DateTime<Utc>,
    interrupted: bool,
) -> anyhow::Result<Concluded> {
    let config = if settings.conclusion.needs_aws(&run.caller.account_id) {
        Some(iam_audit_collect::caller_config(&settings.connect).await)
    } else {
        None
    };
    let concluded = iam_audit_conclusion::conclude(
        &settings.conclusion,
        run,
        now,
        interrupted,
        config,
        &ConsoleLines,
    )
    .await?;
    Ok(concluded)
}

/// Collects the run, printing progress; Ctrl-C and SIGTERM stop it with what was read.
async fn collect(
    settings: &AuditSettings,
    messages: Messages,
    interrupt: &Interrupt,
) -> Result<AuditRun, iam_audit_collect::CollectError> {
    let printer = Arc::new(ConsolePrinter::new(messages, settings.conclusion.quiet));
    let metrics = Arc::new(CallMetrics::default());
    let collected = run_audit(
        &settings.connect,
        settings.collect.clone(),
        Arc::clone(&printer) as Arc<dyn iam_audit_collect::Progress>,
        Arc::clone(&metrics),
        interrupt.clone(),
    )
    .await;
    printer.finish();
    tracing::info!(
        "{} API calls ({} attempts), {} retries",
        metrics.operations(),
        metrics.attempts(),
        metrics.retries()
    );
    collected
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

//! `iam-audit doctor`: the original tool's set-up verification and troubleshooting, as a table
//! with a verdict per line and a remediation for each failure. Exit 0 when the audit can read
//! everything (warnings allowed), 2 when something failed, 3 when the caller itself is unusable.

use std::sync::Arc;

use iam_audit_collect::{CallMetrics, Verdict, run_doctor};

use crate::cli::DoctorArgs;
use crate::console;
use crate::exit;
use crate::settings::{self, Invocation, connect_options};

use iam_audit_report::render;

/// Runs the checks; returns the exit code.
pub async fn execute(arguments: &DoctorArgs, invocation: &Invocation) -> anyhow::Result<u8> {
    let options = settings::collect_options(
        &arguments.role,
        &arguments.scope,
        iam_audit_model::RateLimits::AWS,
        invocation.now,
    )?;
    let connect = connect_options(&arguments.scope, arguments.role.profile.clone());
    let language = crate::settings::language();
    let checks = match run_doctor(&connect, &options, Arc::new(CallMetrics::default())).await {
        Ok(checks) => checks,
        Err(error) => {
            console::err(iam_audit_i18n::text(
                language,
                "fatal-doctor",
                &[("error", error.to_string())],
            ));
            return Ok(exit::FATAL);
        }
    };
    let subject_width = checks
        .iter()
        .map(|check| check.subject.chars().count())
        .max()
        .unwrap_or(7)
        .clamp(7, 48);
    let check_width = checks
        .iter()
        .map(|check| check.check.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let word = |id: &str| iam_audit_i18n::text(language, id, &[]);
    let verdict_width = [
        "doctor-verdict-pass",
        "doctor-verdict-warn",
        "doctor-verdict-fail",
        "doctor-column-verdict",
    ]
    .iter()
    .map(|id| word(id).chars().count())
    .max()
    .unwrap_or(7);
    let check_width = check_width.max(word("doctor-column-check").chars().count());
    let subject_width = subject_width.max(word("doctor-column-subject").chars().count());
    console::out(format_args!(
        "{:<check_width$} {:<subject_width$} {:<verdict_width$} {}",
        word("doctor-column-check"),
        word("doctor-column-subject"),
        word("doctor-column-verdict"),
        word("doctor-column-detail"),
    ));
    for check in &checks {
        let subject = iam_audit_report::cells::terminal_safe(&check.subject);
        let verdict = match check.verdict {
            Verdict::Pass => word("doctor-verdict-pass"),
            Verdict::Warn => word("doctor-verdict-warn"),
            Verdict::Fail => word("doctor-verdict-fail"),
        };
        console::out(format_args!(
            "{:<check_width$} {:<subject_width$} {:<verdict_width$} {}",
            check.check,
            subject,
            verdict,
            iam_audit_report::cells::terminal_safe(&render(language, &check.detail))
        ));
        if let Some(remediation) = &check.remediation {
            let fix = iam_audit_i18n::text(
                language,
                "doctor-fix",
                &[("remediation", render(language, remediation))],
            );
            console::out(format_args!(
                "{:<check_width$} {:<subject_width$} {:<verdict_width$} {fix}",
                "", "", ""
            ));
        }
    }
    let failed = checks
        .iter()
        .filter(|check| check.verdict == Verdict::Fail)
        .count();
    let warnings = checks
        .iter()
        .filter(|check| check.verdict == Verdict::Warn)
        .count();
    console::out("");
    console::out(iam_audit_report::Messages::new(language).doctor_summary(
        checks.len(),
        checks.len() - failed - warnings,
        warnings,
        failed,
    ));
    Ok(if failed > 0 {
        exit::INCOMPLETE
    } else {
        exit::COMPLETE
    })
}

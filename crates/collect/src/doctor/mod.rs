//! `iam-audit doctor`: the original tool's verification and troubleshooting steps, automated.
//! Checks the caller, the organization, Control Tower, the audit role and, in every ACTIVE
//! account, AssumeRole and one minimal call of each API the audit uses, and classifies each
//! failure into the original's troubleshooting cases. Read-only, like the audit.

mod account;
mod organization;

use std::sync::Arc;

use futures::StreamExt;
use iam_audit_model::{Account, CallerIdentity, ErrorKind, Message};

use crate::error::CollectError;
use crate::limits::Limiter;
use crate::metrics::CallMetrics;
use crate::options::AuditOptions;
use crate::session::{
    ConnectOptions, SharedClients, load_caller_config, organizations_client, sts_client,
};

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Works.
    Pass,
    /// Works, but worth knowing.
    Warn,
    /// The audit will not be able to read this.
    Fail,
}

impl Verdict {
    /// `PASS`, `WARN`, `FAIL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Warn => "WARN",
            Verdict::Fail => "FAIL",
        }
    }
}

/// One line of the doctor's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked: `caller`, `organization`, `control-tower`, `role`, `assume-role`,
    /// `iam-read`, `cloudtrail`.
    pub check: &'static str,
    /// The account, or what the check is about.
    pub subject: String,
    /// The verdict.
    pub verdict: Verdict,
    /// What was seen.
    pub detail: Message,
    /// What to do, for warnings and failures.
    pub remediation: Option<Message>,
}

pub(crate) fn check(
    check: &'static str,
    subject: impl Into<String>,
    verdict: Verdict,
    detail: Message,
    remediation: Option<Message>,
) -> Check {
    Check {
        check,
        subject: subject.into(),
        verdict,
        detail,
        remediation,
    }
}

pub(crate) fn failed(action: impl ToString, code: Option<String>, message: &str) -> Message {
    Message::new("doctor-call-failed")
        .with("action", action)
        .with(
            "error",
            format!(
                "{}{message}",
                code.map(|code| format!("{code}: ")).unwrap_or_default()
            ),
        )
}

/// What every account's probes share.
pub(crate) struct Probing<'a> {
    caller_config: &'a aws_config::SdkConfig,
    sts: &'a aws_sdk_sts::Client,
    sts_limiter: &'a Limiter,
    caller: &'a CallerIdentity,
    options: &'a AuditOptions,
    clients: &'a SharedClients,
}

/// Runs every check. Only an unusable caller is fatal.
pub async fn run_doctor(
    connect: &ConnectOptions,
    options: &AuditOptions,
    metrics: Arc<CallMetrics>,
) -> Result<Vec<Check>, CollectError> {
    let caller_config = load_caller_config(connect).await;
    let sts = sts_client(&caller_config, &metrics);
    let caller = crate::organizations::caller_identity(&sts).await?;
    let mut checks = vec![check(
        "caller",
        &caller.account_id,
        Verdict::Pass,
        Message::new("doctor-value").with("value", &caller.arn),
        None,
    )];
    let organizations = organizations_client(&caller_config, &metrics);
    let accounts = organization::check_organization(&organizations, &caller, &mut checks).await;
    organization::check_control_tower(&caller_config, &mut checks).await;
    if options.role_name == "AWSControlTowerExecution" {
        checks.push(check(
            "role",
            &options.role_name,
            Verdict::Warn,
            Message::new("doctor-admin-role"),
            Some(Message::new("doctor-fix-admin-role")),
        ));
    }
    // Every ACTIVE account: AssumeRole, then one minimal call of each API the audit uses.
    let selected: Vec<Account> = accounts
        .into_iter()
        .filter(Account::is_active)
        .filter(|account| !options.exclude_accounts.contains(&account.id))
        .filter(|account| {
            options
                .include_accounts
                .as_ref()
                .is_none_or(|included| included.contains(&account.id))
        })
        .collect();
    let sts_limiter = Limiter::new(options.rate_limits.sts);
    let clients = SharedClients::new(&caller_config, &metrics);
    let probing = Probing {
        caller_config: &caller_config,
        sts: &sts,
        sts_limiter: &sts_limiter,
        caller: &caller,
        options,
        clients: &clients,
    };
    let probing = &probing;
    let mut per_account: Vec<(String, Vec<Check>)> = futures::stream::iter(selected)
        .map(|account| async move {
            let id = account.id.clone();
            (id, account::probe_account(probing, account).await)
        })
        .buffer_unordered(options.concurrency.clamp(1, 64))
        .collect()
        .await;
    per_account.sort_by(|left, right| left.0.cmp(&right.0));
    checks.extend(per_account.into_iter().flat_map(|(_, checks)| checks));
    Ok(checks)
}

/// What to do about a call denied after a successful AssumeRole, or about another failure.
fn fix_for(kind: ErrorKind, action: &str) -> Message {
    if kind == ErrorKind::AccessDenied {
        Message::new("doctor-fix-denied-action").with("action", action)
    } else {
        Message::new("doctor-fix-generic")
    }
}

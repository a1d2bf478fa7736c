//! The doctor's per-account probes: AssumeRole, then one minimal call of each API family the
//! audit uses, each failure classified into the original's troubleshooting cases.

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use iam_audit_errors::classify;
use iam_audit_model::{Account, ErrorKind, Message};

use super::{Check, Probing, Verdict, check, failed, fix_for};
use crate::error::is_no_such_entity;
use crate::limits::Limiter;
use crate::session::{AccountClients, CloudTrail, Iam, RoleRequest, as_account, assume_role};

/// Every probe of one account; the probes stop at a failed AssumeRole.
pub(super) async fn probe_account(probing: &Probing<'_>, account: Account) -> Vec<Check> {
    let subject = format!("{} ({})", account.name, account.id);
    let mut checks = Vec::new();
    let Ok(credentials) = reach(probing, &account, &subject, &mut checks).await else {
        return checks;
    };
    let assumed = credentials.is_some();
    let AccountClients {
        iam,
        cloudtrail,
        access_analyzer,
    } = probing.clients.for_account(&account.id, credentials);
    let (iam_check, first_user) = probe_iam(&iam, &subject).await;
    checks.push(iam_check);
    let first_name = first_user.as_ref().map(|(name, _)| name.as_str());
    checks.push(probe_credentials(&iam, &subject, first_name).await);
    checks.push(probe_account_resources(&iam, &access_analyzer, &subject).await);
    if probing.options.usage.is_some() {
        checks.push(probe_last_accessed(&iam, &subject, first_user.as_ref()).await);
    }
    if assumed {
        checks.push(probe_audit_role(probing, &iam, &account, &subject).await);
    }
    checks.push(probe_cloudtrail(probing, &cloudtrail, &subject).await);
    checks
}

/// The account's credentials: the caller's own in the caller's account, else AssumeRole of the
/// audit role. `Err` after recording the failed check.
async fn reach(
    probing: &Probing<'_>,
    account: &Account,
    subject: &str,
    checks: &mut Vec<Check>,
) -> Result<Option<SharedCredentialsProvider>, ()> {
    let (caller, options) = (probing.caller, probing.options);
    if account.id == caller.account_id {
        checks.push(check(
            "assume-role",
            subject,
            Verdict::Pass,
            Message::new("doctor-own-account"),
            None,
        ));
        return Ok(None);
    }
    let role_arn = caller.partition().role_arn(&account.id, &options.role_name);
    let request = RoleRequest {
        role_arn: role_arn.clone(),
        session_name: options.session_name.clone(),
        external_id: options.external_id.clone(),
        duration: options.session_duration,
    };
    let _turn = probing.sts_limiter.ready().await;
    match assume_role(probing.sts, probing.sts_limiter.clone(), request).await {
        Ok(credentials) => {
            checks.push(check(
                "assume-role",
                subject,
                Verdict::Pass,
                Message::new("doctor-assumed").with("role", &role_arn),
                None,
            ));
            Ok(Some(credentials))
        }
        Err(error) => {
            let (kind, code, message) = classify(&error);
            let remediation = if kind == ErrorKind::AccessDenied {
                Message::new("doctor-fix-assume-denied").with("caller", &caller.arn)
            } else {
                Message::new("doctor-fix-generic")
            };
            checks.push(check(
                "assume-role",
                subject,
                Verdict::Fail,
                failed(format!("sts:AssumeRole {role_arn}"), code, &message),
                Some(remediation),
            ));
            Err(())
        }
    }
}

/// IAM: ListUsers with one item, then GetLoginProfile on that user if there is one; the user
/// (name and ARN), for the credential and usage probes.
async fn probe_iam(iam: &Iam, subject: &str) -> (Check, Option<(String, String)>) {
    let first = match as_account!(iam.list_users().max_items(1)).await {
        Ok(output) => output
            .users()
            .first()
            .map(|user| (user.user_name().to_string(), user.arn().to_string())),
        Err(error) => {
            let (kind, code, message) = classify(&error);
            let failure = check(
                "iam-read",
                subject,
                Verdict::Fail,
                failed("iam:ListUsers", code, &message),
                Some(fix_for(kind, "iam:ListUsers")),
            );
            return (failure, None);
        }
    };
    let Some((name, arn)) = first else {
        let passed = check(
            "iam-read",
            subject,
            Verdict::Pass,
            Message::new("doctor-iam-works-no-user"),
            None,
        );
        return (passed, None);
    };
    (
        probe_login_profile(iam, subject, &name).await,
        Some((name, arn)),
    )
}

/// Service last accessed: one job about the first user (GenerateServiceLastAccessedDetails) and
/// one read of it (GetServiceLastAccessedDetails): in progress or done, either answer proves both
/// actions are allowed. Without them the audit would report every user's usage unknown.
async fn probe_last_accessed(
    iam: &Iam,
    subject: &str,
    first_user: Option<&(String, String)>,
) -> Check {
    let Some((name, arn)) = first_user else {
        return check(
            "last-accessed",
            subject,
            Verdict::Pass,
            Message::new("doctor-last-accessed-no-user"),
            None,
        );
    };
    let denied = |action: &str, error: (ErrorKind, Option<String>, String)| {
        let (kind, code, message) = error;
        check(
            "last-accessed",
            subject,
            Verdict::Fail,
            failed(action, code, &message),
            Some(fix_for(kind, action)),
        )
    };
    let generated = as_account!(
        iam.generate_service_last_accessed_details()
            .arn(arn)
            .granularity(aws_sdk_iam::types::AccessAdvisorUsageGranularityType::ActionLevel)
    )
    .await;
    let job = match generated {
        Ok(output) => output.job_id().unwrap_or_default().to_string(),
        Err(error) => return denied("iam:GenerateServiceLastAccessedDetails", classify(&error)),
    };
    if let Err(error) = as_account!(
        iam.get_service_last_accessed_details()
            .job_id(&job)
            .max_items(1)
    )
    .await
    {
        return denied("iam:GetServiceLastAccessedDetails", classify(&error));
    }
    check(
        "last-accessed",
        subject,
        Verdict::Pass,
        Message::new("doctor-last-accessed-works").with("user", name),
        None,
    )
}

async fn probe_login_profile(iam: &Iam, subject: &str, name: &str) -> Check {
    let detail = match as_account!(iam.get_login_profile().user_name(name)).await {
        Ok(_) => Message::new("doctor-iam-works-password").with("user", name),
        Err(error) if is_no_such_entity(&error) => {
            Message::new("doctor-iam-works-no-password").with("user", name)
        }
        Err(error) => {
            let (kind, code, message) = classify(&error);
            return check(
                "iam-read",
                subject,
                Verdict::Fail,
                failed("iam:GetLoginProfile", code, &message),
                Some(fix_for(kind, "iam:GetLoginProfile")),
            );
        }
    };
    check("iam-read", subject, Verdict::Pass, detail, None)
}

/// The other long-term credentials: the password policy, the account's service-specific
/// credentials (`AllUsers`), and the first user's SSH keys and signing certificates. Each denial
/// names its action: without it the audit would report that credential kind unknown everywhere.
async fn probe_credentials(iam: &Iam, subject: &str, first_user: Option<&str>) -> Check {
    let denied = |action: &str, error: (ErrorKind, Option<String>, String)| {
        let (kind, code, message) = error;
        check(
            "iam-credentials",
            subject,
            Verdict::Fail,
            failed(action, code, &message),
            Some(fix_for(kind, action)),
        )
    };
    if let Err(error) = as_account!(iam.get_account_password_policy()).await
        && !is_no_such_entity(&error)
    {
        return denied("iam:GetAccountPasswordPolicy", classify(&error));
    }
    if let Err(error) = as_account!(
        iam.list_service_specific_credentials()
            .all_users(true)
            .max_items(1)
    )
    .await
    {
        return denied("iam:ListServiceSpecificCredentials", classify(&error));
    }
    let Some(name) = first_user else {
        return check(
            "iam-credentials",
            subject,
            Verdict::Pass,
            Message::new("doctor-credentials-work-no-user"),
            None,
        );
    };
    if let Err(error) = as_account!(iam.list_ssh_public_keys().user_name(name).max_items(1)).await {
        return denied("iam:ListSSHPublicKeys", classify(&error));
    }
    if let Err(error) =
        as_account!(iam.list_signing_certificates().user_name(name).max_items(1)).await
    {
        return denied("iam:ListSigningCertificates", classify(&error));
    }
    check(
        "iam-credentials",
        subject,
        Verdict::Pass,
        Message::new("doctor-credentials-work").with("user", name),
        None,
    )
}

/// The account's own IAM resources the compliance controls read: server certificates and IAM
/// Access Analyzer's analyzers of the home region.
async fn probe_account_resources(
    iam: &Iam,
    access_analyzer: &crate::session::AccessAnalyzerClient,
    subject: &str,
) -> Check {
    let denied = |action: &str, error: (ErrorKind, Option<String>, String)| {
        let (kind, code, message) = error;
        check(
            "account-resources",
            subject,
            Verdict::Fail,
            failed(action, code, &message),
            Some(fix_for(kind, action)),
        )
    };
    if let Err(error) = as_account!(iam.list_server_certificates().max_items(1)).await {
        return denied("iam:ListServerCertificates", classify(&error));
    }
    if let Err(error) = as_account!(access_analyzer.list_analyzers().max_results(1)).await {
        return denied("access-analyzer:ListAnalyzers", classify(&error));
    }
    check(
        "account-resources",
        subject,
        Verdict::Pass,
        Message::new("doctor-account-resources-work"),
        None,
    )
}

/// The audit role itself, from the account's authorization details: what the audit assumed must
/// still be what it should be (the original tool's advice: check that the role was not modified).
async fn probe_audit_role(
    probing: &Probing<'_>,
    iam: &Iam,
    account: &Account,
    subject: &str,
) -> Check {
    let limiter = Limiter::new(probing.options.rate_limits.iam);
    let evaluated = crate::authorization::account_authorization(
        iam,
        &limiter,
        &account.id,
        probing.options,
        Some(&probing.caller.account_id),
        None,
        None,
    )
    .await;
    let drift = match evaluated {
        Ok((evaluated, _)) => evaluated.audit_role,
        Err(error) => {
            let message = Message::new("doctor-call-failed")
                .with("action", &error.api)
                .with("error", &error.message);
            return check(
                "audit-role",
                subject,
                Verdict::Fail,
                message,
                Some(fix_for(error.kind, &error.api)),
            );
        }
    };
    let problems = drift
        .map(|drift| drift.problems(&probing.caller.account_id))
        .unwrap_or_default();
    if problems.is_empty() {
        return check(
            "audit-role",
            subject,
            Verdict::Pass,
            Message::new("doctor-audit-role-as-expected").with("role", &probing.options.role_name),
            None,
        );
    }
    check(
        "audit-role",
        subject,
        Verdict::Fail,
        Message::new("doctor-audit-role-drift")
            .with("role", &probing.options.role_name)
            .with_messages("problems", problems),
        Some(Message::new("doctor-fix-audit-role-drift")),
    )
}

/// CloudTrail: one event from LookupEvents in the home region.
async fn probe_cloudtrail(probing: &Probing<'_>, cloudtrail: &CloudTrail, subject: &str) -> Check {
    let region = probing
        .caller_config
        .region()
        .map_or_else(|| "?".to_string(), ToString::to_string);
    let attribute = LookupAttribute::builder()
        .attribute_key(LookupAttributeKey::EventName)
        .attribute_value("CreateUser")
        .build();
    let lookup = match attribute {
        Ok(attribute) => as_account!(
            cloudtrail
                .lookup_events()
                .lookup_attributes(attribute)
                .max_results(1)
        )
        .await
        .map(|_| ())
        .map_err(|error| classify(&error)),
        Err(error) => Err((ErrorKind::Other, None, error.to_string())),
    };
    let (kind, code, message) = match lookup {
        Ok(()) => {
            return check(
                "cloudtrail",
                subject,
                Verdict::Pass,
                Message::new("doctor-cloudtrail-works").with("region", &region),
                None,
            );
        }
        Err(failure) => failure,
    };
    let remediation = if kind == ErrorKind::AccessDenied {
        fix_for(kind, "cloudtrail:LookupEvents")
    } else {
        Message::new("doctor-fix-cloudtrail-unavailable").with("region", &region)
    };
    check(
        "cloudtrail",
        subject,
        Verdict::Fail,
        Message::new("doctor-call-failed-in")
            .with("action", "cloudtrail:LookupEvents")
            .with("region", &region)
            .with(
                "error",
                format!(
                    "{}{message}",
                    code.map(|code| format!("{code}: ")).unwrap_or_default()
                ),
            ),
        Some(remediation),
    )
}

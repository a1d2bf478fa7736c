//! `iam-audit doctor`: the original tool's verification and troubleshooting steps, automated.
//! Checks the caller, the organization, Control Tower, the audit role and, in every ACTIVE
//! account, AssumeRole and one minimal call of each API the audit uses, and classifies each
//! failure into the original's troubleshooting cases. Read-only, like the audit.

use std::sync::Arc;

use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use futures::StreamExt;
use iam_audit_model::{Account, CallerIdentity, ErrorKind, Message};

use crate::audit::AuditOptions;
use crate::error::{CollectError, classify};
use crate::limits::Limiter;
use crate::metrics::CallMetrics;
use crate::session::{
    AccountClients, ConnectOptions, RoleRequest, SharedClients, as_account, assume_role,
    load_caller_config, organizations_client, sts_client,
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

fn check(
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

fn failed(action: impl ToString, code: Option<String>, message: &str) -> Message {
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

    let management = match organizations.describe_organization().send().await {
        Ok(output) => output.organization().map(|organization| {
            (
                organization.id().unwrap_or_default().to_string(),
                organization
                    .master_account_id()
                    .unwrap_or_default()
                    .to_string(),
            )
        }),
        Err(error) => {
            let (_, code, message) = classify(&error);
            checks.push(check(
                "organization",
                &caller.account_id,
                Verdict::Fail,
                failed("organizations:DescribeOrganization", code, &message),
                Some(Message::new("doctor-fix-describe-organization")),
            ));
            None
        }
    };

    // Accounts: the audit needs ListAccounts, from the management account or a delegated
    // administrator.
    let mut accounts = Vec::new();
    let mut token: Option<String> = None;
    let mut listed = true;
    loop {
        match organizations
            .list_accounts()
            .set_next_token(token.clone())
            .send()
            .await
        {
            Ok(page) => {
                accounts.extend(page.accounts().iter().map(crate::organizations::account_of));
                token = page
                    .next_token()
                    .filter(|next| !next.is_empty())
                    .map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            Err(error) => {
                let (_, code, message) = classify(&error);
                checks.push(check(
                    "organization",
                    &caller.account_id,
                    Verdict::Fail,
                    failed("organizations:ListAccounts", code, &message),
                    Some(Message::new("doctor-fix-list-accounts")),
                ));
                listed = false;
                break;
            }
        }
    }
    if let Some((organization_id, management_id)) = &management {
        let role = if *management_id == caller.account_id {
            Message::new("doctor-caller-management")
        } else if listed {
            Message::new("doctor-caller-delegated").with("management", management_id)
        } else {
            Message::new("doctor-caller-member").with("management", management_id)
        };
        let verdict = if listed { Verdict::Pass } else { Verdict::Fail };
        checks.push(check("organization", organization_id, verdict, role, None));
    }

    // Control Tower: in use when a landing zone exists (ListLandingZones, management account).
    let control_tower = aws_sdk_controltower::Client::new(&caller_config);
    match control_tower.list_landing_zones().send().await {
        Ok(output) if !output.landing_zones().is_empty() => checks.push(check(
            "control-tower",
            "-",
            Verdict::Pass,
            Message::new("doctor-landing-zone")
                .with("arn", output.landing_zones()[0].arn().unwrap_or_default()),
            None,
        )),
        Ok(_) => checks.push(check(
            "control-tower",
            "-",
            Verdict::Warn,
            Message::new("doctor-no-landing-zone"),
            Some(Message::new("doctor-fix-no-landing-zone")),
        )),
        Err(error) => {
            let (_, code, message) = classify(&error);
            checks.push(check(
                "control-tower",
                "-",
                Verdict::Warn,
                failed("controltower:ListLandingZones", code, &message),
                Some(Message::new("doctor-fix-landing-zones-denied")),
            ));
        }
    }
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
    let context = (
        &caller_config,
        &sts,
        &sts_limiter,
        &caller,
        options,
        &clients,
    );
    let mut per_account: Vec<(String, Vec<Check>)> = futures::stream::iter(selected)
        .map(|account| async move {
            let id = account.id.clone();
            (id, probe_account(context, account).await)
        })
        .buffer_unordered(options.concurrency.clamp(1, 64))
        .collect()
        .await;
    per_account.sort_by(|left, right| left.0.cmp(&right.0));
    checks.extend(per_account.into_iter().flat_map(|(_, checks)| checks));
    Ok(checks)
}

type Context<'a> = (
    &'a aws_config::SdkConfig,
    &'a aws_sdk_sts::Client,
    &'a Limiter,
    &'a CallerIdentity,
    &'a AuditOptions,
    &'a SharedClients,
);

/// What to do about a call denied after a successful AssumeRole, or about another failure.
fn fix_for(kind: ErrorKind, action: &str) -> Message {
    if kind == ErrorKind::AccessDenied {
        Message::new("doctor-fix-denied-action").with("action", action)
    } else {
        Message::new("doctor-fix-generic")
    }
}

async fn probe_account(context: Context<'_>, account: Account) -> Vec<Check> {
    let (caller_config, sts, sts_limiter, caller, options, shared) = context;
    let subject = format!("{} ({})", account.name, account.id);
    let mut checks = Vec::new();
    let credentials = if account.id == caller.account_id {
        checks.push(check(
            "assume-role",
            &subject,
            Verdict::Pass,
            Message::new("doctor-own-account"),
            None,
        ));
        None
    } else {
        let role_arn = caller.partition().role_arn(&account.id, &options.role_name);
        let request = RoleRequest {
            role_arn: role_arn.clone(),
            session_name: options.session_name.clone(),
            external_id: options.external_id.clone(),
            duration: options.session_duration,
        };
        let _turn = sts_limiter.ready().await;
        match assume_role(sts, sts_limiter.clone(), request).await {
            Ok(credentials) => {
                checks.push(check(
                    "assume-role",
                    &subject,
                    Verdict::Pass,
                    Message::new("doctor-assumed").with("role", &role_arn),
                    None,
                ));
                Some(credentials)
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
                    &subject,
                    Verdict::Fail,
                    failed(format!("sts:AssumeRole {role_arn}"), code, &message),
                    Some(remediation),
                ));
                return checks;
            }
        }
    };
    let AccountClients { iam, cloudtrail } = shared.for_account(&account.id, credentials);
    // IAM: ListUsers with one item, then GetLoginProfile on that user if there is one.
    match as_account!(iam.list_users().max_items(1)).await {
        Ok(output) => {
            let first = output
                .users()
                .first()
                .map(|user| user.user_name().to_string());
            let profile = match &first {
                None => Ok(Message::new("doctor-iam-works-no-user")),
                Some(name) => match as_account!(iam.get_login_profile().user_name(name)).await {
                    Ok(_) => Ok(Message::new("doctor-iam-works-password").with("user", name)),
                    Err(error)
                        if error
                            .as_service_error()
                            .is_some_and(|service| service.is_no_such_entity_exception()) =>
                    {
                        Ok(Message::new("doctor-iam-works-no-password").with("user", name))
                    }
                    Err(error) => Err(classify(&error)),
                },
            };
            match profile {
                Ok(detail) => checks.push(check("iam-read", &subject, Verdict::Pass, detail, None)),
                Err((kind, code, message)) => checks.push(check(
                    "iam-read",
                    &subject,
                    Verdict::Fail,
                    failed("iam:GetLoginProfile", code, &message),
                    Some(fix_for(kind, "iam:GetLoginProfile")),
                )),
            }
        }
        Err(error) => {
            let (kind, code, message) = classify(&error);
            checks.push(check(
                "iam-read",
                &subject,
                Verdict::Fail,
                failed("iam:ListUsers", code, &message),
                Some(fix_for(kind, "iam:ListUsers")),
            ));
        }
    }
    // CloudTrail: one event from LookupEvents in the home region.
    let region = caller_config
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
    match lookup {
        Ok(()) => checks.push(check(
            "cloudtrail",
            &subject,
            Verdict::Pass,
            Message::new("doctor-cloudtrail-works").with("region", &region),
            None,
        )),
        Err((kind, code, message)) => {
            let remediation = if kind == ErrorKind::AccessDenied {
                fix_for(kind, "cloudtrail:LookupEvents")
            } else {
                Message::new("doctor-fix-cloudtrail-unavailable").with("region", &region)
            };
            checks.push(check(
                "cloudtrail",
                &subject,
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
            ));
        }
    }
    checks
}

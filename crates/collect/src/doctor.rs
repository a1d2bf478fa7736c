//! `iam-audit doctor`: the original tool's verification and troubleshooting steps, automated.
//! Checks the caller, the organization, Control Tower, the audit role and, in every ACTIVE
//! account, AssumeRole and one minimal call of each API the audit uses, and classifies each
//! failure into the original's troubleshooting cases. Read-only, like the audit.

use std::sync::Arc;

use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use futures::StreamExt;
use iam_audit_model::{Account, CallerIdentity, ErrorKind};

use crate::audit::AuditOptions;
use crate::error::{CollectError, classify};
use crate::limits::Limiter;
use crate::metrics::CallMetrics;
use crate::session::{
    AccountClients, ConnectOptions, RoleRequest, assume_role, load_caller_config,
    organizations_client, sts_client,
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
    pub detail: String,
    /// What to do, for warnings and failures.
    pub remediation: Option<String>,
}

fn check(
    check: &'static str,
    subject: impl Into<String>,
    verdict: Verdict,
    detail: impl Into<String>,
    remediation: Option<String>,
) -> Check {
    Check {
        check,
        subject: subject.into(),
        verdict,
        detail: detail.into(),
        remediation,
    }
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
        &caller.arn,
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
                format!("organizations:DescribeOrganization failed: {}{message}", code.map(|code| format!("{code}: ")).unwrap_or_default()),
                Some("run from an account of the organization, with organizations:DescribeOrganization allowed".to_string()),
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
                    format!("organizations:ListAccounts failed: {}{message}", code.map(|code| format!("{code}: ")).unwrap_or_default()),
                    Some("run from the management account or a delegated administrator for Organizations".to_string()),
                ));
                listed = false;
                break;
            }
        }
    }
    if let Some((organization_id, management_id)) = &management {
        let role = if *management_id == caller.account_id {
            "the caller is in the management account".to_string()
        } else if listed {
            format!("the caller is a delegated administrator (management account {management_id})")
        } else {
            format!("the caller is a member account (management account {management_id})")
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
            format!("landing zone {}", output.landing_zones()[0].arn().unwrap_or_default()),
            None,
        )),
        Ok(_) => checks.push(check(
            "control-tower",
            "-",
            Verdict::Warn,
            "no Control Tower landing zone: AWSControlTowerExecution exists only where Control Tower made it",
            Some("deploy a custom audit role to every account: iam-audit policy --format cloudformation (a StackSet template)".to_string()),
        )),
        Err(error) => {
            let (_, code, message) = classify(&error);
            checks.push(check(
                "control-tower",
                "-",
                Verdict::Warn,
                format!("controltower:ListLandingZones failed: {}{message}", code.map(|code| format!("{code}: ")).unwrap_or_default()),
                Some("allow controltower:ListLandingZones to check; without Control Tower, deploy a custom audit role (iam-audit policy)".to_string()),
            ));
        }
    }
    if options.role_name == "AWSControlTowerExecution" {
        checks.push(check(
            "role",
            &options.role_name,
            Verdict::Warn,
            "AWSControlTowerExecution has AdministratorAccess: far more than an audit needs",
            Some("deploy the least-privilege audit role that `iam-audit policy` generates and run with --role <its name>".to_string()),
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
    let context = (
        &caller_config,
        &sts,
        &sts_limiter,
        &caller,
        options,
        &metrics,
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
    &'a Arc<CallMetrics>,
);

async fn probe_account(context: Context<'_>, account: Account) -> Vec<Check> {
    let (caller_config, sts, sts_limiter, caller, options, metrics) = context;
    let subject = format!("{} ({})", account.name, account.id);
    let mut checks = Vec::new();
    let config = if account.id == caller.account_id {
        checks.push(check(
            "assume-role",
            &subject,
            Verdict::Pass,
            "the caller's own account: read with the caller's credentials",
            None,
        ));
        caller_config.clone()
    } else {
        let role_arn = caller.partition().role_arn(&account.id, &options.role_name);
        let request = RoleRequest {
            role_arn: role_arn.clone(),
            session_name: options.session_name.clone(),
            external_id: options.external_id.clone(),
            duration: options.session_duration,
        };
        let _turn = sts_limiter.ready().await;
        match assume_role(caller_config, sts, sts_limiter.clone(), request).await {
            Ok(config) => {
                checks.push(check(
                    "assume-role",
                    &subject,
                    Verdict::Pass,
                    format!("assumed {role_arn}"),
                    None,
                ));
                config
            }
            Err(error) => {
                let (kind, code, message) = classify(&error);
                let remediation = if kind == ErrorKind::AccessDenied {
                    format!(
                        "the role is missing, the account is not enrolled in Control Tower, or the role's trust policy does not trust {}: enroll the account (Control Tower console) or deploy the audit role (iam-audit policy --format cloudformation), then check its trust policy",
                        caller.arn
                    )
                } else {
                    "see the message; run again".to_string()
                };
                checks.push(check(
                    "assume-role",
                    &subject,
                    Verdict::Fail,
                    format!(
                        "sts:AssumeRole {role_arn} failed: {}{message}",
                        code.map(|code| format!("{code}: ")).unwrap_or_default()
                    ),
                    Some(remediation),
                ));
                return checks;
            }
        }
    };
    let clients = AccountClients::new(&config, &account.id, metrics);
    // IAM: ListUsers with one item, then GetLoginProfile on that user if there is one.
    let denied = |action: &str| {
        format!(
            "an SCP or a missing permission denies {action} after a successful AssumeRole: grant it to the role (iam-audit policy lists every action) and check the SCPs attached to the account and its OUs"
        )
    };
    match clients.iam.list_users().max_items(1).send().await {
        Ok(output) => {
            let first = output
                .users()
                .first()
                .map(|user| user.user_name().to_string());
            let profile = match &first {
                None => Ok("no user to try iam:GetLoginProfile on".to_string()),
                Some(name) => match clients.iam.get_login_profile().user_name(name).send().await {
                    Ok(_) => Ok(format!("iam:GetLoginProfile on {name}: a console password")),
                    Err(error)
                        if error
                            .as_service_error()
                            .is_some_and(|service| service.is_no_such_entity_exception()) =>
                    {
                        Ok(format!(
                            "iam:GetLoginProfile on {name}: no console password"
                        ))
                    }
                    Err(error) => Err(classify(&error)),
                },
            };
            match profile {
                Ok(detail) => checks.push(check(
                    "iam-read",
                    &subject,
                    Verdict::Pass,
                    format!("iam:ListUsers works; {detail}"),
                    None,
                )),
                Err((kind, code, message)) => checks.push(check(
                    "iam-read",
                    &subject,
                    Verdict::Fail,
                    format!(
                        "iam:GetLoginProfile failed: {}{message}",
                        code.map(|code| format!("{code}: ")).unwrap_or_default()
                    ),
                    Some(if kind == ErrorKind::AccessDenied {
                        denied("iam:GetLoginProfile")
                    } else {
                        "see the message; run again".to_string()
                    }),
                )),
            }
        }
        Err(error) => {
            let (kind, code, message) = classify(&error);
            checks.push(check(
                "iam-read",
                &subject,
                Verdict::Fail,
                format!(
                    "iam:ListUsers failed: {}{message}",
                    code.map(|code| format!("{code}: ")).unwrap_or_default()
                ),
                Some(if kind == ErrorKind::AccessDenied {
                    denied("iam:ListUsers")
                } else {
                    "see the message; run again".to_string()
                }),
            ));
        }
    }
    // CloudTrail: one event from LookupEvents in the home region.
    let region = connect_region(&config);
    let attribute = LookupAttribute::builder()
        .attribute_key(LookupAttributeKey::EventName)
        .attribute_value("CreateUser")
        .build();
    let lookup = match attribute {
        Ok(attribute) => clients
            .cloudtrail
            .lookup_events()
            .lookup_attributes(attribute)
            .max_results(1)
            .send()
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
            format!("cloudtrail:LookupEvents works in {region}"),
            None,
        )),
        Err((kind, code, message)) => {
            let remediation = if kind == ErrorKind::AccessDenied {
                denied("cloudtrail:LookupEvents")
            } else {
                format!(
                    "CloudTrail is unavailable in {region}: confirm CloudTrail is enabled there, or pass the region it is in with --region"
                )
            };
            checks.push(check(
                "cloudtrail",
                &subject,
                Verdict::Fail,
                format!(
                    "cloudtrail:LookupEvents failed in {region}: {}{message}",
                    code.map(|code| format!("{code}: ")).unwrap_or_default()
                ),
                Some(remediation),
            ));
        }
    }
    checks
}

fn connect_region(config: &aws_config::SdkConfig) -> String {
    config
        .region()
        .map_or_else(|| "?".to_string(), ToString::to_string)
}

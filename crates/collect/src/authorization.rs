//! What each account's identity-based policies allow: GetAccountAuthorizationDetails, every page
//! (users, groups, roles, the account's managed policies and the AWS managed policies in use),
//! handed to the pure `access` crate as soon as the last page arrives. Only the small result is
//! kept (each user's privilege class, the CIS 1.15/1.16 facts, the audit role's drift); the
//! documents are dropped there, so memory stays bounded however many accounts are audited.
//!
//! A failed page leaves the whole evaluation `Unknown` (every user's privilege unknown, an AUD001
//! finding), never "no permissions": half the documents would say less than all of them.

use aws_sdk_iam::types::{AttachedPermissionsBoundary, AttachedPolicy, PolicyDetail};
use std::collections::BTreeMap;

use iam_audit_access::{
    AuditRoleExpectation, AuthorizationDetails, GroupDetail, InlinePolicy, ManagedPolicyDetail,
    RoleDetail, UsageInput, UserDetail,
};
use iam_audit_model::actions::{PolicyNeeds, Scope, actions_for};
use iam_audit_model::{AccountAuthorization, CollectionError, ErrorKind, UserUsage};
use tokio::sync::Semaphore;

use crate::error::collection_error;
use crate::limits::Limiter;
use crate::options::{AuditOptions, IamSource};
use crate::paging::{PAGE, every_page, next_marker};
use crate::session::{Iam, as_account};

const API: &str = "iam:GetAccountAuthorizationDetails";

/// How the audit paces the authorization details across accounts.
pub(crate) struct Evaluations {
    /// Accounts fetching (and then evaluating) at once.
    fetches: Semaphore,
    /// Evaluations at once: one.
    evaluator: Semaphore,
}

impl Evaluations {
    /// `fetches` accounts fetching at once, one evaluating.
    pub(crate) fn new(fetches: usize) -> Evaluations {
        Evaluations {
            fetches: Semaphore::new(fetches.max(1)),
            evaluator: Semaphore::new(1),
        }
    }
}

/// An account's evaluation: its authorization, and each reported user's usage judged against it.
pub(crate) type Evaluated = (AccountAuthorization, BTreeMap<String, UserUsage>);

/// One account's authorization details, evaluated; with `audit_account` (the account the audit
/// runs from, which assumed the role), also the drift of the audit role `options.role_name`; with
/// `usage`, each reported user's usage judged against its policies (the documents are read once,
/// for both).
///
/// `limits` bounds how many accounts fetch at once, so that the answers of a thousand accounts
/// arriving together do not wait in memory, and evaluates one at a time (without it, the doctor:
/// in place).
pub(crate) async fn account_authorization(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    options: &AuditOptions,
    audit_account: Option<&str>,
    limits: Option<&Evaluations>,
    usage: Option<UsageInput>,
) -> Result<Evaluated, CollectionError> {
    let _permit = match limits {
        Some(limits) => limits.fetches.acquire().await.ok(),
        None => None,
    };
    let evaluator = limits.map(|limits| &limits.evaluator);
    let details = authorization_details(iam, limiter, account_id).await?;
    let role_name = options.role_name.clone();
    let external_id = options.external_id.clone();
    let audit_account = audit_account.map(str::to_string);
    // "Missing" means missing for this run's options; "extra" means beyond anything any
    // `iam-audit policy` grants.
    let needed = actions_for(
        Scope::Member,
        PolicyNeeds {
            cloudtrail: options.cloudtrail.is_some(),
            credential_report: options.iam_source == IamSource::CredentialReport,
            doctor: false,
            last_accessed: options.usage.is_some(),
            account_tags: false,
        },
    );
    let evaluate = move || {
        let expected = every_member_action();
        let expectation = audit_account
            .as_deref()
            .map(|audit_account| AuditRoleExpectation {
                role_name: &role_name,
                expected_actions: &expected,
                management_account_id: Some(audit_account),
                external_id: external_id.as_deref(),
            });
        let (mut evaluated, judged) = match &usage {
            Some(usage) => {
                iam_audit_access::evaluate_account_with_usage(&details, expectation.as_ref(), usage)
            }
            None => (
                iam_audit_access::evaluate_account(&details, expectation.as_ref()),
                BTreeMap::new(),
            ),
        };
        if let Some(drift) = &mut evaluated.audit_role {
            drift
                .missing_actions
                .retain(|action| needed.contains(&action.as_str()));
        }
        (evaluated, judged)
    };
    let Some(evaluator) = evaluator else {
        return Ok(evaluate());
    };
    // One evaluation at a time, off the runtime's workers: the blocking pool then reuses one
    // thread, whose allocator recycles what each evaluation frees for the next.
    let _turn = evaluator.acquire().await.ok();
    tokio::task::spawn_blocking(evaluate)
        .await
        .map_err(|failure| CollectionError {
            account_id: account_id.to_string(),
            api: API.to_string(),
            resource: None,
            kind: ErrorKind::Other,
            code: None,
            message: format!("the evaluation of the authorization details failed: {failure}"),
        })
}

/// Every member action any generated policy grants, whatever its options.
fn every_member_action() -> Vec<&'static str> {
    let mut actions: Vec<&'static str> = [false, true]
        .into_iter()
        .flat_map(|credential_report| {
            actions_for(
                Scope::Member,
                PolicyNeeds {
                    cloudtrail: true,
                    credential_report,
                    doctor: true,
                    last_accessed: true,
                    account_tags: false,
                },
            )
        })
        .collect();
    actions.sort_unstable();
    actions.dedup();
    actions
}

/// Every page of GetAccountAuthorizationDetails, as the `access` crate's plain data.
async fn authorization_details(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
) -> Result<AuthorizationDetails, CollectionError> {
    let pages = every_page(limiter, |marker| async move {
        let page = as_account!(
            iam.get_account_authorization_details()
                .max_items(PAGE)
                .set_marker(marker)
        )
        .await
        .map_err(|error| collection_error(account_id, API, None, &error))?;
        let next = next_marker(page.is_truncated, page.marker.as_deref());
        Ok((vec![page], next))
    })
    .await?;
    let mut details = AuthorizationDetails::default();
    for page in pages {
        details
            .users
            .extend(page.user_detail_list.into_iter().flatten().map(user));
        details
            .groups
            .extend(page.group_detail_list.into_iter().flatten().map(group));
        details
            .roles
            .extend(page.role_detail_list.into_iter().flatten().map(role));
        details
            .policies
            .extend(page.policies.into_iter().flatten().map(policy));
    }
    Ok(details)
}

fn inline(policies: Option<Vec<PolicyDetail>>) -> Vec<InlinePolicy> {
    policies
        .into_iter()
        .flatten()
        .map(|policy| InlinePolicy {
            name: policy.policy_name.unwrap_or_default(),
            document: policy.policy_document.unwrap_or_default(),
        })
        .collect()
}

fn attached(policies: Option<Vec<AttachedPolicy>>) -> Vec<iam_audit_access::AttachedPolicy> {
    policies
        .into_iter()
        .flatten()
        .map(|policy| iam_audit_access::AttachedPolicy {
            name: policy.policy_name.unwrap_or_default(),
            arn: policy.policy_arn.unwrap_or_default(),
        })
        .collect()
}

fn boundary(boundary: Option<AttachedPermissionsBoundary>) -> Option<String> {
    boundary.and_then(|boundary| boundary.permissions_boundary_arn)
}

fn user(detail: aws_sdk_iam::types::UserDetail) -> UserDetail {
    UserDetail {
        user_id: detail.user_id,
        name: detail.user_name.unwrap_or_default(),
        arn: detail.arn.unwrap_or_default(),
        path: detail.path,
        inline_policies: inline(detail.user_policy_list),
        attached_policies: attached(detail.attached_managed_policies),
        groups: detail.group_list.unwrap_or_default(),
        permissions_boundary: boundary(detail.permissions_boundary),
        tags: detail
            .tags
            .unwrap_or_default()
            .into_iter()
            .map(|tag| (tag.key, tag.value))
            .collect(),
    }
}

fn group(detail: aws_sdk_iam::types::GroupDetail) -> GroupDetail {
    GroupDetail {
        name: detail.group_name.unwrap_or_default(),
        arn: detail.arn.unwrap_or_default(),
        inline_policies: inline(detail.group_policy_list),
        attached_policies: attached(detail.attached_managed_policies),
    }
}

fn role(detail: aws_sdk_iam::types::RoleDetail) -> RoleDetail {
    RoleDetail {
        name: detail.role_name.unwrap_or_default(),
        arn: detail.arn.unwrap_or_default(),
        assume_role_policy_document: detail.assume_role_policy_document,
        inline_policies: inline(detail.role_policy_list),
        attached_policies: attached(detail.attached_managed_policies),
        permissions_boundary: boundary(detail.permissions_boundary),
    }
}

fn policy(detail: aws_sdk_iam::types::ManagedPolicyDetail) -> ManagedPolicyDetail {
    let default_version_document = detail
        .policy_version_list
        .into_iter()
        .flatten()
        .find(|version| version.is_default_version)
        .and_then(|version| version.document);
    let arn = detail.arn.unwrap_or_default();
    // moto leaves the name out of AWS's own policies; it is the ARN's last segment.
    let name = detail
        .policy_name
        .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or_default().to_string());
    ManagedPolicyDetail {
        name,
        arn,
        default_version_document,
        attachment_count: detail
            .attachment_count
            .and_then(|count| u32::try_from(count).ok()),
    }
}

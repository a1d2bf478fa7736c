//! IAM (awsQuery): users, access keys and their last use, MFA devices, login profiles, SSH
//! public keys, signing certificates, service-specific credentials, the account summary and
//! password policy, virtual MFA devices, the credential report, the organization's
//! root-credentials features, who may do what (GetAccountAuthorizationDetails and a user's
//! policy lists), and what was last used (service last accessed reports). Each request sees only the account its credentials act in. One function per
//! action, in one file per family; `handle` routes to them.

mod account;
mod authorization;
mod credential_report;
mod credentials;
mod last_accessed;
mod root;
#[cfg(test)]
mod tests;
mod user_policies;
mod users;

use axum::http::StatusCode;

use crate::protocol::{AwsError, Xml};
use crate::server::{Request, Shared};
use crate::world::{Account, User};

/// IAM's XML namespace.
pub const NAMESPACE: &str = "https://iam.amazonaws.com/doc/2010-05-08/";

/// What an action answers from: the emulator, the request, and the account it acts in.
#[derive(Clone, Copy)]
pub(super) struct Context<'a> {
    shared: &'a Shared,
    request: &'a Request,
    account: &'a Account,
}

/// An action's answer, written into the response's XML.
type Action = fn(&Context<'_>, &mut Xml) -> Result<(), AwsError>;

/// The actions this emulator answers, by name.
const ACTIONS: &[(&str, Action)] = &[
    ("ListUsers", users::list_users),
    ("GetUser", users::get_user),
    ("ListUserTags", users::list_user_tags),
    ("ListAccessKeys", users::list_access_keys),
    ("GetAccessKeyLastUsed", users::get_access_key_last_used),
    ("ListMFADevices", users::list_mfa_devices),
    ("GetLoginProfile", users::get_login_profile),
    ("ListSSHPublicKeys", credentials::list_ssh_public_keys),
    ("GetSSHPublicKey", credentials::get_ssh_public_key),
    (
        "ListSigningCertificates",
        credentials::list_signing_certificates,
    ),
    (
        "ListServiceSpecificCredentials",
        credentials::list_service_specific_credentials,
    ),
    ("GetAccountSummary", account::get_account_summary),
    (
        "GetAccountPasswordPolicy",
        account::get_account_password_policy,
    ),
    ("ListVirtualMFADevices", account::list_virtual_mfa_devices),
    ("ListServerCertificates", account::list_server_certificates),
    (
        "ListOrganizationsFeatures",
        account::list_organizations_features,
    ),
    (
        "GenerateCredentialReport",
        credential_report::generate_credential_report,
    ),
    (
        "GetCredentialReport",
        credential_report::get_credential_report,
    ),
    (
        "GetAccountAuthorizationDetails",
        authorization::get_account_authorization_details,
    ),
    (
        "ListAttachedUserPolicies",
        user_policies::list_attached_user_policies,
    ),
    ("ListUserPolicies", user_policies::list_user_policies),
    ("ListGroupsForUser", user_policies::list_groups_for_user),
    (
        "GenerateServiceLastAccessedDetails",
        last_accessed::generate_service_last_accessed_details,
    ),
    (
        "GetServiceLastAccessedDetails",
        last_accessed::get_service_last_accessed_details,
    ),
];

/// What the root user asks about itself (no `UserName`), answered about the root user.
const ROOT_ACTIONS: &[(&str, Action)] = &[
    ("ListAccessKeys", root::list_access_keys),
    ("ListMFADevices", root::list_mfa_devices),
    ("ListSigningCertificates", root::list_signing_certificates),
    ("GetLoginProfile", root::get_login_profile),
    ("GetUser", root::get_user),
];

/// Answers an IAM request.
pub fn handle(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    let account = shared
        .world
        .accounts
        .get(&request.identity.account_id)
        .ok_or_else(|| super::access_denied(request))?;
    let about_root = request.identity.is_root() && request.param("UserName").is_none();
    let table = if about_root { ROOT_ACTIONS } else { ACTIONS };
    let Some((_, action)) = table
        .iter()
        .chain(ACTIONS)
        .find(|(name, _)| *name == request.action.as_str())
    else {
        return Err(super::unknown_action(request));
    };
    let mut xml = Xml::default();
    action(
        &Context {
            shared,
            request,
            account,
        },
        &mut xml,
    )?;
    Ok(xml.finish())
}

/// A user's `Tags`, when it has any (IAM leaves the element out otherwise).
pub(super) fn write_tags(xml: &mut Xml, tags: &[(String, String)]) {
    if tags.is_empty() {
        return;
    }
    xml.open("Tags");
    for (key, value) in tags {
        xml.open("member")
            .text("Key", key)
            .text("Value", value)
            .close("member");
    }
    xml.close("Tags");
}

pub(super) fn write_user(xml: &mut Xml, user: &User) {
    xml.text("Path", &user.path)
        .text("UserName", &user.name)
        .text("UserId", &user.user_id)
        .text("Arn", &user.arn)
        .time("CreateDate", user.created);
    if let Some((_, Some(last_used))) = user.password {
        xml.time("PasswordLastUsed", last_used);
    }
}

/// One page of an IAM list: the part of `items` the request's `Marker` and `MaxItems` select (at
/// most `largest`), each written by `write` inside `element`, then `IsTruncated` and `Marker`.
pub(super) fn write_page<T>(
    request: &Request,
    xml: &mut Xml,
    element: &str,
    items: &[T],
    largest: usize,
    mut write: impl FnMut(&mut Xml, &T),
) -> Result<(), AwsError> {
    let (items, next) = page(request, items, largest)?;
    xml.open(element);
    for item in items {
        write(xml, item);
    }
    xml.close(element);
    truncation(xml, next);
    Ok(())
}

pub(super) fn truncation(xml: &mut Xml, next: Option<String>) {
    match next {
        Some(marker) => {
            xml.text("IsTruncated", "true").text("Marker", &marker);
        }
        None => {
            xml.text("IsTruncated", "false");
        }
    }
}

pub(super) fn page<'a, T>(
    request: &Request,
    items: &'a [T],
    largest: usize,
) -> Result<(&'a [T], Option<String>), AwsError> {
    let requested = request
        .param("MaxItems")
        .and_then(|max| max.parse::<usize>().ok());
    super::page(
        items,
        request.param("Marker"),
        requested,
        largest,
        request.protocol,
    )
}

pub(super) fn required<'a>(request: &'a Request, name: &str) -> Result<&'a str, AwsError> {
    request
        .param(name)
        .ok_or_else(|| AwsError::validation(request.protocol, format!("{name} is required")))
}

pub(super) fn user<'a>(request: &Request, account: &'a Account) -> Result<&'a User, AwsError> {
    let name = required(request, "UserName")?;
    account
        .users
        .iter()
        .find(|user| user.name == name)
        .ok_or_else(|| no_such_entity(format!("The user with name {name} cannot be found.")))
}

/// The user a request names, or without `UserName` the calling IAM user, as IAM does for the
/// per-user list actions; a caller that is not an IAM user (an assumed role) must name one.
pub(super) fn named_or_calling_user<'a>(
    request: &Request,
    account: &'a Account,
) -> Result<&'a User, AwsError> {
    if request.param("UserName").is_some() {
        return user(request, account);
    }
    let name = calling_user_name(request, &account.id).ok_or_else(|| {
        AwsError::validation(
            request.protocol,
            "Must specify userName when calling with non-User credentials",
        )
    })?;
    account
        .users
        .iter()
        .find(|user| user.name == name)
        .ok_or_else(|| no_such_entity(format!("The user with name {name} cannot be found.")))
}

/// The caller's IAM user name, when the caller is an IAM user of this account.
fn calling_user_name<'a>(request: &'a Request, account_id: &str) -> Option<&'a str> {
    let resource = request
        .identity
        .arn
        .strip_prefix(&format!("arn:aws:iam::{account_id}:user/"))?;
    resource.rsplit('/').next().filter(|name| !name.is_empty())
}

pub(super) fn no_such_entity(message: String) -> AwsError {
    AwsError::sender(StatusCode::NOT_FOUND, "NoSuchEntity", message)
}

#[cfg(test)]
#[path = "last_accessed_tests.rs"]
mod last_accessed_tests;

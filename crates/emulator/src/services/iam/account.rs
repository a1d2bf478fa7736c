//! Account-wide IAM answers: the summary (root credential flags), the password policy, virtual
//! MFA devices, server certificates, and the organization's root-credentials features.

use axum::http::StatusCode;
use chrono::Utc;

use super::{Context, no_such_entity, write_page};
use crate::protocol::{AwsError, Xml};

/// GetAccountSummary: counts and the root user's credential flags.
pub(super) fn get_account_summary(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context { account, .. } = *context;
    let keys: usize = account.users.iter().map(|user| user.keys.len()).sum();
    let devices: usize = account.users.iter().map(|user| user.mfa.len()).sum();
    let entries = [
        ("Users", account.users.len()),
        ("UsersQuota", 5000),
        ("AccessKeysPerUserQuota", 2),
        (
            "AccountMFAEnabled",
            usize::from(!account.root.mfa_devices.is_empty()),
        ),
        (
            "AccountAccessKeysPresent",
            usize::from(account.root.access_keys_present),
        ),
        (
            "AccountSigningCertificatesPresent",
            usize::from(!account.root.signing_certificates.is_empty()),
        ),
        (
            "AccountPasswordPresent",
            usize::from(account.root.password.is_some()),
        ),
        ("MFADevices", devices),
        ("MFADevicesInUse", devices),
        ("AccessKeys", keys),
    ];
    xml.open("SummaryMap");
    for (name, value) in entries {
        xml.open("entry")
            .text("key", name)
            .text("value", &value.to_string())
            .close("entry");
    }
    xml.close("SummaryMap");

    Ok(())
}

/// GetAccountPasswordPolicy: the account's password policy; NoSuchEntity when none is set.
pub(super) fn get_account_password_policy(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context { account, .. } = *context;
    let Some(policy) = &account.password_policy else {
        return Err(no_such_entity(format!(
            "The Password Policy with domain name {} cannot be found.",
            account.id
        )));
    };
    let flag = |value: bool| if value { "true" } else { "false" };
    xml.open("PasswordPolicy")
        .text(
            "AllowUsersToChangePassword",
            flag(policy.allow_users_to_change_password),
        )
        .text(
            "RequireLowercaseCharacters",
            flag(policy.require_lowercase_characters),
        )
        .text(
            "RequireUppercaseCharacters",
            flag(policy.require_uppercase_characters),
        )
        .text(
            "MinimumPasswordLength",
            &policy.minimum_password_length.to_string(),
        )
        .text("RequireNumbers", flag(policy.require_numbers));
    if let Some(count) = policy.password_reuse_prevention {
        xml.text("PasswordReusePrevention", &count.to_string());
    }
    xml.text("RequireSymbols", flag(policy.require_symbols));
    if let Some(hard_expiry) = policy.hard_expiry {
        xml.text("HardExpiry", flag(hard_expiry));
    }
    if let Some(days) = policy.max_password_age {
        xml.text("MaxPasswordAge", &days.to_string());
    }
    xml.text(
        "ExpirePasswords",
        flag(policy.max_password_age.is_some_and(|days| days > 0)),
    )
    .close("PasswordPolicy");

    Ok(())
}

/// ListVirtualMFADevices: the root's and users' virtual devices, paged.
pub(super) fn list_virtual_mfa_devices(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let mut devices: Vec<(String, String, String, chrono::DateTime<Utc>)> = Vec::new();
    for device in account
        .root
        .mfa_devices
        .iter()
        .filter(|device| device.kind == "virtual")
    {
        devices.push((
            device.serial.clone(),
            format!("arn:aws:iam::{}:root", account.id),
            "<root_account>".to_string(),
            device.enabled,
        ));
    }
    for user in &account.users {
        for device in user.mfa.iter().filter(|device| device.kind == "virtual") {
            devices.push((
                device.serial.clone(),
                user.arn.clone(),
                user.name.clone(),
                device.enabled,
            ));
        }
    }
    let page_sizes = &shared.world.scenario.settings.page_size;
    write_page(
        request,
        xml,
        "VirtualMFADevices",
        &devices,
        page_sizes.list_virtual_mfa_devices,
        |xml, (serial, arn, name, enabled)| {
            xml.open("member")
                .text("SerialNumber", serial)
                .open("User")
                .text("Path", "/")
                .text("UserName", name)
                .text("UserId", &account.id)
                .text("Arn", arn)
                .time("CreateDate", *enabled)
                .close("User")
                .time("EnableDate", *enabled)
                .close("member");
        },
    )
}

/// ListOrganizationsFeatures: central root access management (`RootCredentialsManagement`) and
/// root sessions (`RootSessions`, what STS AssumeRoot needs), from the management account only.
pub(super) fn list_organizations_features(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        shared, account, ..
    } = *context;
    let organization = &shared.world.scenario.organization;
    if account.id != organization.management_account {
        return Err(AwsError::sender(
            StatusCode::BAD_REQUEST,
            "AccountNotManagementOrDelegatedAdministratorException",
            "The account is not the management account or a delegated administrator.",
        ));
    }
    xml.text("OrganizationId", &organization.id)
        .open("EnabledFeatures");
    if organization.root_credentials_management {
        xml.text("member", "RootCredentialsManagement");
    }
    if organization.root_sessions_enabled() {
        xml.text("member", "RootSessions");
    }
    xml.close("EnabledFeatures");

    Ok(())
}

/// ListServerCertificates: the account's server certificates under a path prefix, with their
/// upload and expiry dates, paged.
pub(super) fn list_server_certificates(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let prefix = request.param("PathPrefix").unwrap_or("/");
    let certificates: Vec<&crate::world::ServerCertificate> = account
        .server_certificates
        .iter()
        .filter(|certificate| certificate.path.starts_with(prefix))
        .collect();
    write_page(
        request,
        xml,
        "ServerCertificateMetadataList",
        &certificates,
        shared
            .world
            .scenario
            .settings
            .page_size
            .list_server_certificates,
        |xml, certificate| {
            xml.open("member")
                .text("Path", &certificate.path)
                .text("ServerCertificateName", &certificate.name)
                .text("ServerCertificateId", &certificate.id)
                .text("Arn", &certificate.arn)
                .time("UploadDate", certificate.uploaded)
                .time("Expiration", certificate.expiration)
                .close("member");
        },
    )
}

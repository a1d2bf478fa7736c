//! The IAM answers about the root user itself, for a caller that is the root user (a privileged
//! root session opened by STS AssumeRoot) and names no `UserName`: its access keys, MFA devices,
//! signing certificates, console password and the user itself.
//!
//! Members carry no `UserName`: the root user is not an IAM user and has no user name (GetUser
//! answers it with the account id as `UserId` and the root ARN, and without `UserName` or `Path`).

use super::{Context, no_such_entity, write_page};
use crate::protocol::{AwsError, Xml};

/// ListAccessKeys: the root user's keys; a key the scenario only flagged has no date.
pub(super) fn list_access_keys(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    write_page(
        request,
        xml,
        "AccessKeyMetadata",
        &account.root.listed_keys(),
        shared.world.scenario.settings.page_size.list_access_keys,
        |xml, (id, status, created)| {
            xml.open("member")
                .text("AccessKeyId", id)
                .text("Status", status);
            if let Some(created) = created {
                xml.time("CreateDate", *created);
            }
            xml.close("member");
        },
    )
}

/// ListMFADevices: the root user's MFA devices; a virtual device's serial is an
/// `arn:aws:iam::<account>:mfa/...` ARN, a hardware token's its serial number.
pub(super) fn list_mfa_devices(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    write_page(
        request,
        xml,
        "MFADevices",
        &account.root.mfa_devices,
        shared.world.scenario.settings.page_size.list_mfa_devices,
        |xml, device| {
            xml.open("member")
                .text("SerialNumber", &device.serial)
                .time("EnableDate", device.enabled)
                .close("member");
        },
    )
}

/// ListSigningCertificates: the root user's X.509 signing certificates.
pub(super) fn list_signing_certificates(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    write_page(
        request,
        xml,
        "Certificates",
        &account.root.signing_certificates,
        shared
            .world
            .scenario
            .settings
            .page_size
            .list_signing_certificates,
        |xml, certificate| {
            xml.open("member")
                .text("CertificateId", &certificate.id)
                .text("CertificateBody", &certificate.body)
                .text("Status", &certificate.status)
                .time("UploadDate", certificate.uploaded)
                .close("member");
        },
    )
}

/// GetLoginProfile: the root user's console password; NoSuchEntity when it has none.
pub(super) fn get_login_profile(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context { account, .. } = *context;
    let Some(created) = account.root.password else {
        return Err(no_such_entity(format!(
            "Login Profile for the root user of account {} cannot be found.",
            account.id
        )));
    };
    xml.open("LoginProfile")
        .time("CreateDate", created)
        .text("PasswordResetRequired", "false")
        .close("LoginProfile");
    Ok(())
}

/// GetUser: the root user: the account id as `UserId`, the root ARN, the account's creation, and
/// the last root console sign-in among the scenario's events.
pub(super) fn get_user(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context { account, .. } = *context;
    xml.open("User")
        .text("UserId", &account.id)
        .text("Arn", &format!("arn:aws:iam::{}:root", account.id))
        .time("CreateDate", account.root.created);
    if account.root.password.is_some()
        && let Some(sign_in) = account
            .events
            .iter()
            .find(|event| event.name == "ConsoleLogin" && event.username == "root")
    {
        xml.time("PasswordLastUsed", sign_in.time);
    }
    xml.close("User");
    Ok(())
}

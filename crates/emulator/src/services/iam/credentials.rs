//! A user's long-term credentials beyond passwords and access keys: SSH public keys, X.509
//! signing certificates and service-specific credentials (CodeCommit, Keyspaces, Bedrock API
//! keys), in the shapes IAM answers them.

use super::{Context, named_or_calling_user, no_such_entity, required, user, write_page};
use crate::protocol::{AwsError, Xml};
use crate::world::{ServiceSpecificCredential, User};

/// ListSSHPublicKeys: a user's SSH public keys (without their bodies), paged.
pub(super) fn list_ssh_public_keys(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let user = named_or_calling_user(request, account)?;
    let page_sizes = &shared.world.scenario.settings.page_size;
    write_page(
        request,
        xml,
        "SSHPublicKeys",
        &user.ssh_public_keys,
        page_sizes.list_ssh_public_keys,
        |xml, key| {
            xml.open("member")
                .text("UserName", &user.name)
                .text("SSHPublicKeyId", &key.id)
                .text("Status", &key.status)
                .time("UploadDate", key.uploaded)
                .close("member");
        },
    )
}

/// GetSSHPublicKey: one SSH public key with its body and fingerprint. Only the `SSH` encoding is
/// served; `PEM` is refused with a ValidationError (a limit of the emulator, not of IAM).
pub(super) fn get_ssh_public_key(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        request, account, ..
    } = *context;
    let user = user(request, account)?;
    let key_id = required(request, "SSHPublicKeyId")?;
    let encoding = required(request, "Encoding")?;
    if encoding != "SSH" {
        return Err(AwsError::validation(
            request.protocol,
            format!("Encoding {encoding} is not served by this emulator; use SSH"),
        ));
    }
    let key = user
        .ssh_public_keys
        .iter()
        .find(|key| key.id == key_id)
        .ok_or_else(|| {
            no_such_entity(format!("The Public Key with id {key_id} cannot be found."))
        })?;
    xml.open("SSHPublicKey")
        .text("UserName", &user.name)
        .text("SSHPublicKeyId", &key.id)
        .text("Fingerprint", &key.fingerprint)
        .text("SSHPublicKeyBody", &key.body)
        .text("Status", &key.status)
        .time("UploadDate", key.uploaded)
        .close("SSHPublicKey");

    Ok(())
}

/// ListSigningCertificates: a user's X.509 signing certificates with their PEM bodies, paged.
pub(super) fn list_signing_certificates(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let user = named_or_calling_user(request, account)?;
    let page_sizes = &shared.world.scenario.settings.page_size;
    write_page(
        request,
        xml,
        "Certificates",
        &user.signing_certificates,
        page_sizes.list_signing_certificates,
        |xml, certificate| {
            xml.open("member")
                .text("UserName", &user.name)
                .text("CertificateId", &certificate.id)
                .text("CertificateBody", &certificate.body)
                .text("Status", &certificate.status)
                .time("UploadDate", certificate.uploaded)
                .close("member");
        },
    )
}

/// ListServiceSpecificCredentials: one user's credentials (`UserName`, or the calling user), or
/// with `AllUsers=true` every user's in the account, optionally for one `ServiceName`, paged.
/// `AllUsers` with `UserName` is a ValidationError (IAM documents that they cannot be combined),
/// and so is `AllUsers` when the scenario's `refuse_all_users` is set.
pub(super) fn list_service_specific_credentials(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let settings = &shared.world.scenario.settings;
    let all_users = request
        .param("AllUsers")
        .is_some_and(|value| value.eq_ignore_ascii_case("true"));
    let users: Vec<&User> = if all_users {
        if settings.refuse_all_users {
            return Err(AwsError::validation(
                request.protocol,
                "The parameter AllUsers is not recognized",
            ));
        }
        if request.param("UserName").is_some() {
            return Err(AwsError::validation(
                request.protocol,
                "AllUsers cannot be specified together with UserName",
            ));
        }
        account.users.iter().collect()
    } else {
        vec![named_or_calling_user(request, account)?]
    };
    let service = request.param("ServiceName");
    let credentials: Vec<(&User, &ServiceSpecificCredential)> = users
        .into_iter()
        .flat_map(|user| {
            user.service_specific_credentials
                .iter()
                .map(move |credential| (user, credential))
        })
        .filter(|(_, credential)| service.is_none_or(|name| credential.service_name == name))
        .collect();
    write_page(
        request,
        xml,
        "ServiceSpecificCredentials",
        &credentials,
        settings.page_size.list_service_specific_credentials,
        |xml, (user, credential)| {
            xml.open("member")
                .text("UserName", &user.name)
                .text("Status", &credential.status)
                .text("ServiceUserName", &credential.service_user_name);
            if let Some(alias) = &credential.service_credential_alias {
                xml.text("ServiceCredentialAlias", alias);
            }
            xml.time("CreateDate", credential.created);
            if let Some(expires) = credential.expires {
                xml.time("ExpirationDate", expires);
            }
            xml.text("ServiceSpecificCredentialId", &credential.id)
                .text("ServiceName", &credential.service_name)
                .close("member");
        },
    )
}

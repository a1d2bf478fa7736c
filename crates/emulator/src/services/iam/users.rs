//! IAM users and their credentials: users, access keys and their last use (the root user's keys
//! too), MFA devices, console passwords.

use axum::http::StatusCode;

use super::{
    Context, named_or_calling_user, no_such_entity, required, user, write_page, write_tags,
    write_user,
};
use crate::protocol::{AwsError, Xml};
use crate::world::User;

/// ListUsers: the account's users under a path prefix, paged.
pub(super) fn list_users(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let prefix = request.param("PathPrefix").unwrap_or("/");
    let users: Vec<&User> = account
        .users
        .iter()
        .filter(|user| user.path.starts_with(prefix))
        .collect();
    write_page(
        request,
        xml,
        "Users",
        &users,
        shared.world.scenario.settings.page_size.list_users,
        |xml, user| {
            xml.open("member");
            write_user(xml, user);
            xml.close("member");
        },
    )
}

/// ListAccessKeys: a user's keys, paged.
pub(super) fn list_access_keys(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let user = user(request, account)?;
    write_page(
        request,
        xml,
        "AccessKeyMetadata",
        &user.keys,
        shared.world.scenario.settings.page_size.list_access_keys,
        |xml, key| {
            xml.open("member")
                .text("UserName", &user.name)
                .text("AccessKeyId", &key.id)
                .text("Status", &key.status)
                .time("CreateDate", key.created)
                .close("member");
        },
    )
}

/// GetAccessKeyLastUsed: when, where and through which service a key of this account was last used.
pub(super) fn get_access_key_last_used(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        request, account, ..
    } = *context;
    let key_id = required(request, "AccessKeyId")?;
    let users_key = account
        .users
        .iter()
        .flat_map(|user| user.keys.iter().map(move |key| (user, key)))
        .find(|(_, key)| key.id == key_id);
    let (user_name, last_used) = match users_key {
        Some((user, key)) => {
            if request.identity.root_task.is_some() {
                // A root session's task policy denies every IAM user's resources.
                return Err(crate::services::root_session::denied_on(request, &user.arn));
            }
            (Some(user.name.as_str()), key.last_used.as_ref())
        }
        None => {
            let root = &account.root;
            let described = root.keys.iter().find(|key| key.id == key_id);
            let flagged = root.flagged_key_id.as_deref() == Some(key_id);
            if described.is_none() && !flagged {
                return Err(AwsError::sender(
                    StatusCode::FORBIDDEN,
                    "AccessDenied",
                    format!("The access key {key_id} is not in this account"),
                ));
            }
            // The root user has no user name: IAM leaves UserName out for its keys.
            (None, described.and_then(|key| key.last_used.as_ref()))
        }
    };
    if let Some(name) = user_name {
        xml.text("UserName", name);
    }
    xml.open("AccessKeyLastUsed");
    match last_used {
        Some((date, service, region)) => {
            xml.time("LastUsedDate", *date)
                .text("ServiceName", service)
                .text("Region", region);
        }
        None => {
            xml.text("ServiceName", "N/A").text("Region", "N/A");
        }
    }
    xml.close("AccessKeyLastUsed");

    Ok(())
}

/// ListMFADevices: a user's MFA devices, paged.
pub(super) fn list_mfa_devices(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let user = user(request, account)?;
    write_page(
        request,
        xml,
        "MFADevices",
        &user.mfa,
        shared.world.scenario.settings.page_size.list_mfa_devices,
        |xml, device| {
            xml.open("member")
                .text("UserName", &user.name)
                .text("SerialNumber", &device.serial)
                .time("EnableDate", device.enabled)
                .close("member");
        },
    )
}

/// GetLoginProfile: a user's console password, NoSuchEntity without one.
pub(super) fn get_login_profile(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        request, account, ..
    } = *context;
    let user = user(request, account)?;
    let Some((created, _)) = user.password else {
        return Err(no_such_entity(format!(
            "Login Profile for User {} cannot be found.",
            user.name
        )));
    };
    xml.open("LoginProfile")
        .text("UserName", &user.name)
        .time("CreateDate", created)
        .text("PasswordResetRequired", "false")
        .close("LoginProfile");

    Ok(())
}

/// GetUser: a user (`UserName`, or the calling IAM user) with its boundary.
pub(super) fn get_user(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        request, account, ..
    } = *context;
    let user = named_or_calling_user(request, account)?;
    xml.open("User");
    write_user(xml, user);
    if let Some(boundary) = &user.grants.permissions_boundary {
        xml.open("PermissionsBoundary")
            .text("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
            .text("PermissionsBoundaryArn", &boundary.arn)
            .close("PermissionsBoundary");
    }
    write_tags(xml, &user.tags);
    xml.close("User");
    Ok(())
}

/// ListUserTags: a user's tags, paged.
pub(super) fn list_user_tags(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let user = user(request, account)?;
    write_page(
        request,
        xml,
        "Tags",
        &user.tags,
        shared.world.scenario.settings.page_size.list_user_tags,
        |xml, (key, value)| {
            xml.open("member")
                .text("Key", key)
                .text("Value", value)
                .close("member");
        },
    )
}

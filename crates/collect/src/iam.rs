//! IAM reads in one account: every page of ListUsers, then per user ListAccessKeys,
//! ListMFADevices and GetLoginProfile, and per key GetAccessKeyLastUsed. Users are read in
//! parallel up to the account's concurrency. A call that fails leaves its field `Unknown` and
//! records the failure; it never becomes "no password" or "no MFA".

use aws_sdk_iam::Client;
use aws_sdk_iam::types::{AccessKeyMetadata, StatusType};
use futures::StreamExt;
use iam_audit_model::{
    AccessKey, AccessKeyLastUse, AccessKeyStatus, CollectionError, LoginProfile, MfaDevice,
    MfaKind, Observed, User,
};

use crate::error::collection_error;
use crate::to_utc;

/// The users of an account, and every failure met reading them.
pub(crate) async fn collect_users(
    client: &Client,
    account_id: &str,
    concurrency: usize,
) -> (Observed<Vec<User>>, Vec<CollectionError>) {
    let mut errors = Vec::new();
    let mut listed = Vec::new();
    let mut pages = client.list_users().into_paginator().items().send();
    let mut list_failed = false;
    while let Some(item) = pages.next().await {
        match item {
            Ok(user) => listed.push(user),
            Err(error) => {
                let mut failure = collection_error(account_id, "iam:ListUsers", None, &error);
                if !listed.is_empty() {
                    failure.message = format!(
                        "the user list is incomplete: {} users read before the failure; {}",
                        listed.len(),
                        failure.message
                    );
                }
                errors.push(failure);
                list_failed = true;
                break;
            }
        }
    }
    if list_failed && listed.is_empty() {
        return (Observed::Unknown, errors);
    }
    let results: Vec<(User, Vec<CollectionError>)> = futures::stream::iter(listed)
        .map(|user| collect_user(client, account_id, user))
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    let mut users = Vec::with_capacity(results.len());
    for (user, user_errors) in results {
        users.push(user);
        errors.extend(user_errors);
    }
    (Observed::Known(users), errors)
}

async fn collect_user(
    client: &Client,
    account_id: &str,
    listed: aws_sdk_iam::types::User,
) -> (User, Vec<CollectionError>) {
    let name = listed.user_name().to_string();
    let (keys, devices, login) = tokio::join!(
        access_keys(client, account_id, &name),
        mfa_devices(client, account_id, &name),
        login_profile(client, account_id, &name),
    );
    let mut errors = Vec::new();
    let access_keys = match keys {
        Ok((keys, key_errors)) => {
            errors.extend(key_errors);
            Observed::Known(keys)
        }
        Err(error) => {
            errors.push(error);
            Observed::Unknown
        }
    };
    let mfa_devices = match devices {
        Ok(devices) => Observed::Known(devices),
        Err(error) => {
            errors.push(error);
            Observed::Unknown
        }
    };
    let login_profile = match login {
        Ok(profile) => Observed::Known(profile),
        Err(error) => {
            errors.push(error);
            Observed::Unknown
        }
    };
    let user = User {
        arn: listed.arn().to_string(),
        user_id: listed.user_id().to_string(),
        path: listed.path().to_string(),
        created: to_utc(listed.create_date()).unwrap_or_default(),
        password_last_used: listed.password_last_used().and_then(to_utc),
        name,
        login_profile,
        mfa_devices,
        access_keys,
    };
    (user, errors)
}

async fn access_keys(
    client: &Client,
    account_id: &str,
    user_name: &str,
) -> Result<(Vec<AccessKey>, Vec<CollectionError>), CollectionError> {
    let mut metadata: Vec<AccessKeyMetadata> = Vec::new();
    let mut pages = client
        .list_access_keys()
        .user_name(user_name)
        .into_paginator()
        .items()
        .send();
    while let Some(item) = pages.next().await {
        metadata.push(item.map_err(|error| {
            collection_error(account_id, "iam:ListAccessKeys", Some(user_name), &error)
        })?);
    }
    let lookups = metadata.iter().map(|key| async move {
        let id = key.access_key_id().unwrap_or_default().to_string();
        let last_used = match client
            .get_access_key_last_used()
            .access_key_id(&id)
            .send()
            .await
        {
            Ok(output) => Ok(output
                .access_key_last_used()
                .map(|used| AccessKeyLastUse {
                    date: used.last_used_date().and_then(to_utc),
                    service: not_applicable(used.service_name()),
                    region: not_applicable(used.region()),
                })
                .unwrap_or_default()),
            Err(error) => Err(collection_error(
                account_id,
                "iam:GetAccessKeyLastUsed",
                Some(&format!("{user_name}/{id}")),
                &error,
            )),
        };
        (key, id, last_used)
    });
    let mut keys = Vec::new();
    let mut errors = Vec::new();
    for (key, id, last_used) in futures::future::join_all(lookups).await {
        let last_used = match last_used {
            Ok(used) => Observed::Known(used),
            Err(error) => {
                errors.push(error);
                Observed::Unknown
            }
        };
        keys.push(AccessKey {
            id,
            status: match key.status() {
                Some(StatusType::Active) => AccessKeyStatus::Active,
                _ => AccessKeyStatus::Inactive,
            },
            created: key.create_date().and_then(to_utc).unwrap_or_default(),
            last_used,
        });
    }
    Ok((keys, errors))
}

fn not_applicable(value: &str) -> Option<String> {
    (!value.is_empty() && value != "N/A").then(|| value.to_string())
}

async fn mfa_devices(
    client: &Client,
    account_id: &str,
    user_name: &str,
) -> Result<Vec<MfaDevice>, CollectionError> {
    let mut devices = Vec::new();
    let mut pages = client
        .list_mfa_devices()
        .user_name(user_name)
        .into_paginator()
        .items()
        .send();
    while let Some(item) = pages.next().await {
        let device = item.map_err(|error| {
            collection_error(account_id, "iam:ListMFADevices", Some(user_name), &error)
        })?;
        devices.push(MfaDevice {
            kind: MfaKind::from_serial(device.serial_number()),
            serial: device.serial_number().to_string(),
            enabled: to_utc(device.enable_date()).unwrap_or_default(),
        });
    }
    Ok(devices)
}

async fn login_profile(
    client: &Client,
    account_id: &str,
    user_name: &str,
) -> Result<Option<LoginProfile>, CollectionError> {
    match client.get_login_profile().user_name(user_name).send().await {
        Ok(output) => Ok(output.login_profile().map(|profile| LoginProfile {
            created: to_utc(profile.create_date()).unwrap_or_default(),
            password_reset_required: profile.password_reset_required(),
        })),
        Err(error)
            if error
                .as_service_error()
                .is_some_and(|service| service.is_no_such_entity_exception()) =>
        {
            Ok(None)
        }
        Err(error) => Err(collection_error(
            account_id,
            "iam:GetLoginProfile",
            Some(user_name),
            &error,
        )),
    }
}

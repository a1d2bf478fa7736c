//! IAM (awsQuery): users, access keys and their last use, MFA devices, login profiles, the
//! account summary, virtual MFA devices, the credential report, and the organization's
//! root-credentials features. Each request sees only the account its credentials act in.

use axum::http::StatusCode;
use base64::Engine;
use chrono::Utc;

use crate::protocol::{AwsError, Xml, iso8601};
use crate::server::{Request, Shared, lock};
use crate::world::{Account, User};

/// IAM's XML namespace.
pub const NAMESPACE: &str = "https://iam.amazonaws.com/doc/2010-05-08/";

/// Answers an IAM request.
pub fn handle(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    let account = shared
        .world
        .accounts
        .get(&request.identity.account_id)
        .ok_or_else(|| super::access_denied(request))?;
    let pages = &shared.world.scenario.settings.page_size;
    let mut xml = Xml::default();
    match request.action.as_str() {
        "ListUsers" => {
            let prefix = request.param("PathPrefix").unwrap_or("/");
            let users: Vec<&User> = account
                .users
                .iter()
                .filter(|user| user.path.starts_with(prefix))
                .collect();
            let (items, next) = page(request, &users, pages.list_users)?;
            xml.open("Users");
            for user in items {
                xml.open("member");
                write_user(&mut xml, user);
                xml.close("member");
            }
            xml.close("Users");
            truncation(&mut xml, next);
        }
        "ListAccessKeys" => {
            let user = user(request, account)?;
            let (items, next) = page(request, &user.keys, pages.list_access_keys)?;
            xml.open("AccessKeyMetadata");
            for key in items {
                xml.open("member")
                    .text("UserName", &user.name)
                    .text("AccessKeyId", &key.id)
                    .text("Status", &key.status)
                    .time("CreateDate", key.created)
                    .close("member");
            }
            xml.close("AccessKeyMetadata");
            truncation(&mut xml, next);
        }
        "GetAccessKeyLastUsed" => {
            let key_id = required(request, "AccessKeyId")?;
            let (user, key) = account
                .users
                .iter()
                .flat_map(|user| user.keys.iter().map(move |key| (user, key)))
                .find(|(_, key)| key.id == key_id)
                .ok_or_else(|| {
                    AwsError::sender(
                        StatusCode::FORBIDDEN,
                        "AccessDenied",
                        format!("The access key {key_id} is not in this account"),
                    )
                })?;
            xml.text("UserName", &user.name).open("AccessKeyLastUsed");
            match &key.last_used {
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
        }
        "ListMFADevices" => {
            let user = user(request, account)?;
            let (items, next) = page(request, &user.mfa, pages.list_mfa_devices)?;
            xml.open("MFADevices");
            for device in items {
                xml.open("member")
                    .text("UserName", &user.name)
                    .text("SerialNumber", &device.serial)
                    .time("EnableDate", device.enabled)
                    .close("member");
            }
            xml.close("MFADevices");
            truncation(&mut xml, next);
        }
        "GetLoginProfile" => {
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
        }
        "GetAccountSummary" => {
            let keys: usize = account.users.iter().map(|user| user.keys.len()).sum();
            let devices: usize = account.users.iter().map(|user| user.mfa.len()).sum();
            let entries = [
                ("Users", account.users.len()),
                ("UsersQuota", 5000),
                ("AccessKeysPerUserQuota", 2),
                ("AccountMFAEnabled", usize::from(account.root.mfa != "none")),
                (
                    "AccountAccessKeysPresent",
                    usize::from(account.root.access_keys_present),
                ),
                ("AccountSigningCertificatesPresent", 0),
                (
                    "AccountPasswordPresent",
                    usize::from(!account.root.credentials_removed),
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
        }
        "ListVirtualMFADevices" => {
            let mut devices: Vec<(String, String, String, chrono::DateTime<Utc>)> = Vec::new();
            if account.root.mfa == "virtual" {
                devices.push((
                    format!("arn:aws:iam::{}:mfa/root-account-mfa-device", account.id),
                    format!("arn:aws:iam::{}:root", account.id),
                    "<root_account>".to_string(),
                    shared.world.now - chrono::Duration::days(500),
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
            let (items, next) = page(request, &devices, pages.list_virtual_mfa_devices)?;
            xml.open("VirtualMFADevices");
            for (serial, arn, name, enabled) in items {
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
            }
            xml.close("VirtualMFADevices");
            truncation(&mut xml, next);
        }
        "ListOrganizationsFeatures" => {
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
                xml.text("member", "RootCredentialsManagement")
                    .text("member", "RootSessions");
            }
            xml.close("EnabledFeatures");
        }
        "GenerateCredentialReport" => {
            // The first request starts the report (STARTED, as AWS answers); later ones see it
            // INPROGRESS until the scenario's delay has passed, then COMPLETE.
            let delay = chrono::Duration::milliseconds(
                shared.world.scenario.settings.credential_report_delay_ms as i64,
            );
            let mut reports = lock(&shared.credential_reports);
            let state = match reports.get(&account.id) {
                None => {
                    reports.insert(account.id.clone(), Utc::now());
                    "STARTED"
                }
                Some(started) if Utc::now() - *started >= delay => "COMPLETE",
                Some(_) => "INPROGRESS",
            };
            xml.text("State", state).text(
                "Description",
                "No report exists. Starting a new report generation task",
            );
        }
        "GetCredentialReport" => {
            let generated = lock(&shared.credential_reports).get(&account.id).copied();
            let Some(generated) = generated else {
                return Err(AwsError::sender(
                    StatusCode::GONE,
                    "ReportNotPresent",
                    "Credential report not present.",
                ));
            };
            xml.text(
                "Content",
                &base64::engine::general_purpose::STANDARD.encode(credential_report(account)),
            )
            .text("ReportFormat", "text/csv")
            .time("GeneratedTime", generated);
        }
        _ => return Err(super::unknown_action(request)),
    }
    Ok(xml.finish())
}

fn write_user(xml: &mut Xml, user: &User) {
    xml.text("Path", &user.path)
        .text("UserName", &user.name)
        .text("UserId", &user.user_id)
        .text("Arn", &user.arn)
        .time("CreateDate", user.created);
    if let Some((_, Some(last_used))) = user.password {
        xml.time("PasswordLastUsed", last_used);
    }
}

fn truncation(xml: &mut Xml, next: Option<String>) {
    match next {
        Some(marker) => {
            xml.text("IsTruncated", "true").text("Marker", &marker);
        }
        None => {
            xml.text("IsTruncated", "false");
        }
    }
}

fn page<'a, T>(
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

fn required<'a>(request: &'a Request, name: &str) -> Result<&'a str, AwsError> {
    request
        .param(name)
        .ok_or_else(|| AwsError::validation(request.protocol, format!("{name} is required")))
}

fn user<'a>(request: &Request, account: &'a Account) -> Result<&'a User, AwsError> {
    let name = required(request, "UserName")?;
    account
        .users
        .iter()
        .find(|user| user.name == name)
        .ok_or_else(|| no_such_entity(format!("The user with name {name} cannot be found.")))
}

fn no_such_entity(message: String) -> AwsError {
    AwsError::sender(StatusCode::NOT_FOUND, "NoSuchEntity", message)
}

/// The credential report's CSV, with the root row first, as IAM writes it.
fn credential_report(account: &Account) -> String {
    let header = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
    let mut lines = vec![header.to_string()];
    let root_password = if account.root.credentials_removed {
        "false"
    } else {
        "not_supported"
    };
    lines.push(format!(
        "<root_account>,arn:aws:iam::{}:root,N/A,{root_password},no_information,not_supported,not_supported,{},{},N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        account.id,
        account.root.mfa != "none",
        account.root.access_keys_present,
    ));
    for user in &account.users {
        let (password_enabled, password_last_used, password_changed) = match user.password {
            Some((created, used)) => (
                "true",
                used.map_or_else(|| "no_information".to_string(), iso8601),
                iso8601(created),
            ),
            None => ("false", "N/A".to_string(), "N/A".to_string()),
        };
        let mut row = vec![
            user.name.clone(),
            user.arn.clone(),
            iso8601(user.created),
            password_enabled.to_string(),
            password_last_used,
            password_changed,
            "N/A".to_string(),
            (!user.mfa.is_empty()).to_string(),
        ];
        for slot in 0..2 {
            match user.keys.get(slot) {
                Some(key) => {
                    row.push((key.status == "Active").to_string());
                    row.push(iso8601(key.created));
                    match &key.last_used {
                        Some((date, service, region)) => {
                            row.extend([iso8601(*date), region.clone(), service.clone()]);
                        }
                        None => {
                            row.extend(["N/A".to_string(), "N/A".to_string(), "N/A".to_string()])
                        }
                    }
                }
                None => row.extend(["false", "N/A", "N/A", "N/A", "N/A"].map(str::to_string)),
            }
        }
        row.extend(["false", "N/A", "false", "N/A"].map(str::to_string));
        lines.push(row.join(","));
    }
    lines.join("\n")
}

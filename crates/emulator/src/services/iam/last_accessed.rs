//! IAM's service last accessed reports: GenerateServiceLastAccessedDetails starts a job for a
//! user, group, role or managed policy and answers its `JobId`; GetServiceLastAccessedDetails
//! answers `IN_PROGRESS` for the scenario's number of polls (or milliseconds), then `COMPLETED`
//! with every service the entity's policies allow (or `FAILED`, for a user the scenario says so).
//!
//! As IAM does, the report lists each allowed service, the ones never used without
//! `LastAuthenticated`; only identity-based policies count (permissions boundaries do not); usage
//! older than 400 days is forgotten; at `ACTION_LEVEL`, tracked services (see
//! [`crate::service_catalogue::TRACKED`]) list their actions: those used, and those the policies
//! name one by one (a wildcard such as `s3:Get*` names none). A job is readable only with the
//! access key that generated it: another gets NoSuchEntity, as for an unknown job.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use chrono::{DateTime, Utc};

use super::{Context, no_such_entity, page, required, truncation};
use crate::protocol::{AwsError, Xml};
use crate::server::{LastAccessedJob, Request, Shared, lock};
use crate::service_catalogue::{SERVICES, TRACKED, name_of};
use crate::world::{Account, AttachedPolicy, InlinePolicy, Usage};

/// IAM's default page for the report (MaxItems may ask for fewer).
const LARGEST_PAGE: usize = 100;

/// How far back a report remembers, in days.
const TRACKING_DAYS: i64 = 400;

/// What one entity's policies allow: service namespaces, and the actions of tracked services
/// they name one by one.
#[derive(Default)]
struct Allowed {
    services: BTreeSet<String>,
    actions: BTreeMap<String, BTreeSet<String>>,
}

impl Allowed {
    /// Adds what one policy document allows.
    fn add_document(&mut self, document: &str) {
        let Ok(document) = serde_json::from_str::<serde_json::Value>(document) else {
            return;
        };
        let statements = match &document["Statement"] {
            serde_json::Value::Array(statements) => statements.iter().collect(),
            statement => vec![statement],
        };
        let strings = |value: &serde_json::Value| -> Vec<String> {
            match value {
                serde_json::Value::String(text) => vec![text.clone()],
                serde_json::Value::Array(items) => items
                    .iter()
                    .filter_map(|item| item.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            }
        };
        for statement in statements.into_iter().filter(|s| s["Effect"] == "Allow") {
            for action in strings(&statement["Action"]) {
                if action == "*" {
                    self.services
                        .extend(SERVICES.iter().map(|(namespace, _)| namespace.to_string()));
                    continue;
                }
                let Some((namespace, name)) = action.split_once(':') else {
                    continue;
                };
                let namespace = namespace.to_ascii_lowercase();
                if !name.contains(['*', '?']) && TRACKED.contains(&namespace.as_str()) {
                    self.actions
                        .entry(namespace.clone())
                        .or_default()
                        .insert(name.to_string());
                }
                self.services.insert(namespace);
            }
            let excluded = strings(&statement["NotAction"]);
            if statement.get("NotAction").is_some() && !excluded.iter().any(|action| action == "*")
            {
                let whole: BTreeSet<String> = excluded
                    .iter()
                    .filter_map(|action| action.strip_suffix(":*"))
                    .map(str::to_ascii_lowercase)
                    .collect();
                self.services.extend(
                    SERVICES
                        .iter()
                        .map(|(namespace, _)| namespace.to_string())
                        .filter(|namespace| !whole.contains(namespace)),
                );
            }
        }
    }
}

/// The default version's document of a managed policy the account knows.
fn managed_document<'a>(account: &'a Account, arn: &str) -> Option<&'a str> {
    let policy = account.policies.iter().find(|policy| policy.arn == arn)?;
    policy
        .versions
        .iter()
        .find(|version| version.default)
        .map(|version| version.document.as_ref())
}

/// What inline and attached policies allow.
fn grants(
    account: &Account,
    allowed: &mut Allowed,
    inline: &[InlinePolicy],
    attached: &[AttachedPolicy],
) {
    for policy in inline {
        allowed.add_document(&policy.document);
    }
    for policy in attached {
        if let Some(document) = managed_document(account, &policy.arn) {
            allowed.add_document(document);
        }
    }
}

/// What an entity of the account is allowed and what it used, by ARN; None when there is none.
fn entity<'a>(account: &'a Account, arn: &str) -> Option<(Allowed, &'a [Usage], bool)> {
    let mut allowed = Allowed::default();
    if let Some(user) = account.users.iter().find(|user| user.arn == arn) {
        grants(
            account,
            &mut allowed,
            &user.grants.inline,
            &user.grants.attached,
        );
        for name in &user.grants.groups {
            if let Some(group) = account.groups.iter().find(|group| &group.name == name) {
                grants(account, &mut allowed, &group.inline, &group.attached);
            }
        }
        return Some((allowed, &user.usage, user.last_accessed_fails));
    }
    if let Some(group) = account.groups.iter().find(|group| group.arn == arn) {
        grants(account, &mut allowed, &group.inline, &group.attached);
    } else if let Some(role) = account.roles.iter().find(|role| role.arn == arn) {
        grants(account, &mut allowed, &role.inline, &role.attached);
    } else {
        allowed.add_document(managed_document(account, arn)?);
    }
    Some((allowed, &[], false))
}

/// A JobId in IAM's shape (36 characters, a UUID's), unique to the emulator's run.
fn job_id(number: u64) -> String {
    let hash = |offset: u64| {
        format!("job-{number}").bytes().fold(offset, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    let hex = format!(
        "{:016x}{:016x}",
        hash(0xcbf2_9ce4_8422_2325),
        hash(0x8422_2325)
    );
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// GenerateServiceLastAccessedDetails: a job about the entity `Arn`, at `Granularity`.
pub(super) fn generate_service_last_accessed_details(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let arn = required(request, "Arn")?;
    let granularity = request.param("Granularity").unwrap_or("SERVICE_LEVEL");
    if !matches!(granularity, "SERVICE_LEVEL" | "ACTION_LEVEL") {
        return Err(AwsError::validation(
            request.protocol,
            format!(
                "1 validation error detected: Value '{granularity}' at 'granularity' failed to \
                 satisfy constraint: Member must satisfy enum value set: [SERVICE_LEVEL, ACTION_LEVEL]"
            ),
        ));
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", _, "iam", "", arn_account, resource] = parts.as_slice() else {
        return Err(AwsError::sender(
            StatusCode::BAD_REQUEST,
            "InvalidInput",
            format!("ARN {arn} is not valid."),
        ));
    };
    if !["user/", "group/", "role/", "policy/"]
        .iter()
        .any(|kind| resource.starts_with(kind))
    {
        return Err(AwsError::sender(
            StatusCode::BAD_REQUEST,
            "InvalidInput",
            format!("ARN {arn} is not a user, group, role or policy."),
        ));
    }
    if (*arn_account != account.id && *arn_account != "aws") || entity(account, arn).is_none() {
        return Err(no_such_entity(format!(
            "The entity with ARN {arn} cannot be found."
        )));
    }
    let id = job_id(shared.next_number());
    lock(&shared.last_accessed_jobs).insert(
        id.clone(),
        LastAccessedJob {
            owner: request.access_key_id.clone(),
            account_id: account.id.clone(),
            arn: arn.to_string(),
            granularity: granularity.to_string(),
            created: Utc::now(),
            polls: 0,
            completed: None,
        },
    );
    xml.text("JobId", &id);
    Ok(())
}

/// GetServiceLastAccessedDetails: the job's status, then its report, paged.
pub(super) fn get_service_last_accessed_details(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let id = required(request, "JobId")?;
    if id.len() != 36 {
        return Err(AwsError::validation(
            request.protocol,
            format!(
                "1 validation error detected: Value '{id}' at 'jobId' failed to satisfy \
                 constraint: Member must have length 36"
            ),
        ));
    }
    let job = poll_job(shared, request, account, id)?;
    let Some((allowed, usage, fails)) = entity(account, &job.arn) else {
        return Err(no_such_entity(format!(
            "The job with JobId {id} cannot be found."
        )));
    };
    let Some(completed) = job.completed else {
        write_job_status(xml, "IN_PROGRESS", &job).close("ServicesLastAccessed");
        return Ok(());
    };
    if fails {
        write_job_status(xml, "FAILED", &job)
            .close("ServicesLastAccessed")
            .time("JobCompletionDate", completed)
            .open("Error")
            .text(
                "Message",
                "The service last accessed report could not be generated.",
            )
            .text("Code", "ServiceFailure")
            .close("Error");
        return Ok(());
    }
    let now = shared.world.now;
    let remembered: Vec<&Usage> = usage
        .iter()
        .filter(|used| (now - used.time).num_days() <= TRACKING_DAYS)
        .collect();
    let services: Vec<&String> = allowed.services.iter().collect();
    let (items, next) = page(request, &services, LARGEST_PAGE)?;
    write_job_status(xml, "COMPLETED", &job);
    for namespace in items {
        write_service(xml, &job, namespace, &remembered, &allowed);
    }
    xml.close("ServicesLastAccessed")
        .time("JobCompletionDate", completed);
    truncation(xml, next);
    Ok(())
}

/// Counts a read of the caller's job `id` in the account and completes it once the scenario's
/// polls (and milliseconds) have passed; a copy of the job as it then is. Another caller's job
/// is NoSuchEntity, as an unknown one.
fn poll_job(
    shared: &Shared,
    request: &Request,
    account: &Account,
    id: &str,
) -> Result<LastAccessedJob, AwsError> {
    let settings = &shared.world.scenario.settings;
    let mut jobs = lock(&shared.last_accessed_jobs);
    let job = jobs
        .get_mut(id)
        .filter(|job| job.owner == request.access_key_id && job.account_id == account.id)
        .ok_or_else(|| no_such_entity(format!("The job with JobId {id} cannot be found.")))?;
    job.polls += 1;
    let elapsed = Utc::now() - job.created;
    let in_progress = job.polls <= settings.last_accessed_polls
        || elapsed.num_milliseconds() < settings.last_accessed_delay_ms as i64;
    if !in_progress && job.completed.is_none() {
        job.completed = Some(Utc::now());
    }
    Ok(job.clone())
}

/// The answer's opening: `JobStatus`, the job's type and creation date, and the
/// `ServicesLastAccessed` list opened.
fn write_job_status<'a>(xml: &'a mut Xml, status: &str, job: &LastAccessedJob) -> &'a mut Xml {
    xml.text("JobStatus", status)
        .text("JobType", &job.granularity)
        .time("JobCreationDate", job.created)
        .open("ServicesLastAccessed")
}

/// One allowed service of a completed report: when, where and by whom it was last used within
/// the tracking period (`remembered`), and at `ACTION_LEVEL` the actions of a tracked service.
fn write_service(
    xml: &mut Xml,
    job: &LastAccessedJob,
    namespace: &str,
    remembered: &[&Usage],
    allowed: &Allowed,
) {
    let uses: Vec<&&Usage> = remembered
        .iter()
        .filter(|used| used.service == namespace)
        .collect();
    let latest = uses.iter().max_by_key(|used| used.time);
    xml.open("member").text("ServiceName", name_of(namespace));
    if let Some(latest) = latest {
        xml.time("LastAuthenticated", latest.time);
    }
    xml.text("ServiceNamespace", namespace);
    if let Some(latest) = latest {
        xml.text("LastAuthenticatedEntity", &job.arn)
            .text("LastAuthenticatedRegion", &latest.region);
    }
    xml.text(
        "TotalAuthenticatedEntities",
        if latest.is_some() { "1" } else { "0" },
    );
    if job.granularity == "ACTION_LEVEL" && TRACKED.contains(&namespace) {
        write_tracked_actions(xml, &job.arn, &uses, allowed.actions.get(namespace));
    }
    xml.close("member");
}

/// TrackedActionsLastAccessed: the actions used (with when, where, by whom) and those the
/// policies name, by name.
fn write_tracked_actions(
    xml: &mut Xml,
    arn: &str,
    uses: &[&&Usage],
    named: Option<&BTreeSet<String>>,
) {
    let mut actions: BTreeMap<&str, Option<(DateTime<Utc>, &str)>> = named
        .into_iter()
        .flatten()
        .map(|name| (name.as_str(), None))
        .collect();
    for used in uses {
        for action in &used.actions {
            let entry = actions.entry(action.as_str()).or_insert(None);
            if entry.is_none_or(|(time, _)| time < used.time) {
                *entry = Some((used.time, used.region.as_str()));
            }
        }
    }
    xml.open("TrackedActionsLastAccessed");
    for (action, last) in actions {
        xml.open("member").text("ActionName", action);
        if let Some((time, region)) = last {
            xml.text("LastAccessedEntity", arn)
                .time("LastAccessedTime", time)
                .text("LastAccessedRegion", region);
        }
        xml.close("member");
    }
    xml.close("TrackedActionsLastAccessed");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_allow_services_by_action_and_not_action() {
        let mut allowed = Allowed::default();
        allowed.add_document(
            r#"{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:List*","EC2:DescribeInstances"],"Resource":"*"},
                {"Effect":"Deny","Action":"sqs:*","Resource":"*"}]}"#,
        );
        assert_eq!(allowed.services.iter().collect::<Vec<_>>(), ["ec2", "s3"]);
        assert_eq!(
            allowed
                .actions
                .get("s3")
                .map(|actions| actions.iter().map(String::as_str).collect::<Vec<_>>()),
            Some(vec!["GetObject"])
        );
        let mut power = Allowed::default();
        power.add_document(
            r#"{"Statement":{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}}"#,
        );
        assert!(power.services.contains("s3") && !power.services.contains("iam"));
        assert!(!power.services.contains("organizations") && !power.services.contains("account"));
        let mut admin = Allowed::default();
        admin.add_document(r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#);
        assert_eq!(admin.services.len(), SERVICES.len());
    }

    #[test]
    fn job_ids_have_iams_length() {
        assert_eq!(job_id(1).len(), 36);
        assert_ne!(job_id(1), job_id(2));
    }
}

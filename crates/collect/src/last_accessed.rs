//! What each user really used: IAM's service last accessed reports. For every user the run asks
//! about, GenerateServiceLastAccessedDetails at `ACTION_LEVEL` starts a job; the account's jobs
//! start together (each request paced by the account's IAM limiter), then each is polled with
//! GetServiceLastAccessedDetails, backing off, until `COMPLETED` (every page then read) or
//! `FAILED`. IAM lets only the session that generated a job read it: each job's requests are sent
//! with the account's session credentials of the moment it starts (`Iam::pinned`), and a job lost
//! anyway (IAM answers NoSuchEntity, or those credentials expired) is generated again with the
//! session's current ones, up to [`ATTEMPTS`] times.
//!
//! A job that fails, or does not finish within the budget, is an error for that user: its usage is
//! `Unknown` (an AUD001 finding), never "used nothing".

use std::future::Future;
use std::time::Duration;

use aws_sdk_iam::types::{AccessAdvisorUsageGranularityType, JobStatusType};
use iam_audit_access::usage::{ActionReport, ServiceReport, UsageReport};
use iam_audit_model::{CollectionError, ErrorKind};

use crate::error::{collection_error, is_no_such_entity, malformed_answer};
use crate::limits::Limiter;
use crate::paging::{PAGE, next_marker};
use crate::session::{Iam, as_account};
use crate::time::to_utc;

const GENERATE: &str = "iam:GenerateServiceLastAccessedDetails";
const GET: &str = "iam:GetServiceLastAccessedDetails";

/// The first pause between two polls of one job; each next one doubles, up to [`LONGEST_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(500);
/// The longest pause between two polls.
const LONGEST_PAUSE: Duration = Duration::from_secs(8);
/// Jobs generated for one user at most, when IAM loses them.
const ATTEMPTS: usize = 5;
/// A job's credentials are not used this close to their expiry: the job is generated again with
/// the session's next ones.
const EXPIRY_GUARD: Duration = Duration::from_secs(1);

/// One job's session: the account's credentials of the moment it started, and their expiry.
struct Session {
    iam: Iam,
    expiry: Option<std::time::SystemTime>,
}

impl Session {
    /// Whether the credentials can still be sent.
    fn usable(&self) -> bool {
        self.expiry
            .is_none_or(|expiry| std::time::SystemTime::now() + EXPIRY_GUARD < expiry)
    }
}

/// One user to ask about: its name and ARN.
pub(crate) struct Subject {
    pub name: String,
    pub arn: String,
}

/// The reports of `subjects`, by name: each job generated, polled and read within `budget`.
pub(crate) async fn usage_reports(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
    subjects: Vec<Subject>,
    budget: Duration,
) -> Vec<(String, Result<UsageReport, CollectionError>)> {
    let jobs = subjects.into_iter().map(|subject| async move {
        let report = within_budget(budget, account_id, &subject.name, async {
            for _ in 0..ATTEMPTS {
                let (pinned, expiry) = iam.pinned().await;
                let session = Session {
                    iam: pinned,
                    expiry,
                };
                if !session.usable() {
                    // Pinned just before a renewal: wait for the next session.
                    tokio::time::sleep(EXPIRY_GUARD).await;
                    continue;
                }
                let job = match generate(&session, limiter, account_id, &subject).await {
                    Ok(job) => job,
                    Err(error) if error.kind == ErrorKind::InvalidCredentials => continue,
                    Err(error) => return Err(error),
                };
                match read_job(&session, limiter, account_id, &subject.name, &job).await {
                    Err(Lost) => {}
                    Ok(report) => return report,
                }
            }
            Err(failure(
                account_id,
                &subject.name,
                ErrorKind::Other,
                Some("NoSuchEntity"),
                format!(
                    "IAM lost the job {ATTEMPTS} times (the session that generated it was renewed)"
                ),
            ))
        })
        .await;
        (subject.name, report)
    });
    futures::future::join_all(jobs).await
}

/// The job's id.
async fn generate(
    session: &Session,
    limiter: &Limiter,
    account_id: &str,
    subject: &Subject,
) -> Result<String, CollectionError> {
    let _turn = limiter.ready().await;
    if !session.usable() {
        // Expired while waiting for its turn: the loop pins the session's next credentials.
        return Err(failure(
            account_id,
            &subject.name,
            ErrorKind::InvalidCredentials,
            None,
            "the session's credentials expired before the job was generated".into(),
        ));
    }
    let iam = &session.iam;
    let output = as_account!(
        iam.generate_service_last_accessed_details()
            .arn(&subject.arn)
            .granularity(AccessAdvisorUsageGranularityType::ActionLevel)
    )
    .await
    .map_err(|error| collection_error(account_id, GENERATE, Some(&subject.name), &error))?;
    output
        .job_id()
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            malformed_answer(
                account_id,
                GENERATE,
                Some(&subject.name),
                "the answer has no JobId",
            )
        })
}

/// IAM answered NoSuchEntity for a job this session generated, or the session's credentials
/// expired before the job was read.
struct Lost;

/// One job polled until it is done, then read whole. `Err(Lost)` when IAM no longer knows it.
async fn read_job(
    session: &Session,
    limiter: &Limiter,
    account_id: &str,
    user_name: &str,
    job: &str,
) -> Result<Result<UsageReport, CollectionError>, Lost> {
    let mut report = UsageReport::default();
    let first = poll_with_backoff(FIRST_PAUSE, LONGEST_PAUSE, || async {
        let page = get_page(session, limiter, account_id, user_name, job, None).await?;
        Ok(match page.status {
            JobStatusType::InProgress => Polled::Pending,
            _ => Polled::Done(page),
        })
    })
    .await;
    let mut page = match first {
        Ok(page) => page,
        Err(Fetch::Lost) => return Err(Lost),
        Err(Fetch::Failed(error)) => return Ok(Err(error)),
    };
    loop {
        if page.status == JobStatusType::Failed {
            let message = format!(
                "the service last accessed report failed: {}",
                page.error.unwrap_or_else(|| "no reason given".to_string())
            );
            return Ok(Err(failure(
                account_id,
                user_name,
                ErrorKind::Other,
                page.code.as_deref(),
                message,
            )));
        }
        if page.status != JobStatusType::Completed {
            return Ok(Err(malformed_answer(
                account_id,
                GET,
                Some(user_name),
                format!("unknown job status {}", page.status.as_str()),
            )));
        }
        report.services.append(&mut page.services);
        let Some(marker) = page.next.take() else {
            return Ok(Ok(report));
        };
        page = match get_page(session, limiter, account_id, user_name, job, Some(marker)).await {
            Ok(page) => page,
            Err(Fetch::Lost) => return Err(Lost),
            Err(Fetch::Failed(error)) => return Ok(Err(error)),
        };
    }
}

/// One answer of GetServiceLastAccessedDetails.
struct Page {
    status: JobStatusType,
    services: Vec<ServiceReport>,
    next: Option<String>,
    error: Option<String>,
    code: Option<String>,
}

/// Why a page did not come.
enum Fetch {
    Lost,
    Failed(CollectionError),
}

async fn get_page(
    session: &Session,
    limiter: &Limiter,
    account_id: &str,
    user_name: &str,
    job: &str,
    marker: Option<String>,
) -> Result<Page, Fetch> {
    let _turn = limiter.ready().await;
    if !session.usable() {
        return Err(Fetch::Lost);
    }
    let iam = &session.iam;
    let output = match as_account!(
        iam.get_service_last_accessed_details()
            .job_id(job)
            .max_items(PAGE)
            .set_marker(marker)
    )
    .await
    {
        Ok(output) => output,
        Err(error) if is_no_such_entity(&error) => return Err(Fetch::Lost),
        Err(error) => {
            let failure = collection_error(account_id, GET, Some(user_name), &error);
            // The job's credentials expired: its session's successor cannot read it either.
            if failure.kind == ErrorKind::InvalidCredentials {
                return Err(Fetch::Lost);
            }
            return Err(Fetch::Failed(failure));
        }
    };
    let mut services = Vec::with_capacity(output.services_last_accessed().len());
    for service in output.services_last_accessed() {
        let namespace = service.service_namespace();
        if namespace.is_empty() {
            return Err(Fetch::Failed(malformed_answer(
                account_id,
                GET,
                Some(user_name),
                "a service of the report has no ServiceNamespace; the report is unknown",
            )));
        }
        let actions = service.tracked_actions_last_accessed();
        services.push(ServiceReport {
            namespace: namespace.to_string(),
            last_authenticated: service.last_authenticated().and_then(to_utc),
            tracked_actions: (!actions.is_empty()).then(|| {
                actions
                    .iter()
                    .filter_map(|action| {
                        Some(ActionReport {
                            name: action.action_name()?.to_string(),
                            last_accessed: action.last_accessed_time().and_then(to_utc),
                        })
                    })
                    .collect()
            }),
        });
    }
    Ok(Page {
        status: output.job_status().clone(),
        services,
        next: next_marker(output.is_truncated(), output.marker()),
        error: output.error().map(|error| error.message().to_string()),
        code: output.error().map(|error| error.code().to_string()),
    })
}

/// A failure of one user's report.
fn failure(
    account_id: &str,
    user_name: &str,
    kind: ErrorKind,
    code: Option<&str>,
    message: String,
) -> CollectionError {
    CollectionError {
        account_id: account_id.to_string(),
        api: GET.to_string(),
        resource: Some(user_name.to_string()),
        kind,
        code: code.map(str::to_string),
        message,
    }
}

/// `read`, or a timeout error once `budget` has passed.
async fn within_budget(
    budget: Duration,
    account_id: &str,
    user_name: &str,
    read: impl Future<Output = Result<UsageReport, CollectionError>>,
) -> Result<UsageReport, CollectionError> {
    match tokio::time::timeout(budget, read).await {
        Ok(read) => read,
        Err(_) => Err(failure(
            account_id,
            user_name,
            ErrorKind::Timeout,
            None,
            format!(
                "the service last accessed report did not finish within {} s",
                budget.as_secs()
            ),
        )),
    }
}

/// A poll's answer.
enum Polled<T> {
    /// Not done yet: ask again later.
    Pending,
    /// Done.
    Done(T),
}

/// Calls `poll` until it is done (or fails), pausing `first` after the first pending answer,
/// then twice as long each time, up to `longest`.
async fn poll_with_backoff<T, E, Answer>(
    first: Duration,
    longest: Duration,
    mut poll: impl FnMut() -> Answer,
) -> Result<T, E>
where
    Answer: Future<Output = Result<Polled<T>, E>>,
{
    let mut pause = first;
    loop {
        match poll().await? {
            Polled::Done(value) => return Ok(value),
            Polled::Pending => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(longest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn polls_back_off_until_done() {
        let polls = Cell::new(0);
        let started = tokio::time::Instant::now();
        let done: Result<u32, ()> = poll_with_backoff(FIRST_PAUSE, LONGEST_PAUSE, || {
            polls.set(polls.get() + 1);
            let count = polls.get();
            async move {
                Ok(if count < 6 {
                    Polled::Pending
                } else {
                    Polled::Done(count)
                })
            }
        })
        .await;
        assert_eq!(done, Ok(6));
        // 0.5 + 1 + 2 + 4 + 8 seconds of pauses.
        assert_eq!(started.elapsed(), Duration::from_millis(15_500));
    }

    /// A job that never finishes is an error for its user once the budget has passed, never
    /// "used nothing".
    #[tokio::test(start_paused = true)]
    async fn a_job_that_never_finishes_is_a_timeout_for_its_user() {
        let never = poll_with_backoff(FIRST_PAUSE, LONGEST_PAUSE, || async {
            Ok::<Polled<UsageReport>, CollectionError>(Polled::Pending)
        });
        let outcome = within_budget(Duration::from_secs(300), "123456789012", "carol", never).await;
        let error = outcome.expect_err("a timeout");
        assert_eq!(error.kind, ErrorKind::Timeout);
        assert_eq!(error.api, GET);
        assert_eq!(error.resource.as_deref(), Some("carol"));
    }
}

//! The HTTP endpoint: works out which service, action and identity a request is, applies the
//! scenario's latency, rate limits and faults, logs the call, and hands it to a service module.
//!
//! Signatures are not verified: the emulator only reads the access key id from the SigV4
//! `Authorization` header to know which account a request acts in. Credentials it did not issue act
//! as the scenario's caller in the management account, as moto does.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

pub use crate::call_log::{Call, write_call_log};
use crate::call_log::{CallLog, Record};
use crate::protocol::{self, Answer, AwsError, Protocol};
use crate::scenario::{FaultKind, Scenario};
use crate::services;
use crate::services::root_session::RootTask;
use crate::world::World;

/// The AWS service a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// STS (awsQuery).
    Sts,
    /// IAM (awsQuery).
    Iam,
    /// Organizations (awsJson1.1).
    Organizations,
    /// CloudTrail (awsJson1.1).
    CloudTrail,
    /// Control Tower (restJson1).
    ControlTower,
    /// IAM Access Analyzer (restJson1, signing name `access-analyzer`).
    AccessAnalyzer,
}

impl Service {
    /// The IAM policy prefix: `iam`, `sts`, ...
    pub fn prefix(self) -> &'static str {
        match self {
            Service::Sts => "sts",
            Service::Iam => "iam",
            Service::Organizations => "organizations",
            Service::CloudTrail => "cloudtrail",
            Service::ControlTower => "controltower",
            Service::AccessAnalyzer => "access-analyzer",
        }
    }
}

/// Who a request acts as.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The account the request acts in.
    pub account_id: String,
    /// The caller's ARN.
    pub arn: String,
    /// The caller's user id.
    pub user_id: String,
    /// For a privileged root session (STS AssumeRoot), the task policy that scopes it.
    pub root_task: Option<RootTask>,
}

impl Identity {
    /// An identity acting in `account_id` as `arn`.
    pub fn new(account_id: &str, arn: &str, user_id: &str) -> Identity {
        Identity {
            account_id: account_id.to_string(),
            arn: arn.to_string(),
            user_id: user_id.to_string(),
            root_task: None,
        }
    }

    /// Whether the caller is the account's root user (a root session).
    pub fn is_root(&self) -> bool {
        self.arn == format!("arn:aws:iam::{}:root", self.account_id)
    }
}

/// A session issued by AssumeRole.
#[derive(Debug, Clone)]
pub struct Session {
    /// The identity its credentials carry.
    pub identity: Identity,
    /// When its credentials stop working.
    pub expires: DateTime<Utc>,
}

/// One request as the services see it.
pub struct Request {
    /// The service.
    pub service: Service,
    /// The action (`ListUsers`).
    pub action: String,
    /// The protocol.
    pub protocol: Protocol,
    /// Form parameters (awsQuery).
    pub form: BTreeMap<String, String>,
    /// Query string parameters (restJson1).
    pub query: BTreeMap<String, String>,
    /// JSON body (awsJson, restJson).
    pub json: serde_json::Value,
    /// The caller.
    pub identity: Identity,
    /// The access key id the request is signed with ("" when unsigned).
    pub access_key_id: String,
    /// The signing region.
    pub region: String,
}

impl Request {
    /// A form parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.form.get(name).map(String::as_str)
    }

    /// A query string parameter (restJson1).
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query.get(name).map(String::as_str)
    }
}

struct Bucket {
    tokens: f64,
    refilled: Instant,
}

/// State shared by every request.
pub struct Shared {
    /// The resolved scenario.
    pub world: World,
    sessions: Mutex<HashMap<String, Session>>,
    calls: Mutex<CallLog>,
    buckets: Mutex<HashMap<(Service, String, String), Bucket>>,
    fault_hits: Mutex<Vec<u64>>,
    /// Requests each fault matched, hit or not (for `after`).
    fault_matches: Mutex<Vec<u64>>,
    random: Mutex<StdRng>,
    next_id: std::sync::atomic::AtomicU64,
    /// Credential report generation times, by account.
    pub credential_reports: Mutex<HashMap<String, DateTime<Utc>>>,
    /// Every secret access key and session token issued, for tests that prove none leaks.
    pub issued_secrets: Mutex<Vec<String>>,
    /// Service last accessed jobs (IAM GenerateServiceLastAccessedDetails), by JobId.
    pub last_accessed_jobs: Mutex<HashMap<String, LastAccessedJob>>,
}

/// A service last accessed report job.
#[derive(Debug, Clone)]
pub struct LastAccessedJob {
    /// The access key id that generated it: only requests signed with it may read it.
    pub owner: String,
    /// The account of the entity.
    pub account_id: String,
    /// The entity's ARN.
    pub arn: String,
    /// `SERVICE_LEVEL` or `ACTION_LEVEL`.
    pub granularity: String,
    /// When it was generated.
    pub created: DateTime<Utc>,
    /// How many times it was read.
    pub polls: u32,
    /// When it completed (first read as no longer in progress).
    pub completed: Option<DateTime<Utc>>,
}

/// Locks a mutex, recovering from a poisoned one (a panicking request must not stop the others).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    /// Builds the shared state.
    pub fn new(scenario: Scenario, now: DateTime<Utc>) -> Shared {
        let seed = scenario.settings.seed;
        let faults = scenario.faults.len();
        Shared {
            world: World::new(scenario, now),
            sessions: Mutex::new(HashMap::new()),
            calls: Mutex::new(CallLog::default()),
            buckets: Mutex::new(HashMap::new()),
            fault_hits: Mutex::new(vec![0; faults]),
            fault_matches: Mutex::new(vec![0; faults]),
            random: Mutex::new(StdRng::seed_from_u64(seed)),
            next_id: std::sync::atomic::AtomicU64::new(1),
            credential_reports: Mutex::new(HashMap::new()),
            issued_secrets: Mutex::new(Vec::new()),
            last_accessed_jobs: Mutex::new(HashMap::new()),
        }
    }

    /// A fresh number for ids.
    pub fn next_number(&self) -> u64 {
        self.next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    /// Random alphanumeric text for secrets.
    pub fn random_text(&self, length: usize) -> String {
        let mut random = lock(&self.random);
        (0..length)
            .map(|_| {
                let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
                alphabet[random.random_range(0..alphabet.len())] as char
            })
            .collect()
    }

    /// Records a session and returns its access key id.
    pub fn issue_session(&self, session: Session) -> String {
        let key = format!(
            "ASIA{}",
            crate::world::id_tail(&format!("session-{}", self.next_number()))
        );
        lock(&self.sessions).insert(key.clone(), session);
        key
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        lock(&self.calls).calls()
    }

    fn identity_for(&self, access_key_id: Option<&str>) -> Result<Identity, AwsError> {
        if let Some(key) = access_key_id
            && let Some(session) = lock(&self.sessions).get(key)
        {
            if session.expires <= Utc::now() {
                return Err(AwsError::sender(
                    StatusCode::FORBIDDEN,
                    "ExpiredToken",
                    "The security token included in the request is expired",
                ));
            }
            return Ok(session.identity.clone());
        }
        Ok(Identity::new(
            self.world.management_account(),
            &self.world.caller_arn,
            &format!("AIDA{}", crate::world::id_tail(&self.world.caller_arn)),
        ))
    }

    /// Takes a token from the family's bucket; false when the rate is exceeded.
    fn admit(&self, service: Service, account_id: &str, region: &str) -> bool {
        let limits = &self.world.scenario.settings.rate_limits;
        let rate = match service {
            Service::Iam => limits.iam,
            Service::CloudTrail => limits.cloudtrail,
            Service::Sts => limits.sts,
            Service::Organizations => limits.organizations,
            Service::ControlTower => None,
            Service::AccessAnalyzer => self.world.scenario.settings.access_analyzer_rate_limit,
        };
        let Some(rate) = rate.filter(|rate| *rate > 0.0) else {
            return true;
        };
        let region = if matches!(service, Service::CloudTrail | Service::AccessAnalyzer) {
            region.to_string()
        } else {
            String::new()
        };
        let capacity = rate.max(1.0);
        let mut buckets = lock(&self.buckets);
        let bucket = buckets
            .entry((service, account_id.to_string(), region))
            .or_insert(Bucket {
                tokens: capacity,
                refilled: Instant::now(),
            });
        let now = Instant::now();
        let elapsed = now.duration_since(bucket.refilled).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
        bucket.refilled = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    fn matching_fault(&self, request: &Request) -> Option<(FaultKind, Option<u16>, Option<u64>)> {
        // The user a request is about: its UserName, or the user an entity ARN names
        // (GenerateServiceLastAccessedDetails).
        let user = request
            .param("UserName")
            .or_else(|| {
                request
                    .param("Arn")
                    .and_then(|arn| arn.split_once(":user/"))
                    .and_then(|(_, path)| path.rsplit('/').next())
            })
            .map(str::to_string)
            .or_else(|| {
                request
                    .json
                    .get("UserName")
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            });
        // A fault on AssumeRole names the account whose role is assumed, one on AssumeRoot the
        // target account; any other fault, the account the request acts in.
        let subject = match request.action.as_str() {
            "AssumeRole" => request
                .param("RoleArn")
                .and_then(|arn| arn.split(':').nth(4))
                .unwrap_or(&request.identity.account_id)
                .to_string(),
            "AssumeRoot" => request
                .param("TargetPrincipal")
                .map(|target| target.split(':').nth(4).unwrap_or(target))
                .unwrap_or(&request.identity.account_id)
                .to_string(),
            _ => request.identity.account_id.clone(),
        };
        for (index, fault) in self.world.scenario.faults.iter().enumerate() {
            let account_matches = fault.account == "*" || fault.account == subject;
            let action_matches = fault.action == "*" || fault.action == request.action;
            let user_matches = fault
                .user
                .as_ref()
                .is_none_or(|name| Some(name) == user.as_ref());
            if !(account_matches && action_matches && user_matches) {
                continue;
            }
            if fault.probability < 1.0 && !lock(&self.random).random_bool(fault.probability) {
                continue;
            }
            let mut hits = lock(&self.fault_hits);
            if let Some(passed) = fault.after {
                let mut matched = lock(&self.fault_matches);
                matched[index] += 1;
                if matched[index] <= passed {
                    continue;
                }
            }
            if let Some(limit) = fault.count
                && hits[index] >= limit
            {
                continue;
            }
            hits[index] += 1;
            return Some((fault.kind, fault.status, fault.delay_ms));
        }
        None
    }

    fn latency(&self) -> Duration {
        let settings = &self.world.scenario.settings;
        if settings.latency_ms == 0 && settings.jitter_ms == 0 {
            return Duration::ZERO;
        }
        let jitter = settings.jitter_ms as i64;
        let offset = if jitter > 0 {
            lock(&self.random).random_range(-jitter..=jitter)
        } else {
            0
        };
        Duration::from_millis((settings.latency_ms as i64 + offset).max(0) as u64)
    }

    fn log(&self, request: &Request, time: DateTime<Utc>, status: u16, error_code: Option<String>) {
        let assumed_role = request.identity.arn.contains(":assumed-role/");
        lock(&self.calls).push(Record {
            time,
            account_id: &request.identity.account_id,
            service: request.service,
            action: &request.action,
            region: &request.region,
            status,
            error_code: error_code.as_deref(),
            assumed_role,
            root_session: request.identity.root_task.is_some(),
        });
    }
}

/// What the `Authorization` header says: access key id, region, service.
pub fn parse_authorization(header: &str) -> Option<(String, String, String)> {
    let credential = header.split("Credential=").nth(1)?;
    let scope = credential.split([',', ' ']).next()?;
    let mut parts = scope.split('/');
    let key = parts.next()?.to_string();
    let _date = parts.next()?;
    let region = parts.next()?.to_string();
    let service = parts.next()?.to_string();
    Some((key, region, service))
}

fn service_of(target: Option<&str>, scope_service: Option<&str>, action: &str) -> Option<Service> {
    if let Some(target) = target {
        if target.starts_with("AWSOrganizations") {
            return Some(Service::Organizations);
        }
        if target.contains("cloudtrail") || target.starts_with("CloudTrail") {
            return Some(Service::CloudTrail);
        }
    }
    match scope_service {
        Some("sts") => return Some(Service::Sts),
        Some("iam") => return Some(Service::Iam),
        Some("controltower") => return Some(Service::ControlTower),
        Some("access-analyzer") => return Some(Service::AccessAnalyzer),
        _ => {}
    }
    match action {
        "AssumeRole" | "AssumeRoot" | "GetCallerIdentity" => Some(Service::Sts),
        "" => None,
        _ => Some(Service::Iam),
    }
}

/// The one handler behind every path.
pub async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let arrived = Utc::now();
    let request_id = format!(
        "{:08x}-emul-{:012x}",
        shared.next_number(),
        arrived.timestamp_millis()
    );
    let (mut request, identity) = match parse(&shared, &method, &headers, &uri, &body) {
        Ok(parsed) => parsed,
        Err(response) => return response(&request_id),
    };
    let latency = shared.latency();
    let answer = if let Err(error) = identity {
        Answer::Error(error)
    } else if !shared.admit(
        request.service,
        &request.identity.account_id,
        &request.region,
    ) {
        Answer::Error(services::throttling(request.service))
    } else {
        match shared.matching_fault(&request) {
            None => services::dispatch(&shared, &mut request),
            Some(fault) => match inject(&shared, &mut request, fault, arrived, latency).await {
                Injected::Answer(answer) => answer,
                Injected::Response(response) => return response(&request_id),
            },
        }
    };
    tokio::time::sleep(latency).await;
    let (status, code) = match &answer {
        Answer::Ok(_) => (200, None),
        Answer::Error(error) => (error.status.as_u16(), Some(error.code.clone())),
    };
    shared.log(&request, arrived, status, code);
    protocol::render(request.protocol, &request.action, answer, &request_id)
}

/// A response still to be given its request id.
type Pending = Box<dyn FnOnce(&str) -> Response + Send>;

/// The request as the services see it (protocol, action, form or JSON body, the caller's
/// identity, the region), or the answer to a request with no action.
fn parse(
    shared: &Shared,
    method: &Method,
    headers: &HeaderMap,
    uri: &Uri,
    body: &Bytes,
) -> Result<(Request, Result<Identity, AwsError>), Pending> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let authorization = header("authorization").and_then(parse_authorization);
    let target = header("x-amz-target");
    let (form, json) = if target.is_some() || uri.path() != "/" {
        let json = if body.is_empty() {
            serde_json::Value::Object(Default::default())
        } else {
            serde_json::from_slice(body).unwrap_or(serde_json::Value::Null)
        };
        (BTreeMap::new(), json)
    } else {
        let form: BTreeMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
        (form, serde_json::Value::Null)
    };
    let scope_service = authorization
        .as_ref()
        .map(|(_, _, service)| service.as_str());
    let action = match target {
        Some(target) => target.rsplit('.').next().unwrap_or_default().to_string(),
        None if uri.path() == "/list-landingzones" => "ListLandingZones".to_string(),
        None if scope_service == Some("access-analyzer") => rest_action(method, uri.path()),
        None => form.get("Action").cloned().unwrap_or_default(),
    };
    let query: BTreeMap<String, String> = uri
        .query()
        .map(|query| {
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let Some(service) = service_of(target, scope_service, &action) else {
        return Err(Box::new(|request_id: &str| {
            let error = AwsError::sender(
                StatusCode::BAD_REQUEST,
                "InvalidAction",
                "no action in request",
            );
            protocol::render_error(
                Protocol::Query {
                    namespace: services::iam::NAMESPACE,
                },
                &error,
                request_id,
            )
        }));
    };
    let protocol = match service {
        Service::Sts => Protocol::Query {
            namespace: services::sts::NAMESPACE,
        },
        Service::Iam => Protocol::Query {
            namespace: services::iam::NAMESPACE,
        },
        Service::ControlTower | Service::AccessAnalyzer => Protocol::RestJson,
        Service::Organizations | Service::CloudTrail => Protocol::Json,
    };
    let region = authorization
        .as_ref()
        .map_or_else(|| "us-east-1".to_string(), |(_, region, _)| region.clone());
    let identity = shared.identity_for(authorization.as_ref().map(|(key, _, _)| key.as_str()));
    let fallback_identity = Identity::new(shared.world.management_account(), "unknown", "unknown");
    let request = Request {
        service,
        action,
        protocol,
        form,
        query,
        json,
        identity: identity.clone().unwrap_or(fallback_identity),
        access_key_id: authorization
            .as_ref()
            .map(|(key, _, _)| key.clone())
            .unwrap_or_default(),
        region,
    };
    Ok((request, identity))
}

/// The action a restJson1 request names by its method and path (IAM Access Analyzer's): the
/// operation's name when the emulator serves it, else `METHOD /path` (an unknown action).
fn rest_action(method: &Method, path: &str) -> String {
    match (method.as_str(), path) {
        ("GET", "/analyzer") => "ListAnalyzers".to_string(),
        _ => format!("{method} {path}"),
    }
}

/// What an injected fault makes of a request: an answer to render as usual, or a response of
/// its own (a truncated body; a hang or a reset never answer).
enum Injected {
    Answer(Answer),
    Response(Pending),
}

async fn inject(
    shared: &Shared,
    request: &mut Request,
    (kind, status, delay): (FaultKind, Option<u16>, Option<u64>),
    arrived: chrono::DateTime<Utc>,
    latency: Duration,
) -> Injected {
    match kind {
        FaultKind::Hang => {
            shared.log(request, arrived, 0, Some("Hang".to_string()));
            tokio::time::sleep(Duration::from_secs(3600)).await;
            let (protocol, error) = (request.protocol, services::throttling(request.service));
            Injected::Response(Box::new(move |request_id: &str| {
                protocol::render_error(protocol, &error, request_id)
            }))
        }
        FaultKind::ConnectionReset => {
            shared.log(request, arrived, 0, Some("ConnectionReset".to_string()));
            // Ends this connection's task without an answer and without the panic hook's
            // message: the client sees the connection close mid-request.
            std::panic::resume_unwind(Box::new("connection reset by fault injection"));
        }
        FaultKind::Malformed => {
            tokio::time::sleep(latency).await;
            shared.log(request, arrived, 200, Some("Malformed".to_string()));
            let (protocol, action) = (request.protocol, request.action.clone());
            Injected::Response(Box::new(move |_: &str| malformed(protocol, &action)))
        }
        FaultKind::AccessDenied => {
            Injected::Answer(Answer::Error(services::access_denied(request)))
        }
        FaultKind::Throttle => {
            Injected::Answer(Answer::Error(services::throttling(request.service)))
        }
        FaultKind::ServerError => {
            let status = status
                .and_then(|status| StatusCode::from_u16(status).ok())
                .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            Injected::Answer(Answer::Error(AwsError::receiver(
                status,
                "ServiceUnavailable",
                "Service is unavailable (injected fault)",
            )))
        }
        FaultKind::Delay => {
            tokio::time::sleep(Duration::from_millis(delay.unwrap_or(1000))).await;
            Injected::Answer(services::dispatch(shared, request))
        }
    }
}

fn malformed(protocol: Protocol, action: &str) -> Response {
    let body = match protocol {
        Protocol::Query { namespace } => {
            format!(
                "<{action}Response xmlns=\"{namespace}\"><{action}Result><Users><member><UserName>trunc"
            )
        }
        Protocol::Json | Protocol::RestJson => "{\"Events\": [{\"EventId\": \"trunc".to_string(),
    };
    let mut response = axum::response::IntoResponse::into_response((StatusCode::OK, body));
    let content_type = match protocol {
        Protocol::Query { .. } => "text/xml",
        Protocol::Json => "application/x-amz-json-1.1",
        Protocol::RestJson => "application/json",
    };
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static(content_type),
    );
    response
}

/// A running emulator.
pub struct RunningEmulator {
    address: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningEmulator {
    /// Starts serving `scenario` on 127.0.0.1:`port` (0 for a free port).
    pub async fn start(scenario: Scenario, port: u16) -> std::io::Result<RunningEmulator> {
        let shared = Arc::new(Shared::new(scenario, Utc::now()));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let address = listener.local_addr()?;
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let (sender, receiver) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let server = axum::serve(listener, router).with_graceful_shutdown(async move {
                let _ = receiver.await;
            });
            let _ = server.await;
        });
        Ok(RunningEmulator {
            address,
            shared,
            shutdown: Some(sender),
            task,
        })
    }

    /// `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The bound address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Every call so far, in arrival order.
    pub fn calls(&self) -> Vec<Call> {
        self.shared.calls()
    }

    /// Every secret access key and session token AssumeRole has issued so far.
    pub fn issued_secrets(&self) -> Vec<String> {
        lock(&self.shared.issued_secrets).clone()
    }

    /// The resolved organization.
    pub fn world(&self) -> &World {
        &self.shared.world
    }

    /// Writes the call log as JSON lines.
    pub fn write_call_log(&self, path: &std::path::Path) -> std::io::Result<()> {
        write_call_log(&self.shared.calls(), path)
    }

    /// Stops serving. Connections still open (a hung request) are dropped.
    pub async fn shutdown(mut self) {
        if let Some(sender) = self.shutdown.take() {
            let _ = sender.send(());
        }
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_header_gives_key_region_and_service() {
        let header = "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260101/eu-west-1/cloudtrail/aws4_request, SignedHeaders=host, Signature=abc";
        assert_eq!(
            parse_authorization(header),
            Some((
                "ASIAEXAMPLE".into(),
                "eu-west-1".into(),
                "cloudtrail".into()
            ))
        );
        assert_eq!(parse_authorization("Bearer x"), None);
    }

    #[test]
    fn services_are_told_apart() {
        assert_eq!(
            service_of(
                Some("AWSOrganizationsV20161128.ListAccounts"),
                None,
                "ListAccounts"
            ),
            Some(Service::Organizations)
        );
        assert_eq!(
            service_of(
                Some("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"),
                None,
                "LookupEvents"
            ),
            Some(Service::CloudTrail)
        );
        assert_eq!(
            service_of(None, Some("sts"), "AssumeRole"),
            Some(Service::Sts)
        );
        assert_eq!(
            service_of(None, None, "GetCallerIdentity"),
            Some(Service::Sts)
        );
        assert_eq!(service_of(None, None, "ListUsers"), Some(Service::Iam));
        assert_eq!(service_of(None, None, ""), None);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(2000)))]

        #[test]
        fn any_authorization_header_is_read_or_ignored(header in any::<String>()) {
            let _ = parse_authorization(&header);
        }
    }
}

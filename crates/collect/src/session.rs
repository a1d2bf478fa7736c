//! Credentials and clients: the caller's configuration (profile, SSO, credential_process, env,
//! IMDS through aws-config's default chain), and one session per member account made with a single
//! AssumeRole that IAM and CloudTrail share and that renews itself before it expires.
//!
//! Each account's clients get their own retry partition: the SDK's default partition is per service
//! and region, so every account's IAM client would otherwise share one retry budget.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider, future};
use aws_sdk_iam::config::retry::{RetryConfig, RetryPartition, TokenBucket};
use aws_sdk_iam::config::timeout::TimeoutConfig;
use aws_sdk_sts::error::SdkError;
use aws_sdk_sts::operation::assume_role::AssumeRoleError;
use futures::FutureExt;

use crate::integrity::WholeXmlAnswers;
use crate::limits::Limiter;
use crate::metrics::{CallMetrics, CountingInterceptor};

/// How to reach AWS: the caller's profile and region, and an endpoint override for emulators.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// A named profile; `None` uses the default chain (env, SSO, profiles, credential_process,
    /// IMDS).
    pub profile: Option<String>,
    /// The home region for STS and CloudTrail (IAM is global).
    pub region: String,
    /// Sends every call here instead of AWS (the emulator). `AWS_ENDPOINT_URL` works as well,
    /// through aws-config.
    pub endpoint_url: Option<String>,
    /// Fixed credentials instead of the default chain (the demo).
    pub static_credentials: Option<Credentials>,
    /// Attempts per call, retries included.
    pub max_attempts: u32,
    /// Longest a single attempt may take.
    pub attempt_timeout: Duration,
    /// Longest a call may take, retries included.
    pub operation_timeout: Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            profile: None,
            region: "us-east-1".to_string(),
            endpoint_url: None,
            static_credentials: None,
            max_attempts: 8,
            attempt_timeout: Duration::from_secs(20),
            operation_timeout: Duration::from_secs(90),
        }
    }
}

/// The caller's configuration: profile, region, retries, timeouts and the run's one HTTP client.
/// The delivery (S3, SNS, Secrets Manager) uses it too, in the caller's own account.
pub async fn caller_config(options: &ConnectOptions) -> SdkConfig {
    load_caller_config(options).await
}

/// Loads the caller's configuration.
pub(crate) async fn load_caller_config(options: &ConnectOptions) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(options.region.clone()))
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(options.max_attempts.max(1))
                .with_initial_backoff(Duration::from_millis(200))
                .with_max_backoff(Duration::from_secs(5)),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(options.attempt_timeout)
                .operation_timeout(options.operation_timeout)
                .build(),
        )
        .http_client(shared_http_client());
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(endpoint) = &options.endpoint_url {
        loader = loader.endpoint_url(endpoint);
    }
    if let Some(credentials) = &options.static_credentials {
        loader = loader.credentials_provider(credentials.clone());
    }
    loader.load().await
}

/// Idle connections kept per endpoint. The pool opens a connection whenever a request finds none
/// idle, so bursts (a thousand accounts starting within seconds) leave hundreds behind, each with
/// its buffers and task; beyond this many idle, a returned connection is closed.
const IDLE_CONNECTIONS_PER_HOST: usize = 128;

/// The one HTTP client of the run, the SDK's default HTTPS stack built once. Every client derived
/// from the caller's configuration (STS, Organizations, and each account's IAM and CloudTrail)
/// shares it, and so shares one connection pool and one TLS configuration. Left to the SDK, each
/// of the 2,000 service clients of a 1,000-account audit built its own: 200 KB of parsed root
/// certificates apiece and connections no other account could reuse (half of the audit's peak
/// memory).
fn shared_http_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    use aws_smithy_http_client::proxy::ProxyConfig;
    use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
    use aws_smithy_http_client::{Builder, ConnectorBuilder};
    Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector = ConnectorBuilder::default()
            .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
            .proxy_config(ProxyConfig::from_env())
            .pool_max_idle_per_host(IDLE_CONNECTIONS_PER_HOST);
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.build()
    })
}

/// The run's IAM and CloudTrail clients, built once from the caller's configuration and shared by
/// every account; an account's requests carry its own credentials and retry partition (see
/// [`AccountClient`]). A service client costs about 16 KB (configuration layers, runtime plugins),
/// so two per account were a sixth of a 1,000-account audit's peak memory.
#[derive(Clone)]
pub(crate) struct SharedClients {
    iam: aws_sdk_iam::Client,
    cloudtrail: aws_sdk_cloudtrail::Client,
    access_analyzer: aws_sdk_accessanalyzer::Client,
}

impl SharedClients {
    pub fn new(config: &SdkConfig, metrics: &Arc<CallMetrics>) -> SharedClients {
        let counter = CountingInterceptor(Arc::clone(metrics));
        let iam = aws_sdk_iam::config::Builder::from(config)
            .interceptor(counter.clone())
            .interceptor(WholeXmlAnswers)
            .build();
        let cloudtrail = aws_sdk_cloudtrail::config::Builder::from(config)
            .interceptor(counter.clone())
            .build();
        let access_analyzer = aws_sdk_accessanalyzer::config::Builder::from(config)
            .interceptor(counter)
            .build();
        SharedClients {
            iam: aws_sdk_iam::Client::from_conf(iam),
            cloudtrail: aws_sdk_cloudtrail::Client::from_conf(cloudtrail),
            access_analyzer: aws_sdk_accessanalyzer::Client::from_conf(access_analyzer),
        }
    }

    /// One account's clients: `credentials` from its role, or `None` in the caller's own account
    /// (the shared clients' own credentials and identity cache).
    pub fn for_account(
        &self,
        account_id: &str,
        credentials: Option<SharedCredentialsProvider>,
    ) -> AccountClients {
        AccountClients {
            iam: AccountClient {
                client: self.iam.clone(),
                credentials: credentials.clone(),
                partition: partition(format!("iam-{account_id}")),
                region: None,
            },
            cloudtrail: AccountClient {
                client: self.cloudtrail.clone(),
                credentials: credentials.clone(),
                partition: partition(format!("cloudtrail-{account_id}")),
                region: None,
            },
            access_analyzer: AccountClient {
                client: self.access_analyzer.clone(),
                credentials,
                partition: partition(format!("access-analyzer-{account_id}")),
                region: None,
            },
        }
    }
}

/// The clients used in one account.
#[derive(Clone)]
pub(crate) struct AccountClients {
    pub iam: Iam,
    pub cloudtrail: CloudTrail,
    pub access_analyzer: AccessAnalyzerClient,
}

/// A shared client acting as one account: every request is sent with [`as_account!`], which
/// gives it the account's credentials and the account's own retry partition (the SDK's default partition is per service and region,
/// so every account would otherwise share one retry budget).
#[derive(Clone)]
pub(crate) struct AccountClient<Client> {
    client: Client,
    credentials: Option<SharedCredentialsProvider>,
    partition: RetryPartition,
    /// Another region than the client's (the home region), for CloudTrail lookups of a key's
    /// activity where it was last used.
    region: Option<String>,
}

/// Sends a request as the account an [`AccountClient`] acts for, its future boxed (the SDK's is
/// kilobytes): `as_account!(iam.list_users().max_items(1))` is `iam.client().list_users()
/// .max_items(1).customize().config_override(iam.as_account()).send()`. Every per-account request
/// goes through it, so none can leave with the caller's credentials (it would read the management
/// account in the member's name) or without the account's retry partition.
macro_rules! as_account {
    ($client:ident . $operation:ident ( ) $($request:tt)*) => {
        futures::FutureExt::boxed(
            $client
                .client()
                .$operation()$($request)*
                .customize()
                .config_override($client.as_account())
                .send(),
        )
    };
}
pub(crate) use as_account;

/// The run's IAM client, acting as one account.
pub(crate) type Iam = AccountClient<aws_sdk_iam::Client>;

/// The run's CloudTrail client, acting as one account.
pub(crate) type CloudTrail = AccountClient<aws_sdk_cloudtrail::Client>;

/// The run's IAM Access Analyzer client (home region), acting as one account.
pub(crate) type AccessAnalyzerClient = AccountClient<aws_sdk_accessanalyzer::Client>;

impl<Client: Clone> AccountClient<Client> {
    /// The shared client; send its requests with [`as_account!`].
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The same account's client, its requests sent to `region`.
    pub fn in_region(&self, region: &str) -> AccountClient<Client> {
        AccountClient {
            region: Some(region.to_string()),
            ..self.clone()
        }
    }
}

impl Iam {
    /// The same client with the account's credentials of this moment fixed. IAM lets only the
    /// session that generated a service last accessed job read it, and a member's session renews
    /// itself (a new access key) before it expires: a job's requests are all sent with one
    /// session's credentials, with when they expire. The caller's own account (no role) keeps
    /// its chain.
    pub async fn pinned(&self) -> (Iam, Option<SystemTime>) {
        let Some(provider) = &self.credentials else {
            return (self.clone(), None);
        };
        match provider.provide_credentials().await {
            Ok(credentials) => {
                let expiry = credentials.expiry();
                let pinned = AccountClient {
                    client: self.client.clone(),
                    credentials: Some(SharedCredentialsProvider::new(credentials)),
                    partition: self.partition.clone(),
                    region: self.region.clone(),
                };
                (pinned, expiry)
            }
            Err(_) => (self.clone(), None),
        }
    }
}

/// `as_account()` for a service's shared client: the account's credentials and retry partition,
/// for `config_override`. One definition for every service an account is read through.
macro_rules! account_overrides {
    ($service:ident) => {
        impl AccountClient<$service::Client> {
            /// The account's credentials and retry partition, for `config_override`.
            pub fn as_account(&self) -> $service::config::Builder {
                let mut overrides =
                    $service::config::Builder::default().retry_partition(self.partition.clone());
                if let Some(credentials) = &self.credentials {
                    overrides.set_credentials_provider(Some(credentials.clone()));
                }
                if let Some(region) = &self.region {
                    overrides.set_region(Some($service::config::Region::new(region.clone())));
                }
                overrides
            }
        }
    };
}
account_overrides!(aws_sdk_iam);
account_overrides!(aws_sdk_cloudtrail);
account_overrides!(aws_sdk_accessanalyzer);

/// An account's own retry partition, with a retry quota large enough that one account's
/// throttling storm is retried to the end instead of exhausting the SDK's default quota of 500
/// (100 throttling retries).
fn partition(name: String) -> RetryPartition {
    RetryPartition::custom(name)
        .token_bucket(TokenBucket::new(20_000))
        .build()
}

/// The management account's STS client.
pub(crate) fn sts_client(config: &SdkConfig, metrics: &Arc<CallMetrics>) -> aws_sdk_sts::Client {
    let sts = aws_sdk_sts::config::Builder::from(config)
        .interceptor(CountingInterceptor(Arc::clone(metrics)))
        .interceptor(WholeXmlAnswers)
        .build();
    aws_sdk_sts::Client::from_conf(sts)
}

/// The management account's Organizations client.
pub(crate) fn organizations_client(
    config: &SdkConfig,
    metrics: &Arc<CallMetrics>,
) -> aws_sdk_organizations::Client {
    let organizations = aws_sdk_organizations::config::Builder::from(config)
        .interceptor(CountingInterceptor(Arc::clone(metrics)))
        .build();
    aws_sdk_organizations::Client::from_conf(organizations)
}

/// What an AssumeRole needs.
#[derive(Debug, Clone)]
pub(crate) struct RoleRequest {
    pub role_arn: String,
    pub session_name: String,
    pub external_id: Option<String>,
    pub duration: Option<Duration>,
}

/// Assumes the role once and returns credentials that renew themselves (cached by the provider:
/// each request of the account asks it, and it answers from memory until renewal is due).
pub(crate) async fn assume_role(
    sts: &aws_sdk_sts::Client,
    sts_limiter: Limiter,
    request: RoleRequest,
) -> Result<
    SharedCredentialsProvider,
    SdkError<AssumeRoleError, aws_smithy_runtime_api::http::Response>,
> {
    let first = call_assume_role(sts, &request).await?;
    Ok(SharedCredentialsProvider::new(RoleCredentials {
        sts: sts.clone(),
        sts_limiter,
        request,
        current: tokio::sync::Mutex::new(Some(Issued::new(first))),
    }))
}

async fn call_assume_role(
    sts: &aws_sdk_sts::Client,
    request: &RoleRequest,
) -> Result<Credentials, SdkError<AssumeRoleError, aws_smithy_runtime_api::http::Response>> {
    let mut call = sts
        .assume_role()
        .role_arn(&request.role_arn)
        .role_session_name(&request.session_name);
    if let Some(external_id) = &request.external_id {
        call = call.external_id(external_id);
    }
    if let Some(duration) = request.duration {
        call = call.duration_seconds(i32::try_from(duration.as_secs()).unwrap_or(i32::MAX));
    }
    // Boxed: the SDK's future is kilobytes, and it would otherwise be part of every account's
    // task for the whole audit.
    let output = call.send().boxed().await?;
    let credentials = output.credentials();
    let expiry = credentials
        .map(|credentials| credentials.expiration())
        .and_then(|moment| SystemTime::try_from(*moment).ok());
    Ok(match credentials {
        Some(credentials) => Credentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            Some(credentials.session_token().to_string()),
            expiry,
            "iam-audit-assume-role",
        ),
        None => Credentials::new(
            "",
            "",
            None,
            Some(SystemTime::now()),
            "iam-audit-assume-role",
        ),
    })
}

/// Credentials and when to renew them.
#[derive(Debug)]
struct Issued {
    credentials: Credentials,
    renew_at: Option<SystemTime>,
}

impl Issued {
    /// Renews five minutes before expiry, or after four fifths of a shorter lifetime.
    fn new(credentials: Credentials) -> Issued {
        let renew_at = credentials.expiry().map(|expiry| {
            let lifetime = expiry
                .duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO);
            expiry - (lifetime / 5).min(Duration::from_secs(300))
        });
        Issued {
            credentials,
            renew_at,
        }
    }

    fn fresh(&self) -> bool {
        self.renew_at
            .is_none_or(|renew_at| SystemTime::now() < renew_at)
    }
}

/// Credentials of an assumed role: cached here, renewed by a new AssumeRole (paced with the other
/// AssumeRoles) shortly before they expire. Callers that ask while a renewal is under way wait for
/// it: one renewal, however many requests are in flight.
#[derive(Debug)]
struct RoleCredentials {
    sts: aws_sdk_sts::Client,
    sts_limiter: Limiter,
    request: RoleRequest,
    current: tokio::sync::Mutex<Option<Issued>>,
}

impl ProvideCredentials for RoleCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            let mut current = self.current.lock().await;
            if let Some(issued) = current.as_ref()
                && issued.fresh()
            {
                return Ok(issued.credentials.clone());
            }
            tracing::debug!("renewing credentials for {}", self.request.role_arn);
            let _turn = self.sts_limiter.ready().await;
            let credentials =
                call_assume_role(&self.sts, &self.request)
                    .await
                    .map_err(|error| {
                        let (_, code, message) = iam_audit_errors::classify(&error);
                        CredentialsError::provider_error(format!(
                            "AssumeRole {} failed while renewing credentials: {}{}",
                            self.request.role_arn,
                            code.map(|code| format!("{code}: ")).unwrap_or_default(),
                            message
                        ))
                    })?;
            *current = Some(Issued::new(credentials.clone()));
            Ok(credentials)
        })
    }
}

//! The command line, defined once with clap's derive; settings.rs validates it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Audits every long-term IAM credential across every ACTIVE account of an AWS Organization,
/// read-only: access keys and their last use, console passwords, MFA devices, SSH public keys,
/// signing certificates, service-specific credentials, password policies and the root user; what
/// each user's policies let it do (privilege and escalation paths); and IAM lifecycle events in
/// CloudTrail. Writes CSV, JSON, HTML, ASFF and OCSF reports with a "fix first" list, compares
/// with an earlier run, and delivers to S3, Slack and SNS.
///
/// Run it from the management account (or a delegated administrator) with a role that exists in
/// every member account: Control Tower's AWSControlTowerExecution, or a least-privilege audit
/// role. It only ever calls read APIs.
///
/// Exit codes: 0 every account fully read; 1 findings at or above --fail-on (or new ones at
/// --fail-on-new); 2 the audit finished but something could not be read (see audit_errors_*.csv;
/// wins over 1, 4 and 5); 3 fatal (no credentials, accounts cannot be listed, reports cannot be
/// written); 4 a delivery failed (S3, Slack, SNS; the reports are kept locally); 5 the baseline
/// could not be read or used, so nothing was compared (the reports are written); 64 an input
/// that cannot be used (an option, --config, a report or shard given, a Lambda event): nothing
/// audited or written; 130 interrupted (reports hold what was read, marked incomplete).
#[derive(Debug, Parser)]
#[command(name = "iam-audit", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; `audit` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The audit's options, for `iam-audit --profile mgmt --role ...` without a subcommand.
    #[command(flatten)]
    pub audit: AuditArgs,

    /// Verbosity.
    #[command(flatten)]
    pub verbosity: Verbosity,
}

/// A command line clap refused, said in one line that names the option and the cause (clap's own
/// text, its continuation lines joined, without the usage block).
pub fn one_line(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let mut line = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(rest) = line.strip_prefix("error: ") {
        line = rest.to_string();
    }
    line
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit the organization (the default).
    Audit(AuditArgs),
    /// Run the whole audit against a built-in demo organization on a local emulator: no AWS
    /// account needed. Reports go to ./iam-audit-demo unless --output-dir says otherwise.
    #[cfg(feature = "demo")]
    Demo(DemoArgs),
    /// List every rule: id, severity, title and the controls it implements.
    Rules {
        /// Language of the titles: es or en. Default: from the locale.
        #[arg(long, value_name = "es|en")]
        lang: Option<LanguageArg>,
    },
    /// Print a rule's documentation: what it checks, why, how to fix, references.
    Explain {
        /// A rule id (KEY001) or name (access-key-not-rotated).
        rule: String,
        /// Language of the title (the documentation itself is in English): es or en. Default:
        /// from the locale.
        #[arg(long, value_name = "es|en")]
        lang: Option<LanguageArg>,
    },
    /// Check that an audit can read everything: the caller, the organization, Control Tower, and
    /// in every ACTIVE account AssumeRole and one call of each API the audit uses; each failure
    /// with its likely cause and fix. Read-only, like the audit.
    Doctor(DoctorArgs),
    /// Compare two runs' JSON reports: findings new, resolved, still open, or not judged (their
    /// account or API could not be read in the newer run), and the users, keys, passwords, MFA
    /// devices and accounts that changed. Writes diff_<timestamp>.json and .csv.
    Diff(DiffArgs),
    /// Print the trend: one row per run of `history.jsonl` (findings by severity, new, resolved,
    /// unknown, overdue, accounts audited and incomplete, complete) from an output folder or an
    /// `s3://bucket/prefix` location (beside `latest.json`).
    Trend(TrendArgs),
    /// Merge the JSON reports of every shard of one audit (`audit --shard K/N`) into the reports
    /// a single audit would have written; then compare with --baseline and notify, as an audit.
    Merge(MergeArgs),
    /// Write the infrastructure that runs the audit every week inside AWS: the Lambda function,
    /// its EventBridge Scheduler schedule, the reports bucket, the secret reference, the logs, an
    /// alarm and a least-privilege execution role (and a Step Functions state machine with
    /// --shards), as CloudFormation or Terraform.
    Deploy(DeployArgs),
    /// Serve the Lambda Runtime API (what the `bootstrap` binary of `scripts/build-lambda` does).
    #[command(hide = true)]
    Lambda,
    /// Print the least-privilege policies for the audit: the member-account role's policy and
    /// trust policy and the management account's policy (JSON), or a CloudFormation template for
    /// a service-managed StackSet, or Terraform.
    Policy(PolicyArgs),
    /// Print a shell completion script: `iam-audit completions bash > /etc/bash_completion.d/iam-audit`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `iam-audit man > /usr/local/share/man/man1/iam-audit.1`.
    Man,
}

/// Options of `doctor`: the audit's credentials, role and scope.
#[derive(Debug, Args, Clone)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub role: RoleArgs,

    /// Language of the summary lines: es or en (default from the locale).
    #[arg(long, value_name = "es|en")]
    pub lang: Option<LanguageArg>,

    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// Options of `policy`.
#[derive(Debug, Args, Clone)]
pub struct PolicyArgs {
    /// The audit role's name.
    #[arg(long, default_value = "IamAuditRole", value_name = "NAME")]
    pub role: String,

    /// The management account the role trusts (a placeholder when omitted).
    #[arg(long, value_name = "ID")]
    pub management_account: Option<String>,

    /// Require this sts:ExternalId in the role's trust policy.
    #[arg(long, value_name = "ID")]
    pub external_id: Option<String>,

    /// The partition: aws, aws-us-gov or aws-cn.
    #[arg(long, default_value = "aws", value_parser = ["aws", "aws-us-gov", "aws-cn"])]
    pub partition: String,

    /// Output: json (the three documents), cloudformation (a StackSet template), terraform.
    #[arg(long, value_enum, default_value_t = PolicyFormat::Json)]
    pub format: PolicyFormat,

    /// The role will be used with --iam-source credential-report (adds its two actions, drops
    /// the per-user ones).
    #[arg(long, value_enum, default_value_t = IamSourceArg::Api)]
    pub iam_source: IamSourceArg,

    /// The role will be used with --no-cloudtrail (drops cloudtrail:LookupEvents).
    #[arg(long)]
    pub no_cloudtrail: bool,

    /// The role will be used with this --last-accessed (`off` drops
    /// iam:GenerateServiceLastAccessedDetails and iam:GetServiceLastAccessedDetails).
    #[arg(long, value_enum, default_value_t = LastAccessedArg::Credentialed, value_name = "WHOSE")]
    pub last_accessed: LastAccessedArg,

    /// Leave out what only `doctor` needs.
    #[arg(long)]
    pub no_doctor: bool,

    /// Grant organizations:ListTagsForResource, which the audit calls when the config's
    /// `[owners] account_tags` names the owner by the accounts' tags.
    #[arg(long)]
    pub account_tags: bool,

    /// The audit will write its reports here (s3://BUCKET/PREFIX): adds the writer's policy
    /// (s3:PutObject and s3:GetObject on the prefix) for the caller.
    #[arg(long, value_name = "s3://BUCKET/PREFIX")]
    pub output_dir: Option<String>,

    /// The reports' KMS key (adds kms:GenerateDataKey and kms:Decrypt on it).
    #[arg(long, value_name = "KEY_ARN")]
    pub s3_kms_key: Option<String>,

    /// Topics the audit will notify (`sns:TOPIC_ARN`; adds sns:Publish on them).
    #[arg(long, value_delimiter = ',', value_name = "sns:TOPIC_ARN")]
    pub notify: Vec<String>,

    /// The secret holding the Slack webhook (adds secretsmanager:GetSecretValue on it).
    #[arg(long, value_name = "ARN")]
    pub slack_webhook_secret: Option<String>,

    /// The audit's configuration: its `[[routes]]` add sns:Publish on their topics and
    /// secretsmanager:GetSecretValue on their Slack secrets, and `[owners] account_tags`
    /// organizations:ListTagsForResource.
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
}

/// `-v`, `-vv`, `-q`.
#[derive(Debug, Args)]
pub struct Verbosity {
    /// More detail on stderr: -v shows API progress and retries, -vv every call.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// Options of an audit.
#[derive(Debug, Args, Clone)]
pub struct AuditArgs {
    #[command(flatten)]
    pub role: RoleArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub judging: JudgingArgs,

    #[command(flatten)]
    pub exposure: ExposureArgs,

    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

/// Leaked key ids from secret scanners.
#[derive(Debug, Args, Clone, Default)]
pub struct ExposureArgs {
    /// A secret scanner's findings: TruffleHog `--json` lines, a Gitleaks JSON report, GitHub
    /// secret-scanning alerts (JSON), or one access key id per line (repeatable; also
    /// `[exposure] exposed_keys` in --config). Only key ids are read: secrets in the file are
    /// dropped unread. A key of the organization named there is EXP002.
    #[arg(long, value_name = "FILE")]
    pub exposed_keys: Vec<String>,
}

/// Memory between runs and delivery of the results.
#[derive(Debug, Args, Clone, Default)]
pub struct DeliveryArgs {
    /// Compare with an earlier run's JSON report: a file, an s3:// URI, or `auto` (the newest
    /// earlier report in the output location: the folder, or PREFIX/latest.json in S3). Every
    /// finding gets `status` (new, open) and `first_seen`; resolved ones are listed.
    #[arg(long, value_name = "FILE|s3://...|auto")]
    pub baseline: Option<String>,

    /// Exit with code 1 when a finding new since the baseline is at or above this severity.
    #[arg(long, value_enum, value_name = "SEVERITY", requires = "baseline")]
    pub fail_on_new: Option<SeverityArg>,

    /// Compare with a baseline of another organization (or partition) anyway: every change is
    /// then marked as crossing organizations. Without it such a baseline is refused.
    #[arg(long, requires = "baseline")]
    pub allow_other_organization: bool,

    /// Send a summary: `slack` (the webhook's URL from IAM_AUDIT_SLACK_WEBHOOK_URL or
    /// --slack-webhook-secret, never from the command line) and/or `sns:TOPIC_ARN`.
    #[arg(long, value_delimiter = ',', value_name = "slack|sns:TOPIC_ARN")]
    pub notify: Vec<String>,

    /// Secrets Manager secret (ARN or name) holding the Slack webhook's URL (the URL itself, or
    /// JSON with `webhook_url`).
    #[arg(long, value_name = "ARN")]
    pub slack_webhook_secret: Option<String>,

    /// Encrypt S3 objects with this KMS key (SSE-KMS); without it, SSE-S3 (AES256).
    #[arg(long, value_name = "KEY_ID|ARN|ALIAS")]
    pub s3_kms_key: Option<String>,

    /// The account that must own the S3 bucket (ExpectedBucketOwner). Default: the caller's.
    #[arg(long, value_name = "ACCOUNT_ID")]
    pub s3_bucket_owner: Option<String>,

    /// Print (and send in notifications) a presigned URL of the HTML report, valid this many
    /// hours (1–168; S3 output only).
    #[arg(long, value_name = "HOURS", value_parser = clap::value_parser!(u32).range(1..=168))]
    pub presign_hours: Option<u32>,
}

/// `iam-audit trend`.
#[derive(Debug, Args, Clone)]
pub struct TrendArgs {
    /// An output folder, or `s3://bucket/prefix`.
    #[arg(value_name = "LOCATION")]
    pub location: String,
    /// AWS profile for an s3:// location.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Region of the S3 client.
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
}

/// How findings are judged.
#[derive(Debug, Args, Clone)]
pub struct JudgingArgs {
    /// TOML file with thresholds, severity overrides and suppressions (see docs/findings.md).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Exit with code 1 when an unsuppressed finding at or above this severity remains (exit
    /// code 2, audit incomplete, still wins).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<SeverityArg>,

    /// Exit with code 1 when an unsuppressed finding at or above this severity is overdue: open
    /// longer than the config's `[sla]` days for its severity since it was first seen (exit code
    /// 2, audit incomplete, still wins).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on_overdue: Option<SeverityArg>,

    /// Frameworks of the compliance evidence (console lines, JSON compliance[], HTML matrix,
    /// --format compliance), comma-separated: cis-aws-3.0.0, cis-aws-5.0.0, cis-aws-6.0.0,
    /// cis-aws-7.0.0, aws-fsbp. Default: all of them.
    #[arg(long, value_delimiter = ',', value_name = "FRAMEWORK,...")]
    pub compliance: Vec<String>,
}

/// Who the audit runs as and which role it assumes (shared by `audit` and `doctor`).
#[derive(Debug, Args, Clone)]
pub struct RoleArgs {
    /// Named AWS profile of the management account (SSO, credential_process and static profiles
    /// all work). Default: the standard credential chain (environment, SSO, profiles,
    /// credential_process, instance metadata).
    #[arg(long, env = "AWS_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,

    /// Role assumed in each member account.
    #[arg(long, default_value = "AWSControlTowerExecution", value_name = "NAME")]
    pub role: String,

    /// External id required by the role's trust policy (sts:ExternalId).
    #[arg(long, value_name = "ID")]
    pub external_id: Option<String>,

    /// AssumeRole session name, as it appears in member accounts' CloudTrail. Default:
    /// iam-audit-<UTC timestamp>, so each run's sessions are easy to find.
    #[arg(long, value_name = "NAME")]
    pub session_name: Option<String>,

    /// Session lifetime in seconds (900–43200; role chaining caps it at 3600). Sessions renew
    /// themselves, so long runs finish either way.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(900..=43200))]
    pub session_duration: Option<u32>,
}

impl Default for RoleArgs {
    /// Control Tower's role, the caller's default credentials (the demo's role).
    fn default() -> Self {
        RoleArgs {
            profile: None,
            role: "AWSControlTowerExecution".to_string(),
            external_id: None,
            session_name: None,
            session_duration: None,
        }
    }
}

/// What to audit.
#[derive(Debug, Args, Clone)]
pub struct ScopeArgs {
    /// Home region: STS and CloudTrail are called here (IAM is global).
    #[arg(long, default_value = "us-east-1", value_name = "REGION")]
    pub region: String,

    /// Audit only these accounts (comma-separated 12-digit ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub accounts: Vec<String>,

    /// Skip these accounts (comma-separated 12-digit ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub exclude_accounts: Vec<String>,

    /// Days of CloudTrail history to search for IAM lifecycle events (CloudTrail keeps 90).
    #[arg(long, default_value_t = 90, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=90))]
    pub cloudtrail_days: u32,

    /// Skip the CloudTrail lookups.
    #[arg(long)]
    pub no_cloudtrail: bool,

    /// Pages of CloudTrail (50 events each) read for every active key used within the window,
    /// in the region it was last used in: where each key is used from (addresses, clients).
    /// 0 turns it off.
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub key_activity_pages: u32,

    /// Whose service last accessed reports to read (what each user really used, against what it
    /// holds): `credentialed` (users with an active access key or a console password), `all`, or
    /// `off`. Two requests per user and the polls of IAM's job.
    #[arg(long, value_enum, default_value_t = LastAccessedArg::Credentialed, value_name = "WHOSE")]
    pub last_accessed: LastAccessedArg,

    /// Days of service use to judge (IAM keeps about 400): a service not used within them is
    /// unused (USE001), a user that used none is inactive (USE002).
    #[arg(long, default_value_t = 90, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=400))]
    pub usage_window_days: u32,

    /// Accounts audited at once. Each account is paced by its own rate limits and costs about
    /// 100 KB while it is read, so a large value costs little and lets the whole organization
    /// overlap (an account waiting for a place starts only when another one ends).
    #[arg(long, default_value_t = 2000, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub concurrency: u32,

    /// Where per-user state comes from: `api` (ListUsers and per-user calls: exact, current) or
    /// `credential-report` (IAM's credential report, up to 4 hours old, far fewer calls; needs
    /// iam:GenerateCredentialReport and iam:GetCredentialReport).
    #[arg(long, value_enum, default_value_t = IamSourceArg::Api, value_name = "SOURCE")]
    pub iam_source: IamSourceArg,

    /// How a member account's root user is read: `auto` (a privileged root session where the
    /// organization allows them, else the account summary), `assume-root` (a root session in
    /// every member; a refusal falls back to the summary, with the reason) or `summary`.
    /// Root sessions: sts:AssumeRoot from the management account with AWS's read-only task
    /// policy IAMAuditRootUserCredentials; they read the root's keys, MFA devices, certificates
    /// and password exactly.
    #[arg(long, value_enum, default_value_t = RootCredentialsArg::Auto, value_name = "HOW")]
    pub root_credentials: RootCredentialsArg,

    /// IAM requests per second per account (0: unlimited). Default 10.
    #[arg(
        allow_negative_numbers = true,
        long,
        env = "IAM_AUDIT_IAM_RATE",
        value_name = "N",
        hide_env_values = true
    )]
    pub iam_rate: Option<f64>,

    /// CloudTrail LookupEvents per second per account (AWS allows 2; 0: unlimited). Default 2.
    #[arg(
        allow_negative_numbers = true,
        long,
        env = "IAM_AUDIT_CLOUDTRAIL_RATE",
        value_name = "N",
        hide_env_values = true
    )]
    pub cloudtrail_rate: Option<f64>,

    /// STS AssumeRole calls per second from the caller's account (0: unlimited). Default 50.
    #[arg(
        allow_negative_numbers = true,
        long,
        env = "IAM_AUDIT_STS_RATE",
        value_name = "N",
        hide_env_values = true
    )]
    pub sts_rate: Option<f64>,

    /// Longest a single API call attempt may take, in seconds, before it is retried.
    #[arg(long, default_value_t = 20, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=600))]
    pub call_timeout: u64,

    /// Longest one account's audit may take, in seconds, before it is marked failed and the run
    /// goes on.
    #[arg(long, default_value_t = 1800, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub account_timeout: u64,

    /// Most API requests in flight at once across all accounts. Each holds an HTTP connection
    /// and its buffers; the paced work needs about accounts × rate × latency.
    #[arg(long, default_value_t = 512, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100000))]
    pub max_in_flight: u32,

    /// Attempts per API call, retries of throttling and transient failures included.
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=20))]
    pub max_attempts: u32,

    /// Audit only shard K of N (a stable split of the accounts by their id; the caller's
    /// account is in shard 1): writes the shard's JSON report, for `iam-audit merge`.
    #[arg(long, value_name = "K/N", requires = "run_id")]
    pub shard: Option<String>,

    /// The run's identity, the same for every shard of one run (Step Functions passes its
    /// execution's name): `merge` refuses shards of different runs. Needed with `--shard`.
    #[arg(long, value_name = "ID")]
    pub run_id: Option<String>,

    /// Organizations ListAccounts pages per second (0: unlimited). Default 5.
    #[arg(
        allow_negative_numbers = true,
        long,
        env = "IAM_AUDIT_ORGANIZATIONS_RATE",
        value_name = "N",
        hide_env_values = true
    )]
    pub organizations_rate: Option<f64>,
}

/// Where reports go and in which language.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Where the reports go: a folder (created owner-only if missing; default the current folder)
    /// or s3://BUCKET/PREFIX (objects PREFIX/YYYY/MM/DD/<timestamp>/<file> and PREFIX/latest.json,
    /// encrypted, uploaded once complete; the JSON report is always written there).
    #[arg(long, value_name = "DIR|s3://BUCKET/PREFIX")]
    pub output_dir: Option<String>,

    /// Reports to write, comma-separated: csv (the original's CSV files and ours), json (one
    /// document for pipelines), html (a self-contained dashboard), asff (Security Hub CSPM
    /// findings), ocsf (OCSF Compliance Findings for Security Hub and Security Lake), compliance
    /// (every control of --compliance in every account: PASS, FAIL, UNKNOWN, NOT_ASSESSED),
    /// policies (a folder with each user's suggested least-privilege policy, when usage was read).
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "csv,html,policies",
        value_name = "FORMAT,..."
    )]
    pub format: Vec<ReportFormat>,

    /// Language of console lines and report words: es or en. Default: from LC_ALL, LC_MESSAGES or
    /// LANG (a Spanish locale gives Spanish, anything else English).
    #[arg(long, value_name = "es|en")]
    pub lang: Option<LanguageArg>,
}

/// A report format of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum ReportFormat {
    /// The original's CSV files and ours.
    Csv,
    /// One JSON document for pipelines.
    Json,
    /// A self-contained HTML dashboard.
    Html,
    /// AWS Security Finding Format, for Security Hub CSPM.
    Asff,
    /// OCSF Compliance Findings, for Security Hub and Security Lake.
    Ocsf,
    /// Every control of the chosen frameworks (`--compliance`) in every account: PASS, FAIL,
    /// UNKNOWN or NOT_ASSESSED.
    Compliance,

    /// Each user's suggested least-privilege policy, one file per user in a folder.
    Policies,
}

impl From<ReportFormat> for iam_audit_report::registry::Format {
    fn from(format: ReportFormat) -> Self {
        use iam_audit_report::registry::Format;
        match format {
            ReportFormat::Csv => Format::Csv,
            ReportFormat::Json => Format::Json,
            ReportFormat::Html => Format::Html,
            ReportFormat::Asff => Format::Asff,
            ReportFormat::Ocsf => Format::Ocsf,
            ReportFormat::Compliance => Format::Compliance,
            ReportFormat::Policies => Format::Policies,
        }
    }
}

/// `--iam-source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IamSourceArg {
    /// ListUsers and per-user calls: exact, current.
    Api,
    /// IAM's credential report: up to 4 hours old, far fewer calls.
    CredentialReport,
}

impl From<IamSourceArg> for iam_audit_collect::IamSource {
    fn from(source: IamSourceArg) -> Self {
        match source {
            IamSourceArg::Api => iam_audit_collect::IamSource::Api,
            IamSourceArg::CredentialReport => iam_audit_collect::IamSource::CredentialReport,
        }
    }
}

/// `--root-credentials`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RootCredentialsArg {
    /// A root session where the organization allows them, else the summary.
    Auto,
    /// A root session in every member account.
    AssumeRoot,
    /// The account summary only.
    Summary,
}

impl From<RootCredentialsArg> for iam_audit_collect::RootCredentials {
    fn from(how: RootCredentialsArg) -> Self {
        match how {
            RootCredentialsArg::Auto => iam_audit_collect::RootCredentials::Auto,
            RootCredentialsArg::AssumeRoot => iam_audit_collect::RootCredentials::AssumeRoot,
            RootCredentialsArg::Summary => iam_audit_collect::RootCredentials::Summary,
        }
    }
}

/// `--last-accessed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LastAccessedArg {
    /// Users with an active access key or a console password.
    Credentialed,
    /// Every user.
    All,
    /// None.
    Off,
}

impl From<LastAccessedArg> for iam_audit_model::LastAccessed {
    fn from(mode: LastAccessedArg) -> Self {
        match mode {
            LastAccessedArg::Credentialed => iam_audit_model::LastAccessed::Credentialed,
            LastAccessedArg::All => iam_audit_model::LastAccessed::All,
            LastAccessedArg::Off => iam_audit_model::LastAccessed::Off,
        }
    }
}

/// A severity on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    /// Fix now.
    Critical,
    /// A serious weakness.
    High,
    /// A weakness to fix.
    Medium,
    /// Hygiene.
    Low,
    /// For information.
    Info,
}

impl From<SeverityArg> for iam_audit_rules::Severity {
    fn from(severity: SeverityArg) -> Self {
        use iam_audit_rules::Severity;
        match severity {
            SeverityArg::Critical => Severity::Critical,
            SeverityArg::High => Severity::High,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::Low => Severity::Low,
            SeverityArg::Info => Severity::Info,
        }
    }
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LanguageArg {
    /// Spanish, the original tool's language.
    Es,
    /// English.
    En,
}

impl From<LanguageArg> for iam_audit_report::Language {
    fn from(language: LanguageArg) -> Self {
        match language {
            LanguageArg::Es => iam_audit_report::Language::Spanish,
            LanguageArg::En => iam_audit_report::Language::English,
        }
    }
}

/// `policy --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyFormat {
    /// The three documents as one JSON object.
    Json,
    /// A CloudFormation template for a service-managed StackSet.
    Cloudformation,
    /// Terraform (HCL).
    Terraform,
}

/// Options of the demo: everything of the audit but credentials and endpoint.
#[cfg(feature = "demo")]
#[derive(Debug, Args, Clone)]
pub struct DemoArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub judging: JudgingArgs,

    #[command(flatten)]
    pub exposure: ExposureArgs,

    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

/// Options of `merge`.
#[derive(Debug, Args, Clone)]
pub struct MergeArgs {
    /// The shards' JSON reports (files or s3:// URIs), every shard of the split once.
    #[arg(value_name = "SHARD.json", required = true)]
    pub shards: Vec<String>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub judging: JudgingArgs,

    #[command(flatten)]
    pub delivery: DeliveryArgs,

    /// AWS profile for s3:// reports and deliveries.
    #[arg(long, env = "AWS_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,

    /// Home region (S3, SNS and Secrets Manager clients).
    #[arg(long, default_value = "us-east-1", value_name = "REGION")]
    pub region: String,

    /// The run every shard must belong to (its `--run-id`); without it, the shards must share
    /// one run id among themselves.
    #[arg(long, value_name = "ID")]
    pub run_id: Option<String>,
}

/// `deploy --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeployFormat {
    /// A CloudFormation template (JSON).
    Cloudformation,
    /// Terraform (HCL).
    Terraform,
}

/// Options of `deploy`.
#[derive(Debug, Args, Clone)]
pub struct DeployArgs {
    /// CloudFormation or Terraform.
    #[arg(long, value_enum, default_value_t = DeployFormat::Cloudformation)]
    pub format: DeployFormat,

    /// Spread each audit over this many Lambda invocations (a Step Functions Map state runs the
    /// shards, then one invocation merges them); 1 runs one invocation.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=40))]
    pub shards: u32,

    /// The audit role's name in member accounts (a default of the template's parameter).
    #[arg(long, default_value = "IamAuditRole", value_name = "NAME")]
    pub role: String,

    /// The partition: aws, aws-us-gov or aws-cn.
    #[arg(long, default_value = "aws", value_parser = ["aws", "aws-us-gov", "aws-cn"])]
    pub partition: String,

    /// The audit's configuration, as the function will read it from --config-uri: its
    /// `[[routes]]` targets are granted to the function (sns:Publish, secretsmanager:GetSecretValue)
    /// and `[owners] account_tags` organizations:ListTagsForResource.
    #[arg(long, value_name = "FILE", requires = "config_uri")]
    pub config: Option<std::path::PathBuf>,

    /// Where the function reads the configuration (s3://BUCKET/KEY, upload FILE there): the
    /// schedule's event names it and the function may read that object.
    #[arg(long, value_name = "s3://BUCKET/KEY", requires = "config")]
    pub config_uri: Option<String>,
}

/// Options of `diff`.
#[derive(Debug, Args, Clone)]
pub struct DiffArgs {
    /// The older run's JSON report (a file or an s3:// URI).
    #[arg(value_name = "OLD")]
    pub old: String,

    /// The newer run's JSON report (a file or an s3:// URI).
    #[arg(value_name = "NEW")]
    pub new: String,

    /// Folder for diff_<timestamp>.json and .csv (created owner-only if missing). Default: the
    /// current folder.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,

    /// Exit with code 1 when a new finding is at or above this severity.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on_new: Option<SeverityArg>,

    /// Compare reports of different organizations (or partitions) anyway: every change is then
    /// marked as crossing organizations. Without it they are refused.
    #[arg(long)]
    pub allow_other_organization: bool,

    /// Language of the summary lines: es or en (default from the locale).
    #[arg(long, value_name = "es|en")]
    pub lang: Option<LanguageArg>,

    /// AWS profile for s3:// reports.
    #[arg(long, env = "AWS_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,

    /// Region for s3:// reports.
    #[arg(long, default_value = "us-east-1", value_name = "REGION")]
    pub region: String,

    /// The account that must own the S3 bucket (ExpectedBucketOwner). Default: the caller's.
    #[arg(long, value_name = "ACCOUNT_ID")]
    pub s3_bucket_owner: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_seeds_command_needs_no_subcommand() {
        let cli = Cli::try_parse_from([
            "iam-audit",
            "--profile",
            "mgmt-profile",
            "--role",
            "AWSControlTowerExecution",
        ]);
        let cli = cli.map_err(|error| error.to_string());
        assert!(cli.is_ok(), "{cli:?}");
        if let Ok(cli) = cli {
            assert!(cli.command.is_none());
            assert_eq!(cli.audit.role.profile.as_deref(), Some("mgmt-profile"));
        }
    }

    #[test]
    fn cloudtrail_days_are_bounded() {
        assert!(Cli::try_parse_from(["iam-audit", "--cloudtrail-days", "400"]).is_err());
        assert!(Cli::try_parse_from(["iam-audit", "--cloudtrail-days", "0"]).is_err());
        assert!(Cli::try_parse_from(["iam-audit", "--cloudtrail-days", "90"]).is_ok());
    }
}

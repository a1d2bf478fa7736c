//! The real `bootstrap` binary (this binary under that name, as `scripts/build-lambda` packs it)
//! driven through the Lambda Runtime API (issue 14): a local Runtime API server in the test hands
//! it events and reads its answers, as Lambda does. It audits the emulator's organization,
//! writes to moto's S3 and posts to a local Slack; refuses a bad event with a one-line error and
//! writes nothing; stops before a deadline with complete reports marked incomplete; and runs the
//! shards and their merge.

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::moto::{Moto, python};
use common::slack::Slack;
use common::{CALLER_SECRET, Emulator};
use iam_audit_emulator::{CALLER_ACCESS_KEY_ID, Scenario, demo_scenario};
use serde_json::{Value, json};

/// One answer of the function: its request id, `response` or `error`, and the body.
#[derive(Debug, Clone)]
struct Answer {
    id: String,
    kind: String,
    body: Value,
}

#[derive(Default)]
struct State {
    queue: VecDeque<(String, Value, u64)>,
    answers: Vec<Answer>,
}

/// A Runtime API endpoint: `/next` hands out queued events (waiting for one when there is none),
/// `/response` and `/error` record the answers.
struct RuntimeApi {
    address: String,
    state: Arc<Mutex<State>>,
    wake: Arc<tokio::sync::Notify>,
    _runtime: tokio::runtime::Runtime,
}

impl RuntimeApi {
    fn start() -> RuntimeApi {
        use axum::extract::{Path, State as Shared};
        use axum::routing::{get, post};
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let state = Arc::new(Mutex::new(State::default()));
        let wake = Arc::new(tokio::sync::Notify::new());
        type Context = (Arc<Mutex<State>>, Arc<tokio::sync::Notify>);
        let next = |Shared((state, wake)): Shared<Context>| async move {
            loop {
                let waiting = wake.notified();
                let popped = state.lock().expect("lock").queue.pop_front();
                if let Some((id, event, budget)) = popped {
                    let deadline = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap_or_default()
                        .as_millis() as u64
                        + budget;
                    return (
                        [
                            ("Lambda-Runtime-Aws-Request-Id", id),
                            ("Lambda-Runtime-Deadline-Ms", deadline.to_string()),
                            (
                                "Lambda-Runtime-Invoked-Function-Arn",
                                "arn:aws:lambda:us-east-1:111111111111:function:iam-audit"
                                    .to_string(),
                            ),
                        ],
                        event.to_string(),
                    );
                }
                waiting.await;
            }
        };
        let record = |kind: &'static str| {
            move |Shared((state, wake)): Shared<Context>, Path(id): Path<String>, body: String| async move {
                state.lock().expect("lock").answers.push(Answer {
                    id,
                    kind: kind.to_string(),
                    body: serde_json::from_str(&body).unwrap_or(Value::String(body)),
                });
                wake.notify_waiters();
                axum::http::StatusCode::ACCEPTED
            }
        };
        let app = axum::Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(record("response")),
            )
            .route(
                "/2018-06-01/runtime/invocation/{id}/error",
                post(record("error")),
            )
            .with_state((Arc::clone(&state), Arc::clone(&wake)));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a port");
        let address = listener.local_addr().expect("address").to_string();
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        RuntimeApi {
            address,
            state,
            wake,
            _runtime: runtime,
        }
    }

    /// Queues an event with `budget` milliseconds before its deadline.
    fn invoke(&self, id: &str, event: Value, budget: u64) {
        self.state
            .lock()
            .expect("lock")
            .queue
            .push_back((id.to_string(), event, budget));
        self.wake.notify_waiters();
    }

    /// The answer to `id`, waiting for it.
    fn answer(&self, id: &str, within: Duration) -> Answer {
        let started = Instant::now();
        loop {
            let found = self
                .state
                .lock()
                .expect("lock")
                .answers
                .iter()
                .find(|answer| answer.id == id)
                .cloned();
            if let Some(answer) = found {
                return answer;
            }
            assert!(
                started.elapsed() < within,
                "no answer to {id} within {within:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The bootstrap process: this binary, named `bootstrap`, in a Lambda-like environment.
struct Bootstrap {
    child: Child,
    _folder: tempfile::TempDir,
}

impl Bootstrap {
    fn start(runtime: &RuntimeApi, emulator: &Emulator, moto: &Moto, slack: &Slack) -> Bootstrap {
        let folder = tempfile::tempdir().expect("folder");
        let bootstrap = folder.path().join("bootstrap");
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_iam-audit"), &bootstrap).expect("symlink");
        let child = Command::new(&bootstrap)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_LAMBDA_RUNTIME_API", &runtime.address)
            .env("AWS_LAMBDA_FUNCTION_NAME", "iam-audit")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/iam-audit")
            .env("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/30/[$LATEST]test")
            .env("AWS_ACCESS_KEY_ID", CALLER_ACCESS_KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", CALLER_SECRET)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ENDPOINT_URL", emulator.url())
            .env("AWS_ENDPOINT_URL_S3", &moto.url)
            .env("IAM_AUDIT_SLACK_WEBHOOK_URL", &slack.url)
            .env("IAM_AUDIT_IAM_RATE", "0")
            .env("IAM_AUDIT_CLOUDTRAIL_RATE", "0")
            .env("IAM_AUDIT_STS_RATE", "0")
            .env("IAM_AUDIT_ORGANIZATIONS_RATE", "0")
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env("TMPDIR", folder.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bootstrap starts");
        Bootstrap {
            child,
            _folder: folder,
        }
    }

    /// Stops the process (it waits for the next event forever) and returns what it logged.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let output = self.child.wait_with_output().expect("output");
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    }
}

const BUCKET: &str = "import boto3, sys
boto3.client('s3', endpoint_url=sys.argv[1]).create_bucket(Bucket='lambda-reports')
";

/// Every key of the bucket.
fn keys(moto: &Moto) -> BTreeSet<String> {
    python(
        moto,
        "import boto3, sys\nfor item in boto3.client('s3', endpoint_url=sys.argv[1]).list_objects_v2(Bucket='lambda-reports').get('Contents', []):\n    print(item['Key'])",
    )
    .lines()
    .map(str::to_string)
    .collect()
}

fn object(moto: &Moto, uri: &str) -> Value {
    let key = uri.trim_start_matches("s3://lambda-reports/");
    serde_json::from_str(&python(
        moto,
        &format!("import boto3, sys\nprint(boto3.client('s3', endpoint_url=sys.argv[1]).get_object(Bucket='lambda-reports', Key='{key}')['Body'].read().decode())"),
    ))
    .expect("a JSON report")
}

fn json_report(response: &Value) -> String {
    response["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|uri| uri.ends_with(".json"))
        .expect("a JSON report")
        .to_string()
}

fn finding_ids(report: &Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|finding| finding["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn the_bootstrap_audits_refuses_bad_events_and_merges_shards() {
    let emulator = Emulator::start(demo_scenario());
    let moto = Moto::start();
    python(&moto, BUCKET);
    let slack = Slack::start(Vec::new());
    let runtime = RuntimeApi::start();
    let bootstrap = Bootstrap::start(&runtime, &emulator, &moto, &slack);

    // An audit, as the schedule sends it.
    runtime.invoke(
        "audit",
        json!({"role": "AWSControlTowerExecution", "output_dir": "s3://lambda-reports/weekly",
               "baseline": "auto", "format": ["csv", "html"], "notify": "slack", "external_id": "", "lang": "en"}),
        120_000,
    );
    let audited = runtime.answer("audit", Duration::from_secs(120));
    assert_eq!(audited.kind, "response", "{:?}", audited.body);
    let response = &audited.body;
    assert_eq!(response["exit_status"], 0, "{response}");
    assert_eq!(response["complete"], true);
    assert_eq!(response["findings"]["critical"], 15);
    assert_eq!(response["findings"]["high"], 51);
    assert_eq!(
        response["new_findings"],
        Value::Null,
        "the first run has no baseline"
    );
    assert_eq!(
        response["reports"].as_array().map(Vec::len),
        Some(9),
        "{response}"
    );
    assert!(keys(&moto).contains("weekly/latest.json"));
    assert_eq!(
        slack.bodies.lock().expect("lock").len(),
        1,
        "Slack was told"
    );
    let single = object(&moto, &json_report(response));

    // Issue 22: scanner files as s3:// URIs in the event, fetched once the event's options are
    // known to be usable; the secrets beside the key ids never reach the report.
    let scan = common::moto::workspace_root().join("examples/exposed-keys/trufflehog.jsonl");
    python(
        &moto,
        &format!(
            "import boto3, sys\nboto3.client('s3', endpoint_url=sys.argv[1]).put_object(Bucket='lambda-reports', Key='scans/trufflehog.jsonl', Body=open({:?}, 'rb').read())",
            scan.display().to_string()
        ),
    );
    runtime.invoke(
        "leaks",
        json!({"output_dir": "s3://lambda-reports/leaks", "format": ["json"], "lang": "en",
               "exposed_keys": ["s3://lambda-reports/scans/trufflehog.jsonl"]}),
        120_000,
    );
    let leaks = runtime.answer("leaks", Duration::from_secs(120));
    assert_eq!(leaks.kind, "response", "{:?}", leaks.body);
    assert_eq!(leaks.body["findings"]["critical"], 17, "{}", leaks.body);
    let leaked = object(&moto, &json_report(&leaks.body));
    let statuses: Vec<&str> = leaked["exposed_keys"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| entry["status"].as_str())
        .collect();
    assert_eq!(statuses, ["active", "other_account", "active"]);
    assert!(
        !leaked
            .to_string()
            .contains("Zq7Fh2kPx9LmW4cVt0RbN8yJd3GsA6uE1oTiKfQw")
    );

    // A malformed event: a one-line error, nothing written.
    let before = keys(&moto);
    runtime.invoke("bad", json!({"rolle": "AWSControlTowerExecution"}), 60_000);
    let refused = runtime.answer("bad", Duration::from_secs(30));
    assert_eq!(refused.kind, "error");
    let message = refused.body["errorMessage"].as_str().unwrap_or_default();
    assert!(message.contains("unknown option `rolle`"), "{message}");
    assert_eq!(message.lines().count(), 1);
    runtime.invoke("local", json!({"output_dir": "/tmp/reports"}), 60_000);
    let local = runtime.answer("local", Duration::from_secs(30));
    assert_eq!(local.kind, "error");
    assert!(
        local.body["errorMessage"]
            .as_str()
            .is_some_and(|text| text.contains("must be an s3://"))
    );
    assert_eq!(keys(&moto), before, "a refused event writes nothing");

    // Three shards, as the state machine's Map runs them, then the merge.
    let mut results = Vec::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let id = format!("shard-{}", &shard[..1]);
        runtime.invoke(
            &id,
            json!({"shard": shard, "run_id": "execution-1", "event": {"role": "AWSControlTowerExecution", "output_dir": "s3://lambda-reports/shards"}}),
            120_000,
        );
        let answer = runtime.answer(&id, Duration::from_secs(120));
        assert_eq!(answer.kind, "response", "{:?}", answer.body);
        assert_eq!(answer.body["shard"], shard);
        assert_eq!(
            answer.body["reports"].as_array().map(Vec::len),
            Some(1),
            "only the shard's JSON"
        );
        results.push(answer.body);
    }
    runtime.invoke(
        "merge",
        json!({"merge": results, "run_id": "execution-1", "event": {"output_dir": "s3://lambda-reports/merged", "format": ["json", "csv"], "lang": "en"}}),
        120_000,
    );
    let merged = runtime.answer("merge", Duration::from_secs(120));
    assert_eq!(merged.kind, "response", "{:?}", merged.body);
    assert_eq!(merged.body["exit_status"], 0);
    assert_eq!(
        merged.body["findings"], response["findings"],
        "the same counts as one invocation"
    );
    let merged_report = object(&moto, &json_report(&merged.body));
    assert_eq!(finding_ids(&merged_report), finding_ids(&single));
    // Each run judges usage over its own window, which starts at its own "now" less 90 days.
    let users = |report: &Value| -> Value {
        let mut users = report["users"].clone();
        for user in users.as_array_mut().into_iter().flatten() {
            if user["usage"].is_object() {
                user["usage"]["tracked_since"] = Value::Null;
            }
        }
        users
    };
    assert_eq!(users(&merged_report), users(&single));
    assert!(keys(&moto).contains("merged/latest.json"));
    assert!(
        !keys(&moto).contains("shards/latest.json"),
        "a shard is not a run of its own"
    );

    // A shard the state machine reports failed makes the merged run incomplete.
    runtime.invoke(
        "merge-with-a-failure",
        json!({"merge": [results[0], results[1], {"shard": "3/3", "error": {"Error": "States.Timeout", "Cause": "the shard timed out"}}],
               "event": {"output_dir": "s3://lambda-reports/partial", "format": ["json"]}}),
        120_000,
    );
    let partial = runtime.answer("merge-with-a-failure", Duration::from_secs(60));
    assert_eq!(partial.body["complete"], false, "{:?}", partial.body);
    assert_eq!(partial.body["exit_status"], 2);

    let logs = bootstrap.stop();
    for line in logs.lines().filter(|line| !line.trim().is_empty()) {
        let parsed: Result<Value, _> = serde_json::from_str(line);
        assert!(parsed.is_ok(), "a log line that is not JSON: {line}");
    }
    assert!(
        !logs.contains("xoxb-do-not-leak"),
        "the webhook leaked into the logs"
    );
}

/// An organization whose one member answers ListUsers after 25 s: a run that does not fit its
/// invocation.
fn slow_organization() -> Scenario {
    let mut scenario = demo_scenario();
    scenario.faults = Scenario::from_toml_str(
        "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n[[accounts]]\nid = \"111111111111\"\nname = \"M\"\n[[faults]]\naccount = \"345678901234\"\naction = \"ListUsers\"\nkind = \"delay\"\ndelay_ms = 25000\n",
    )
    .expect("fault")
    .faults;
    scenario
}

#[test]
fn a_deadline_mid_run_leaves_complete_reports_marked_incomplete() {
    let emulator = Emulator::start(slow_organization());
    let moto = Moto::start();
    python(&moto, BUCKET);
    let slack = Slack::start(Vec::new());
    let runtime = RuntimeApi::start();
    let bootstrap = Bootstrap::start(&runtime, &emulator, &moto, &slack);
    let started = Instant::now();
    runtime.invoke(
        "short",
        json!({"role": "AWSControlTowerExecution", "output_dir": "s3://lambda-reports/short", "format": ["csv", "json"]}),
        10_000,
    );
    let answer = runtime.answer("short", Duration::from_secs(60));
    let elapsed = started.elapsed();
    bootstrap.stop();
    assert_eq!(answer.kind, "response", "{:?}", answer.body);
    assert!(
        elapsed < Duration::from_secs(10),
        "answered before the deadline: {elapsed:?}"
    );
    assert_eq!(answer.body["complete"], false);
    assert_eq!(answer.body["exit_status"], 130);
    let report = object(&moto, &json_report(&answer.body));
    assert_eq!(
        report["run"]["complete"], false,
        "the JSON report is whole and says so"
    );
    assert!(
        report["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|error| error["account_id"] == "345678901234" && error["code"] == "Interrupted"),
        "the account not read is named: {}",
        report["errors"]
    );
    let written = keys(&moto);
    assert!(
        written.iter().any(|key| key.ends_with(".csv")),
        "{written:?}"
    );
    assert!(written.contains("short/latest.json"));
}

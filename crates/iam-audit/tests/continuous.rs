//! The continuous audit (issue 13): memory between runs (`diff`, `--baseline`), reports in S3,
//! notifications to Slack and SNS. Each against a real peer: two emulator runs whose organization
//! changed in between; moto's server for S3, KMS, SNS (read back through SQS) and Secrets Manager;
//! a local HTTP receiver standing in for Slack.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::moto::{Moto, python};
use common::slack::Slack;
use common::{Emulator, Outcome, run_raw, run_with};
use iam_audit_emulator::Scenario;
use serde_json::Value;

/// The organization before and after a week: `after` rotates rotator's key, deletes leaver,
/// creates newcomer (console password, no MFA), loses Beta's audit role, and gains Gamma.
fn organization(after: bool) -> Scenario {
    let alpha_users = if after {
        r#"
  { name = "rotator", created = "-400d", access_keys = [ { id = "AKIAROTATORNEW000001", created = "-1d", last_used = { date = "-1h", service = "s3", region = "us-east-1" } } ] },
  { name = "steady", created = "-400d", access_keys = [ { id = "AKIASTEADY0000000001", created = "-300d", last_used = { date = "-1d", service = "s3", region = "us-east-1" } } ] },
  { name = "newcomer", created = "-2d", password = { created = "-2d", last_used = "-1d" } },
"#
    } else {
        r#"
  { name = "rotator", created = "-400d", access_keys = [ { id = "AKIAROTATOROLD000001", created = "-200d", last_used = { date = "-1d", service = "s3", region = "us-east-1" } } ] },
  { name = "steady", created = "-400d", access_keys = [ { id = "AKIASTEADY0000000001", created = "-300d", last_used = { date = "-1d", service = "s3", region = "us-east-1" } } ] },
  { name = "leaver", created = "-400d", password = { created = "-400d", last_used = "-1d" } },
"#
    };
    let beta_roles = if after {
        "[]"
    } else {
        r#"["AWSControlTowerExecution"]"#
    };
    let gamma = if after {
        "[[accounts]]\nid = \"444444444444\"\nname = \"Gamma\"\nroles = [\"AWSControlTowerExecution\"]\n"
    } else {
        ""
    };
    Scenario::from_toml_str(&format!(
        r#"
name = "weekly"
[organization]
id = "o-weekly"
management_account = "111111111111"

[[accounts]]
id = "111111111111"
name = "Management"

[[accounts]]
id = "222222222222"
name = "Alpha"
roles = ["AWSControlTowerExecution"]
users = [{alpha_users}]

[[accounts]]
id = "333333333333"
name = "Beta"
roles = {beta_roles}
users = [ {{ name = "bob", created = "-500d", access_keys = [ {{ id = "AKIABOB0000000000001", created = "-400d", last_used = {{ date = "-2d", service = "ec2", region = "us-east-1" }} }} ] }} ]

{gamma}
"#
    ))
    .expect("a valid scenario")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON")
}

/// Finding ids of a list, with the rule and user for readable failures.
fn described(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|finding| {
            format!(
                "{} {} {}",
                finding["rule_id"].as_str().unwrap_or_default(),
                finding["account_name"].as_str().unwrap_or_default(),
                finding["user_name"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|item| item.to_string()).collect()
}

/// Two runs a week apart on the emulator: `audit --baseline` and `diff` say the same, and an
/// account that became unreadable leaves its findings unknown, never resolved.
#[test]
fn diff_and_baseline_agree_and_an_unreadable_account_is_never_resolved() {
    let before = Emulator::start(organization(false));
    let first = run_with(
        Some(&before.url()),
        &["--no-cloudtrail", "--format", "json"],
        |_| {},
    );
    assert_eq!(first.code, 0, "{}", first.all_output());
    let baseline = first.report_file("iam_audit", "json");
    let after = Emulator::start(organization(true));
    let baseline_argument = baseline.display().to_string();
    let second = run_with(
        Some(&after.url()),
        &["--no-cloudtrail", "--baseline", &baseline_argument],
        |_| {},
    );
    assert_eq!(
        second.code,
        2,
        "Beta is unreadable: {}",
        second.all_output()
    );
    let report = read_json(&second.report_file("iam_audit", "json"));
    assert_eq!(report["schema_version"], "1.6");
    common::validate_json(
        "iam-audit.schema.json",
        &second.report_file("iam_audit", "json"),
    );

    // `diff` on the same two reports.
    let newer = second
        .report_file("iam_audit", "json")
        .display()
        .to_string();
    let diffed = run_with(None, &["diff", &baseline_argument, &newer], |_| {});
    assert_eq!(diffed.code, 0, "{}", diffed.all_output());
    let diff = read_json(&diffed.report_file("diff", "json"));
    common::validate_json(
        "iam-audit-diff.schema.json",
        &diffed.report_file("diff", "json"),
    );
    let changes = &report["changes"];
    assert_eq!(changes["summary"], diff["summary"], "the same counts");
    assert_eq!(
        changes["findings"]["resolved"],
        diff["findings"]["resolved"]
    );
    assert_eq!(changes["findings"]["unknown"], diff["findings"]["unknown"]);
    assert_eq!(changes["credentials"], diff["changes"]);
    let status_of = |status: &str| -> BTreeSet<String> {
        report["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|finding| finding["status"] == status)
            .map(|finding| finding["id"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let ids = |list: &Value| -> BTreeSet<String> {
        list.as_array()
            .into_iter()
            .flatten()
            .map(|finding| finding["id"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(status_of("new"), ids(&diff["findings"]["new"]));
    assert_eq!(status_of("open"), ids(&diff["findings"]["open"]));

    // What the week changed.
    assert_eq!(
        described(&diff["findings"]["new"]),
        // Gamma, new, has no password policy, no external access analyzer and no support role
        // (as none of these accounts has).
        set(&[
            "AAN001 Gamma -",
            "AUD001 Beta -",
            "POL004 Gamma -",
            "PWD001 Alpha newcomer",
            "PWP001 Gamma -"
        ])
    );
    assert_eq!(
        described(&diff["findings"]["resolved"]),
        // The leaver's password is gone, and with it the only credential USE002 saw unused.
        set(&[
            "KEY001 Alpha rotator",
            "PWD001 Alpha leaver",
            "USE002 Alpha leaver"
        ])
    );
    assert_eq!(
        described(&diff["findings"]["unknown"]),
        set(&[
            "AAN001 Beta -",
            "KEY001 Beta bob",
            "POL004 Beta -",
            "PWP001 Beta -",
            "USE002 Beta bob"
        ]),
        "Beta could not be read: its findings are unknown, not resolved"
    );
    assert!(
        diff["findings"]["unknown"][0]["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("333333333333")),
        "{}",
        diff["findings"]["unknown"]
    );
    assert_eq!(
        described(&diff["findings"]["open"]),
        set(&[
            "AAN001 Alpha -",
            "AAN001 Management -",
            "KEY001 Alpha steady",
            "ORG001 Management -",
            "POL004 Alpha -",
            "POL004 Management -",
            "PWP001 Alpha -",
            "PWP001 Management -",
            "USE002 Alpha rotator",
            "USE002 Alpha steady"
        ])
    );
    let first_started = read_json(&baseline)["run"]["started_at"].clone();
    assert_eq!(diff["findings"]["open"][0]["first_seen"], first_started);
    let kinds: BTreeSet<String> = diff["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|change| {
            format!(
                "{} {}",
                change["kind"].as_str().unwrap_or_default(),
                change["credential"]
                    .as_str()
                    .or(change["user_name"].as_str())
                    .or(change["account_id"].as_str())
                    .unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        kinds,
        set(&[
            "account_added 444444444444",
            "account_unreadable 333333333333",
            "key_rotated 222222222222/rotator/AKIAROTATORNEW000001",
            "user_created newcomer",
            "user_deleted leaver",
        ])
    );

    // The console says it in one line, and the CSV has one row per change.
    assert!(
        second.stdout.lines().any(|line| line.starts_with("since ")
            && line.contains(": 5 new (0 critical), 3 resolved, 5 not judged")),
        "{}",
        second.stdout
    );
    let rows = common::read_csv(&diffed.report_file("diff", "csv"));
    assert_eq!(rows.len(), 5 + 3 + 5 + 5);

    // --fail-on-new: the new PWD001 is high.
    let failing = run_with(
        None,
        &["diff", &baseline_argument, &newer, "--fail-on-new", "high"],
        |_| {},
    );
    assert_eq!(failing.code, 1, "{}", failing.all_output());
    let quiet = run_with(
        None,
        &[
            "diff",
            &baseline_argument,
            &newer,
            "--fail-on-new",
            "critical",
        ],
        |_| {},
    );
    assert_eq!(quiet.code, 0, "{}", quiet.all_output());
}

/// The bucket, and a KMS key, made in moto with boto3; the key's ARN is printed.
const MAKE_BUCKET: &str = "import boto3, sys
s3 = boto3.client('s3', endpoint_url=sys.argv[1])
s3.create_bucket(Bucket='iam-audit-reports')
kms = boto3.client('kms', endpoint_url=sys.argv[1])
print(kms.create_key()['KeyMetadata']['Arn'])
";

/// Every object under a prefix: key, server-side encryption, KMS key id, content type.
const LIST_OBJECTS: &str = "import boto3, sys, json
s3 = boto3.client('s3', endpoint_url=sys.argv[1])
found = []
for item in s3.list_objects_v2(Bucket='iam-audit-reports').get('Contents', []):
    head = s3.head_object(Bucket='iam-audit-reports', Key=item['Key'])
    found.append([item['Key'], head.get('ServerSideEncryption'), head.get('SSEKMSKeyId'), head.get('ContentType')])
print(json.dumps(found))
";

/// A run against the emulator whose reports go to moto's S3; `TMPDIR` is the test's (the S3
/// output's staging folder lives there).
fn audit_to_s3(emulator: &Emulator, moto: &Moto, temporary: &Path, arguments: &[&str]) -> Outcome {
    let mut all = vec!["--no-cloudtrail"];
    all.extend_from_slice(arguments);
    run_raw(Some(&emulator.url()), &all, |command| {
        command
            .env("AWS_ENDPOINT_URL_S3", &moto.url)
            .env("AWS_ENDPOINT_URL_KMS", &moto.url)
            .env("TMPDIR", temporary);
    })
}

fn objects(moto: &Moto) -> Vec<Value> {
    serde_json::from_str::<Vec<Value>>(&python(moto, LIST_OBJECTS)).expect("listing")
}

#[test]
fn reports_go_to_s3_encrypted_and_the_next_run_finds_them() {
    let moto = Moto::start();
    let key_arn = python(&moto, MAKE_BUCKET).trim().to_string();
    let emulator = Emulator::start(organization(false));
    let temporary = tempfile::tempdir().expect("temporary");
    let first = audit_to_s3(
        &emulator,
        &moto,
        temporary.path(),
        &["--output-dir", "s3://iam-audit-reports/weekly"],
    );
    assert_eq!(first.code, 0, "{}", first.all_output());
    let stored = objects(&moto);
    let keys: Vec<&str> = stored
        .iter()
        .filter_map(|object| object[0].as_str())
        .collect();
    assert!(keys.contains(&"weekly/latest.json"), "{keys:?}");
    let dated: Vec<&&str> = keys
        .iter()
        .filter(|key| key.starts_with("weekly/20"))
        .collect();
    assert_eq!(dated.len(), 8, "the CSV, HTML and JSON reports: {keys:?}");
    for key in &dated {
        let parts: Vec<&str> = key.split('/').collect();
        assert_eq!(parts.len(), 6, "prefix/YYYY/MM/DD/<stamp>/<file>: {key}");
        assert!(
            parts[5].contains(parts[4]),
            "the file carries the run's stamp: {key}"
        );
    }
    for object in &stored {
        assert_eq!(object[1], "AES256", "SSE-S3 without a key: {object}");
    }
    let content_type = |suffix: &str| {
        stored
            .iter()
            .find(|object| object[0].as_str().is_some_and(|key| key.ends_with(suffix)))
            .map(|object| object[3].clone())
    };
    assert_eq!(
        content_type(".html"),
        Some(Value::from("text/html; charset=utf-8"))
    );
    assert_eq!(
        content_type(".csv"),
        Some(Value::from("text/csv; charset=utf-8"))
    );
    assert!(
        std::fs::read_dir(temporary.path())
            .map(|entries| entries.count())
            .unwrap_or(1)
            == 0,
        "the staging folder is removed after a complete upload"
    );
    assert!(
        first.stdout.contains("s3://iam-audit-reports/weekly/20"),
        "{}",
        first.stdout
    );

    // The next run: SSE-KMS, a presigned link, and `--baseline auto` finds the first run.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = audit_to_s3(
        &emulator,
        &moto,
        temporary.path(),
        &[
            "--output-dir",
            "s3://iam-audit-reports/weekly",
            "--baseline",
            "auto",
            "--s3-kms-key",
            &key_arn,
            "--presign-hours",
            "2",
        ],
    );
    assert_eq!(second.code, 0, "{}", second.all_output());
    assert!(
        second.stdout.contains("since ") && second.stdout.contains("0 new"),
        "{}",
        second.stdout
    );
    assert!(
        second
            .stdout
            .lines()
            .any(|line| line.contains("X-Amz-Signature=") && line.contains("X-Amz-Expires=7200")),
        "a presigned URL of the HTML report: {}",
        second.stdout
    );
    let stored = objects(&moto);
    let newest: Vec<&Value> = stored
        .iter()
        .filter(|object| object[1] == "aws:kms")
        .collect();
    assert_eq!(
        newest.len(),
        8 + 2,
        "the second run's reports, latest.json and history.jsonl: {stored:?}"
    );
    assert!(newest.iter().all(|object| {
        object[2]
            .as_str()
            .is_some_and(|id| key_arn.ends_with(id) || id == key_arn)
    }));
    let latest: Value = serde_json::from_str(&python(
        &moto,
        "import boto3, sys\nprint(boto3.client('s3', endpoint_url=sys.argv[1]).get_object(Bucket='iam-audit-reports', Key='weekly/latest.json')['Body'].read().decode())",
    ))
    .expect("latest.json");
    let json_key = latest["json_report"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let report: Value = serde_json::from_str(&python(
        &moto,
        &format!("import boto3, sys\nprint(boto3.client('s3', endpoint_url=sys.argv[1]).get_object(Bucket='iam-audit-reports', Key='{json_key}')['Body'].read().decode())"),
    ))
    .expect("the second run's JSON report");
    let baseline = report["changes"]["baseline"]["location"]
        .as_str()
        .unwrap_or_default();
    assert!(
        baseline.starts_with("s3://iam-audit-reports/weekly/20") && baseline.ends_with(".json"),
        "--baseline auto read the first run from S3: {baseline}"
    );
    assert_ne!(baseline, format!("s3://iam-audit-reports/{json_key}"));
    assert!(report["run"]["delivery"]["html_url"].is_string());
}

/// A TCP proxy in front of moto that answers as S3 does when `x-amz-expected-bucket-owner` is
/// not the bucket's owner: moto 5.2.5 ignores the header (checked in its source), so without this
/// a wrong owner could not fail. Each connection is checked on its first request and closed
/// after a refusal.
fn owner_checking_proxy(moto: &Moto, owner: &'static str) -> (String, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let upstream = moto.url.trim_start_matches("http://").to_string();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    runtime.spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut client, _)) = listener.accept().await {
            let upstream = upstream.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0u8; 4096];
                while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                    match client.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => head.extend_from_slice(&buffer[..read]),
                    }
                }
                let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
                let expected = text
                    .lines()
                    .find_map(|line| line.strip_prefix("x-amz-expected-bucket-owner:"))
                    .map(str::trim);
                if expected.is_some_and(|expected| expected != owner) {
                    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";
                    let answer = format!("HTTP/1.1 403 Forbidden\r\ncontent-type: application/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
                    let _ = client.write_all(answer.as_bytes()).await;
                    return;
                }
                let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await else {
                    return;
                };
                if server.write_all(&head).await.is_ok() {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                }
            });
        }
    });
    (url, runtime)
}

#[test]
fn a_missing_or_foreign_bucket_keeps_every_report_locally() {
    let moto = Moto::start();
    python(&moto, MAKE_BUCKET);
    let emulator = Emulator::start(organization(false));
    let temporary = tempfile::tempdir().expect("temporary");
    let missing = audit_to_s3(
        &emulator,
        &moto,
        temporary.path(),
        &["--output-dir", "s3://no-such-bucket/weekly"],
    );
    assert_eq!(missing.code, 4, "{}", missing.all_output());
    assert!(
        missing
            .stderr
            .contains("s3:PutObject s3://no-such-bucket/weekly/20")
            && missing.stderr.contains("NoSuchBucket"),
        "names the object and the reason: {}",
        missing.stderr
    );
    let staging: Vec<_> = std::fs::read_dir(temporary.path())
        .expect("temporary")
        .flatten()
        .map(|entry| entry.path())
        .collect();
    assert_eq!(staging.len(), 1, "the staging folder is kept");
    assert_eq!(
        common::report_files(&staging[0]).len(),
        8,
        "every report is kept locally"
    );
    assert!(
        missing.stderr.contains(&staging[0].display().to_string()),
        "and the run says where: {}",
        missing.stderr
    );

    // moto's default account owns its buckets: the right owner passes the proxy, another not.
    let (proxy, _runtime) = owner_checking_proxy(&moto, "123456789012");
    for (owner, expected) in [("123456789012", 0), ("999999999999", 4)] {
        let outcome = run_raw(
            Some(&emulator.url()),
            &[
                "--no-cloudtrail",
                "--output-dir",
                "s3://iam-audit-reports/owned",
                "--s3-bucket-owner",
                owner,
            ],
            |command| {
                command
                    .env("AWS_ENDPOINT_URL_S3", &proxy)
                    .env("TMPDIR", temporary.path());
            },
        );
        assert_eq!(
            outcome.code,
            expected,
            "owner {owner}: {}",
            outcome.all_output()
        );
        if expected == 4 {
            assert!(
                outcome.stderr.contains("AccessDenied"),
                "{}",
                outcome.stderr
            );
        }
    }
}

#[test]
fn slack_and_sns_are_told_and_the_webhook_never_shows() {
    let moto = Moto::start();
    let slack = Slack::start(vec![500]);
    let made: Value = serde_json::from_str(&python(
        &moto,
        &format!("import boto3, sys, json
sns = boto3.client('sns', endpoint_url=sys.argv[1])
sqs = boto3.client('sqs', endpoint_url=sys.argv[1])
topic = sns.create_topic(Name='iam-audit')['TopicArn']
queue = sqs.create_queue(QueueName='inbox')['QueueUrl']
queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
sns.subscribe(TopicArn=topic, Protocol='sqs', Endpoint=queue_arn, Attributes={{'RawMessageDelivery': 'true'}})
secret = boto3.client('secretsmanager', endpoint_url=sys.argv[1]).create_secret(Name='iam-audit/slack', SecretString=json.dumps({{'webhook_url': '{}'}}))['ARN']
print(json.dumps({{'topic': topic, 'queue': queue, 'secret': secret}}))", slack.url),
    ))
    .expect("made");
    let emulator = Emulator::start(iam_audit_emulator::demo_scenario());
    let notify = format!("slack,sns:{}", made["topic"].as_str().unwrap_or_default());
    let secret = made["secret"].as_str().unwrap_or_default().to_string();
    let outcome = run_with(
        Some(&emulator.url()),
        &[
            "--lang",
            "en",
            "--format",
            "json,html",
            "--notify",
            &notify,
            "--slack-webhook-secret",
            &secret,
            "-vv",
        ],
        |command| {
            command
                .env("AWS_ENDPOINT_URL_SNS", &moto.url)
                .env("AWS_ENDPOINT_URL_SECRETS_MANAGER", &moto.url);
        },
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let bodies = slack.bodies.lock().expect("lock").clone();
    assert_eq!(bodies.len(), 2, "a 500 is retried once, then delivered");
    let message: Value = serde_json::from_str(&bodies[1]).expect("Block Kit JSON");
    println!(
        "{}",
        serde_json::to_string_pretty(&message).unwrap_or_default()
    );
    let blocks = message["blocks"].as_array().expect("blocks");
    assert_eq!(blocks[0]["type"], "header");
    assert_eq!(
        blocks[0]["text"]["text"],
        "IAM credential audit: o-demo1234567"
    );
    let summary = blocks[1]["text"]["text"].as_str().unwrap_or_default();
    assert!(summary.contains("*Accounts audited:* 4"), "{summary}");
    assert!(summary.contains("Every account was read."), "{summary}");
    assert!(
        summary.contains("critical 15 · high 51 · medium 48 · low 41 · info 4"),
        "{summary}"
    );
    let top = blocks[2]["text"]["text"].as_str().unwrap_or_default();
    assert!(top.starts_with("*Top critical and high findings*"), "{top}");
    assert_eq!(top.lines().count(), 1 + 5);
    // Riskiest first: the key AWS quarantined (issue 22), then the administrator's stale key.
    assert!(
        top.lines()
            .nth(1)
            .is_some_and(|line| line.contains("Production / github-actions")),
        "{top}"
    );
    assert!(
        top.lines()
            .nth(2)
            .is_some_and(|line| line.contains("Production / legacy-reporting")),
        "{top}"
    );
    assert_eq!(
        blocks.last().map(|block| block["type"].clone()),
        Some(Value::from("context"))
    );
    assert!(
        message["text"]
            .as_str()
            .is_some_and(|text| text.contains("15 critical"))
    );

    let received = python(
        &moto,
        &format!(
            "import boto3, sys
sqs = boto3.client('sqs', endpoint_url=sys.argv[1])
for message in sqs.receive_message(QueueUrl='{}', MaxNumberOfMessages=10).get('Messages', []):
    print(message['Body'])",
            made["queue"].as_str().unwrap_or_default()
        ),
    );
    assert!(
        received.contains("IAM credential audit: o-demo1234567"),
        "{received}"
    );
    assert!(received.contains("Findings: critical 15"), "{received}");

    common::validate_json(
        "iam-audit.schema.json",
        &outcome.report_file("iam_audit", "json"),
    );
    let report = read_json(&outcome.report_file("iam_audit", "json"));
    let notifications = &report["run"]["delivery"]["notifications"];
    assert_eq!(notifications[0]["target"], "slack");
    assert_eq!(notifications[0]["delivered"], true);
    assert_eq!(notifications[0]["attempts"], 2);
    assert_eq!(notifications[1]["delivered"], true);

    // The webhook is a secret: not in any output at -vv, nor in any report.
    let mut everything = outcome.all_output();
    for path in common::report_files(&outcome.folder) {
        everything.push_str(&std::fs::read_to_string(path).unwrap_or_default());
    }
    assert!(
        !everything.contains("xoxb-do-not-leak"),
        "the webhook leaked"
    );
    assert!(
        !everything.contains("T000/B000"),
        "the webhook's path leaked"
    );
}

#[test]
fn a_webhook_that_keeps_failing_is_reported_and_never_shown() {
    let slack = Slack::start(vec![500, 503, 500]);
    let emulator = Emulator::start(organization(false));
    let outcome = run_with(
        Some(&emulator.url()),
        &[
            "--no-cloudtrail",
            "--format",
            "json",
            "--notify",
            "slack",
            "-vv",
        ],
        |command| {
            command.env("IAM_AUDIT_SLACK_WEBHOOK_URL", &slack.url);
        },
    );
    assert_eq!(outcome.code, 4, "{}", outcome.all_output());
    assert_eq!(
        slack.bodies.lock().expect("lock").len(),
        3,
        "three attempts"
    );
    assert!(
        outcome
            .stderr
            .contains("Slack webhook: HTTP 500 (after 3 attempts)"),
        "{}",
        outcome.stderr
    );
    let report = read_json(&outcome.report_file("iam_audit", "json"));
    assert_eq!(report["run"]["exit_status"], 4);
    assert_eq!(
        report["run"]["delivery"]["notifications"][0]["delivered"],
        false
    );
    let mut everything = outcome.all_output();
    everything.push_str(&report.to_string());
    assert!(
        !everything.contains("xoxb-do-not-leak"),
        "the webhook leaked"
    );
    // And the URL is never accepted on the command line.
    let refused = run_with(Some(&emulator.url()), &["--notify", "slack"], |command| {
        command.env_remove("IAM_AUDIT_SLACK_WEBHOOK_URL");
    });
    assert_eq!(refused.code, 64, "{}", refused.all_output());
    assert!(refused.stderr.contains("IAM_AUDIT_SLACK_WEBHOOK_URL"));
}

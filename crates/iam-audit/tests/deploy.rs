//! `iam-audit deploy` (issue 14): the CloudFormation template passes cfn-lint (no error, no
//! warning) and checkov (no failed check; every skip carries its reason); the Terraform parses
//! with python-hcl2 into the same resources; the execution role holds exactly what the audit and
//! its deliveries call; the schedule sends an event the function accepts.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::moto::venv_tool;
use serde_json::Value;

fn deploy(arguments: &[&str]) -> String {
    let (mut command, _home) = common::command(None);
    let output = command
        .arg("deploy")
        .args(arguments)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn written(folder: &Path, name: &str, text: &str) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, text).expect("written");
    path
}

#[test]
fn the_cloudformation_passes_cfn_lint_and_checkov() {
    let folder = tempfile::tempdir().expect("folder");
    for (name, arguments) in [
        ("single.json", vec![]),
        ("shards.json", vec!["--shards", "3"]),
    ] {
        let template = written(folder.path(), name, &deploy(&arguments));
        let lint = Command::new(venv_tool("IAM_AUDIT_TEST_CFN_LINT", "cfn-lint"))
            .arg(&template)
            .output()
            .expect("cfn-lint runs");
        // cfn-lint's exit code is a bit field: 2 errors, 4 warnings, 8 informational.
        let code = lint.status.code().unwrap_or(-1);
        assert!(
            code >= 0 && code & 0b110 == 0,
            "{name}: cfn-lint {code}: {}",
            String::from_utf8_lossy(&lint.stdout)
        );
        let checkov = Command::new(venv_tool("IAM_AUDIT_TEST_CHECKOV", "checkov"))
            .args([
                "--framework",
                "cloudformation",
                "--skip-download",
                "--quiet",
                "-o",
                "json",
                "-f",
            ])
            .arg(&template)
            .output()
            .expect("checkov runs");
        let report: Value = serde_json::from_slice(&checkov.stdout).unwrap_or_else(|error| {
            panic!(
                "checkov's JSON ({error}): {}",
                String::from_utf8_lossy(&checkov.stderr)
            )
        });
        assert_eq!(
            report["summary"]["failed"], 0,
            "{name}: {}",
            report["results"]["failed_checks"]
        );
        assert!(
            report["summary"]["passed"].as_u64().unwrap_or(0) > 20,
            "{name}: checkov ran its checks"
        );
        for skipped in report["results"]["skipped_checks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let reason = skipped["check_result"]["suppress_comment"]
                .as_str()
                .unwrap_or_default();
            assert!(
                reason.len() > 30,
                "{name}: {} skipped without a reason",
                skipped["check_id"]
            );
        }
    }
}

/// CloudFormation resource types and the Terraform resource that stands for each.
const SAME_RESOURCES: &[(&str, &str)] = &[
    ("AWS::S3::Bucket", "aws_s3_bucket"),
    ("AWS::S3::BucketPolicy", "aws_s3_bucket_policy"),
    ("AWS::SQS::Queue", "aws_sqs_queue"),
    ("AWS::Logs::LogGroup", "aws_cloudwatch_log_group"),
    ("AWS::IAM::Role", "aws_iam_role"),
    ("AWS::Lambda::Function", "aws_lambda_function"),
    ("AWS::Scheduler::Schedule", "aws_scheduler_schedule"),
    ("AWS::CloudWatch::Alarm", "aws_cloudwatch_metric_alarm"),
    ("AWS::StepFunctions::StateMachine", "aws_sfn_state_machine"),
];

/// `ReportsBucket` → `reports_bucket`.
fn snake(logical_id: &str) -> String {
    let mut name = String::new();
    for (index, character) in logical_id.chars().enumerate() {
        if character.is_ascii_uppercase() && index > 0 {
            name.push('_');
        }
        name.push(character.to_ascii_lowercase());
    }
    name
}

#[test]
fn the_terraform_declares_the_same_resources_and_is_formatted() {
    let folder = tempfile::tempdir().expect("folder");
    for shards in ["1", "3"] {
        let template: Value = serde_json::from_str(&deploy(&["--shards", shards])).expect("JSON");
        let terraform = written(
            folder.path(),
            &format!("main-{shards}.tf"),
            &deploy(&["--format", "terraform", "--shards", shards]),
        );
        let parsed = Command::new(venv_tool("IAM_AUDIT_TEST_PYTHON", "python"))
            .args([
                "-c",
                "import hcl2, json, sys\nprint(json.dumps(sorted([t + '.' + n for r in hcl2.load(open(sys.argv[1])).get('resource', []) for t, v in r.items() for n in v])))",
            ])
            .arg(&terraform)
            .output()
            .expect("python-hcl2 runs");
        assert!(
            parsed.status.success(),
            "{}",
            String::from_utf8_lossy(&parsed.stderr)
        );
        let declared: BTreeSet<String> =
            serde_json::from_slice(&parsed.stdout).expect("resource list");
        let types: BTreeMap<&str, &str> = SAME_RESOURCES.iter().copied().collect();
        let mut expected = BTreeSet::new();
        for (logical_id, resource) in template["Resources"].as_object().expect("resources") {
            let kind = resource["Type"].as_str().unwrap_or_default();
            let terraform_type = types
                .get(kind)
                .unwrap_or_else(|| panic!("no Terraform for {kind}"));
            expected.insert(format!("{terraform_type}.{}", snake(logical_id)));
        }
        let missing: Vec<&String> = expected.difference(&declared).collect();
        assert!(missing.is_empty(), "missing in Terraform: {missing:?}");
        // The rest are the bucket's settings and the roles' policies, which CloudFormation
        // writes inside those resources.
        for extra in declared.difference(&expected) {
            assert!(
                extra.starts_with("aws_s3_bucket_") || extra.starts_with("aws_iam_role_policy."),
                "a Terraform resource CloudFormation does not have: {extra}"
            );
        }
        if which("terraform") {
            let formatted = Command::new("terraform")
                .args(["fmt", "-check", "-diff"])
                .arg(&terraform)
                .output()
                .expect("terraform runs");
            assert!(
                formatted.status.success(),
                "{}",
                String::from_utf8_lossy(&formatted.stdout)
            );
        } else {
            // Not silent: scripts/test also says so before the tests run.
            eprintln!(
                "terraform is not installed: `terraform fmt -check` not run (python-hcl2 parsed it)"
            );
        }
    }
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|folder| folder.join(program).is_file())
    })
}

/// The execution role: AssumeRole on the audit role's ARN pattern only, the management-account
/// reads of the one action list, and the deliveries on their own resources; nothing else.
#[test]
fn the_execution_role_is_the_action_list_and_the_schedule_sends_a_valid_event() {
    let template: Value = serde_json::from_str(&deploy(&[])).expect("JSON");
    let statements = template["Resources"]["ExecutionRole"]["Properties"]["Policies"][0]
        ["PolicyDocument"]["Statement"]
        .as_array()
        .expect("statements")
        .clone();
    let by_sid = |sid: &str| -> Value {
        statements
            .iter()
            .map(|statement| {
                statement
                    .get("Fn::If")
                    .map_or(statement.clone(), |branches| branches[1].clone())
            })
            .find(|statement| statement["Sid"] == sid)
            .unwrap_or_else(|| panic!("{sid}"))
    };
    assert_eq!(by_sid("AssumeAuditRole")["Action"], "sts:AssumeRole");
    assert_eq!(
        by_sid("AssumeAuditRole")["Resource"]["Fn::Sub"],
        "arn:${AWS::Partition}:iam::*:role/${AuditRoleName}"
    );
    // The management policy `iam-audit policy` prints, without doctor's probes, is the same list.
    let (mut command, _home) = common::command(None);
    let policy: Value = serde_json::from_slice(
        &command
            .args(["policy", "--no-doctor"])
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("JSON");
    let granted = |statement: &Value| -> BTreeSet<String> {
        match &statement["Action"] {
            Value::String(action) => BTreeSet::from([action.clone()]),
            Value::Array(actions) => actions
                .iter()
                .filter_map(|action| action.as_str().map(str::to_string))
                .collect(),
            _ => BTreeSet::new(),
        }
    };
    let management: BTreeSet<String> = policy["management_policy"]["Statement"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|statement| {
            statement["Sid"] != "IamAuditAssumeAuditRole"
                && statement["Sid"] != "IamAuditReadOnlyRootSessions"
        })
        .flat_map(granted)
        .collect();
    assert_eq!(granted(&by_sid("ReadManagementAccount")), management);
    // Root sessions: only with the read-only task policy, in the function as in `policy`.
    let root_sessions = by_sid("ReadOnlyRootSessions");
    assert_eq!(root_sessions["Action"], "sts:AssumeRoot");
    assert!(
        root_sessions["Condition"]["StringEquals"]["sts:TaskPolicyArn"]
            .to_string()
            .contains("policy/root-task/IAMAuditRootUserCredentials"),
        "{root_sessions}"
    );
    for (sid, action) in [
        ("WriteReports", "s3:PutObject"),
        ("ReadBaselines", "s3:GetObject"),
        ("EncryptReports", "kms:Decrypt"),
        ("ReadWebhook", "secretsmanager:GetSecretValue"),
        ("Notify", "sns:Publish"),
    ] {
        let statement = by_sid(sid);
        assert!(granted(&statement).contains(action), "{sid}");
        assert_ne!(statement["Resource"], "*", "{sid} is scoped");
    }
    assert_eq!(statements.len(), 10, "nothing else");

    // The schedule: weekly on Mondays at 09:00 in the timezone parameter (honoured, not UTC by
    // accident), and an event whose keys are the audit's options.
    let schedule = &template["Resources"]["Schedule"]["Properties"];
    assert_eq!(
        template["Parameters"]["ScheduleExpression"]["Default"],
        "cron(0 9 ? * MON *)"
    );
    assert_eq!(
        schedule["ScheduleExpressionTimezone"]["Ref"],
        "ScheduleTimezone"
    );
    let input = schedule["Target"]["Input"]["Fn::Sub"][0]
        .as_str()
        .expect("the event's text");
    let event: Value = serde_json::from_str(&substitute(input)).expect("the event is JSON");
    let help = String::from_utf8_lossy(
        &common::command(None)
            .0
            .args(["audit", "--help"])
            .output()
            .expect("runs")
            .stdout,
    )
    .into_owned();
    for key in event.as_object().expect("an object").keys() {
        assert!(
            help.contains(&format!("--{}", key.replace('_', "-"))),
            "{key} is an audit option"
        );
    }
    assert_eq!(event["baseline"], "auto");
    assert!(
        event["output_dir"]
            .as_str()
            .is_some_and(|dir| dir.starts_with("s3://"))
    );
    let template: Value = serde_json::from_str(&deploy(&["--shards", "3"])).expect("JSON");
    let definition = &template["Resources"]["StateMachine"]["Properties"]["Definition"];
    assert_eq!(definition["States"]["Audit the shards"]["Type"], "Map");
    assert_eq!(
        definition["States"]["Merge"]["Parameters"]["Payload"]["merge.$"],
        "$.shard_results"
    );
    // Every shard and the merge carry the execution's name as the run id (issue 19): the merge
    // refuses a shard of another execution.
    assert_eq!(
        definition["States"]["Audit the shards"]["ItemSelector"]["run_id.$"],
        "$$.Execution.Name"
    );
    assert_eq!(
        definition["States"]["Audit the shards"]["ItemProcessor"]["States"]["Audit one shard"]["Parameters"]
            ["Payload"]["run_id.$"],
        "$.run_id"
    );
    assert_eq!(
        definition["States"]["Merge"]["Parameters"]["Payload"]["run_id.$"],
        "$$.Execution.Name"
    );
    let input = template["Resources"]["Schedule"]["Properties"]["Target"]["Input"]["Fn::Sub"][0]
        .as_str()
        .expect("the state machine's input");
    let input: Value = serde_json::from_str(&substitute(input)).expect("JSON");
    assert_eq!(input["shards"], serde_json::json!(["1/3", "2/3", "3/3"]));
}

/// `${Name}` placeholders replaced by plausible values, to read the event as its receiver will.
fn substitute(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |end| start + end + 1);
        out.push_str("value");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// One run at a time; with shards, every shard's invocation at once (a reserved concurrency of 1
/// would throttle the Map state's shards into failures), and the Terraform says the same.
#[test]
fn the_function_runs_once_at_a_time_or_every_shard_at_once() {
    for (shards, expected) in [("1", 1), ("3", 3)] {
        let template: Value = serde_json::from_str(&deploy(&["--shards", shards])).expect("JSON");
        let resources = &template["Resources"];
        assert_eq!(
            resources["Function"]["Properties"]["ReservedConcurrentExecutions"],
            expected
        );
        if expected > 1 {
            let definition = &resources["StateMachine"]["Properties"]["Definition"];
            assert_eq!(
                definition["States"]["Audit the shards"]["MaxConcurrency"],
                expected
            );
        }
        let terraform = deploy(&["--format", "terraform", "--shards", shards]);
        assert!(
            terraform
                .lines()
                .any(|line| line.trim() == format!("reserved_concurrent_executions = {expected}")),
            "{terraform}"
        );
    }
}

/// Issue 25: `deploy --config FILE --config-uri s3://…` takes the routes from the configuration
/// the function reads in S3: the event names the object (the audit's and, with shards, the
/// merge's), the function may read exactly that object and reach exactly the routes' topics and
/// Slack secrets (a `slack:env:` webhook adds nothing), and `[owners] account_tags` adds its one
/// read; both formats, CloudFormation through cfn-lint and checkov, Terraform formatted.
#[test]
fn deploy_takes_the_routes_from_the_config_in_s3() {
    let folder = tempfile::tempdir().expect("folder");
    let config = written(
        folder.path(),
        "iam-audit.toml",
        "[owners]\naccount_tags = [\"owner\"]\n\n\
         [[routes]]\nou = \"Root/Production/*\"\nnotify = [\"slack:arn:aws:secretsmanager:us-east-1:111111111111:secret:payments/slack-Ab12Cd\", \"sns:arn:aws:sns:us-east-1:111111111111:payments\"]\n\n\
         [[routes]]\nowner = \"data-team\"\nnotify = [\"slack:env:DATA_TEAM_WEBHOOK\"]\n",
    );
    let config = config.to_string_lossy().to_string();
    let uri = "s3://acme-config/iam-audit/iam-audit.toml";
    for shards in ["1", "3"] {
        let arguments = ["--config", &config, "--config-uri", uri, "--shards", shards];
        let text = deploy(&arguments);
        let template: Value = serde_json::from_str(&text).expect("JSON");
        let statements: Vec<Value> = template["Resources"]["ExecutionRole"]["Properties"]
            ["Policies"][0]["PolicyDocument"]["Statement"]
            .as_array()
            .expect("statements")
            .clone();
        let by_sid = |sid: &str| {
            statements
                .iter()
                .find(|statement| statement["Sid"] == sid)
                .cloned()
                .unwrap_or_else(|| panic!("no {sid}"))
        };
        assert_eq!(
            by_sid("ReadConfig")["Resource"],
            "arn:aws:s3:::acme-config/iam-audit/iam-audit.toml"
        );
        assert_eq!(
            by_sid("RouteTopics")["Resource"],
            serde_json::json!(["arn:aws:sns:us-east-1:111111111111:payments"])
        );
        assert_eq!(
            by_sid("RouteWebhooks")["Resource"],
            serde_json::json!([
                "arn:aws:secretsmanager:us-east-1:111111111111:secret:payments/slack-Ab12Cd"
            ])
        );
        assert!(text.contains("organizations:ListTagsForResource"));
        assert!(!text.contains("DATA_TEAM_WEBHOOK"));
        let event = template.to_string();
        let named = event
            .matches(r#"\"config\": \"s3://acme-config/iam-audit/iam-audit.toml\""#)
            .count();
        assert_eq!(named, if shards == "1" { 1 } else { 2 }, "{event}");

        let template_file = written(folder.path(), &format!("routes-{shards}.json"), &text);
        let lint = Command::new(venv_tool("IAM_AUDIT_TEST_CFN_LINT", "cfn-lint"))
            .arg(&template_file)
            .output()
            .expect("cfn-lint runs");
        assert_eq!(
            lint.status.code(),
            Some(0),
            "cfn-lint: {}",
            String::from_utf8_lossy(&lint.stdout)
        );
        let terraform_text = deploy(&[
            "--format",
            "terraform",
            "--config",
            &config,
            "--config-uri",
            uri,
            "--shards",
            shards,
        ]);
        assert!(terraform_text.contains(r#"config = "s3://acme-config/iam-audit/iam-audit.toml""#));
        assert!(terraform_text.contains(r#"Sid = "RouteWebhooks""#));
        let terraform = written(
            folder.path(),
            &format!("routes-{shards}.tf"),
            &terraform_text,
        );
        if which("terraform") {
            let formatted = Command::new("terraform")
                .args(["fmt", "-check", "-diff"])
                .arg(&terraform)
                .output()
                .expect("terraform runs");
            assert!(
                formatted.status.success(),
                "{}",
                String::from_utf8_lossy(&formatted.stdout)
            );
        }
    }
    // Half of the pair is refused by the command line.
    let (mut command, _home) = common::command(None);
    let output = command
        .args(["deploy", "--config", &config])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(64));
}

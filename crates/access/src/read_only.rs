//! The read/write rule: which actions count as read-only. The classes `read_only` and `write`
//! rest on it, so it lives in one place.
//!
//! **Rule.** An action is read-only when the part after `service:` starts with one of the read
//! verbs [`READ_VERBS`] (`Get`, `List`, `Describe`, `BatchGet`, `View`, `Search`, `Lookup`,
//! compared case-insensitively), or when AWS's own read-only managed policies grant it:
//! [`AWS_READ_ONLY_EXTRAS`] lists the action patterns of `ReadOnlyAccess`, `SecurityAudit` and
//! `ViewOnlyAccess` that the verbs do not already cover (`dynamodb:Query`, `logs:StartQuery`,
//! `cloudformation:Detect*`, ...). One grant is read-only only with its condition:
//! `s3express:CreateSession` when the statement's `Condition` holds `s3express:SessionMode` to
//! `ReadOnly` (as `ReadOnlyAccess` does); unconditioned it also opens read-write sessions. Every
//! other action is write. A pattern (`s3:Get*`, a NotAction statement) is read-only when every
//! action it can match is; that is decided exactly over the patterns (see `language`), so
//! `s3:*` is write (it matches `s3:PutObject`) while `ec2:Describe*` is read-only.
//!
//! **Why.** AWS's `ReadOnlyAccess` and `SecurityAudit` must come out `read_only` although the
//! service authorization reference files a few of their actions under Write
//! (`s3express:CreateSession`, `logs:StartQuery`...): AWS itself publishes them as read-only
//! access, and an auditor asks "can this user change anything", which these do not. Read-only
//! includes reading data and secrets (`s3:GetObject`, `secretsmanager:GetSecretValue`): the class
//! is about modification, not about confidentiality.
//!
//! The extras were taken from the policies' default versions (`ReadOnlyAccess` v190,
//! `SecurityAudit` v94, `ViewOnlyAccess` v46, as moto's copy of AWS's managed policies has them),
//! lowercased, without those a broader extra already covers. When AWS adds an action to these
//! policies that the verbs miss, the full-document tests (`tests/classification.rs`) fail until it
//! is added here.

use std::sync::LazyLock;

use serde_json::{Map, Value};

use crate::pattern::Pattern;

/// Leading verbs of read-only action names (lowercase).
pub(crate) const READ_VERBS: &[&str] = &[
    "get", "list", "describe", "batchget", "view", "search", "lookup",
];

/// Action patterns of AWS's read-only managed policies beyond the verbs (lowercase).
pub(crate) const AWS_READ_ONLY_EXTRAS: &[&str] = &[
    "access-analyzer:validatepolicy",
    "agent-registry:invokeregistrymcp",
    "aiops:validateinvestigationgroup",
    "appsync:evaluatemappingtemplate",
    "aps:previewanomalydetector",
    "aps:querymetrics",
    "athena:batch*",
    "auditmanager:validateassessmentreportintegrity",
    "bedrock-agentcore:retrievememoryrecords",
    "bedrock-mantle:callwithbearertoken",
    "bedrock:agenticretrievestream",
    "bedrock:checkingesteddocumentacl",
    "bedrock:counttokens",
    "cassandra:select",
    "chime:retrieve*",
    "chime:validate*",
    "cleanrooms:previewprivacyimpact",
    "clouddirectory:batchread",
    "cloudformation:batchdescribetypeconfigurations",
    "cloudformation:detect*",
    "cloudformation:estimate*",
    "cloudformation:validatetemplate",
    "cloudwatch:generatequery",
    "cloudwatch:generatequeryresultssummary",
    "codeartifact:readfromrepository",
    "codecommit:gitpull",
    "codedeploy:batch*",
    "codestar:verify*",
    "cognito-idp:adminget*",
    "cognito-idp:adminlist*",
    "cognito-sync:queryrecords",
    "comprehend:batchdetect*",
    "comprehend:classify*",
    "comprehend:contains*",
    "comprehend:detect*",
    "config:deliver*",
    "config:selectaggregateresourceconfig",
    "config:selectresourceconfig",
    "datapipeline:evaluateexpression",
    "datapipeline:queryobjects",
    "datapipeline:validate*",
    "dax:query",
    "dax:scan",
    "devops-guru:startcostestimation",
    "dms:test*",
    "ds:check*",
    "ds:verify*",
    "dynamodb:partiqlselect",
    "dynamodb:query",
    "dynamodb:readdataforreplication",
    "dynamodb:scan",
    "ecr-public:batchchecklayeravailability",
    "ecr:batchcheck*",
    "eks:accesskubernetesapi",
    "elasticbeanstalk:check*",
    "elasticbeanstalk:request*",
    "elasticbeanstalk:retrieve*",
    "elasticbeanstalk:validate*",
    "elastictranscoder:read*",
    "elemental-inference:exportdictionaryentries",
    "es:eshttpget",
    "es:eshttphead",
    "events:test*",
    "evidently:testsegmentpattern",
    "forecast:queryforecast",
    "forecast:querywhatifforecast",
    "gamelift:resolvealias",
    "glue:checkschemaversionvalidity",
    "glue:queryschemaversionmetadata",
    "healthlake:readresource",
    "iam:generate*",
    "iam:simulate*",
    "identitystore:ismemberingroups",
    "inspector:preview*",
    "iotanalytics:samplechanneldata",
    "kendra:query",
    "kinesisanalytics:discover*",
    "lightsail:is*",
    "logs:filterlogevents",
    "logs:startlivetail",
    "logs:startquery",
    "logs:stoplivetail",
    "logs:stopquery",
    "logs:testmetricfilter",
    "mediaconnect:discovergatewaypollendpoint",
    "mediaconvert:probe",
    "observabilityadmin:testtelemetrypipeline",
    "observabilityadmin:validatetelemetrypipelineconfiguration",
    "polly:synthesizespeech",
    "rds:download*",
    "rekognition:comparefaces",
    "rekognition:detect*",
    "rekognition:recognizecelebrities",
    "robomaker:batchdescribe*",
    "route53:test*",
    "route53domains:check*",
    "s3vectors:queryvectors",
    "sdb:domainmetadata",
    "sdb:select*",
    "servicecatalog:scan*",
    "servicediscovery:discoverinstances",
    "servicediscovery:discoverinstancesrevision",
    "servicequotas:startquotautilizationreport",
    "sns:check*",
    "sqs:receive*",
    "states:validatestatemachinedefinition",
    "swf:count*",
    "transfer:testidentityprovider",
    "verifiedpermissions:isauthorized",
    "verifiedpermissions:isauthorizedwithtoken",
    "wafv2:checkcapacity",
    "wellarchitected:exportlens",
    "workdocs:checkalias",
    "xray:canceltraceretrieval",
    "xray:starttraceretrieval",
];

/// The one conditional read-only grant: `s3express:CreateSession` with `s3express:SessionMode`
/// held to `ReadOnly`.
const READ_ONLY_SESSION_ACTION: &str = "s3express:createsession";

static READ_ONLY_PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    READ_VERBS
        .iter()
        .map(|verb| Pattern::action(&format!("*:{verb}*")))
        .chain(
            AWS_READ_ONLY_EXTRAS
                .iter()
                .map(|extra| Pattern::action(extra)),
        )
        .collect()
});

static READ_ONLY_SESSION: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::action(READ_ONLY_SESSION_ACTION));

/// The read-only patterns that apply to a statement (the session grant only where its condition
/// makes it read-only).
pub(crate) fn read_only_patterns(read_only_sessions: bool) -> Vec<&'static Pattern> {
    let mut patterns: Vec<&'static Pattern> = READ_ONLY_PATTERNS.iter().collect();
    if read_only_sessions {
        patterns.push(&READ_ONLY_SESSION);
    }
    patterns
}

/// Whether a statement's `Condition` holds `s3express:SessionMode` to `ReadOnly`
/// (`StringEquals`, operator and key compared case-insensitively, every value `ReadOnly`).
pub(crate) fn restricts_to_read_only_sessions(condition: &Map<String, Value>) -> bool {
    condition.iter().any(|(operator, keys)| {
        operator.eq_ignore_ascii_case("StringEquals")
            && keys.as_object().is_some_and(|keys| {
                keys.iter().any(|(key, values)| {
                    key.eq_ignore_ascii_case("s3express:SessionMode")
                        && match values {
                            Value::String(value) => value == "ReadOnly",
                            Value::Array(values) => {
                                !values.is_empty()
                                    && values
                                        .iter()
                                        .all(|value| value.as_str() == Some("ReadOnly"))
                            }
                            _ => false,
                        }
                })
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_read_only_action(action: &str) -> bool {
        READ_ONLY_PATTERNS
            .iter()
            .any(|pattern| pattern.matches_action(action))
    }

    #[test]
    fn verbs_and_extras_are_read_only() {
        for action in [
            "s3:GetObject",
            "ec2:DescribeInstances",
            "iam:ListUsers",
            "dynamodb:BatchGetItem",
            "aws-portal:ViewBilling",
            "cloudtrail:LookupEvents",
            "dynamodb:Query",
            "logs:StartQuery",
            "cloudformation:DetectStackDrift",
            "iam:GenerateCredentialReport",
        ] {
            assert!(is_read_only_action(action), "{action}");
        }
    }

    #[test]
    fn everything_else_is_write() {
        for action in [
            "s3:PutObject",
            "iam:CreateUser",
            "ec2:RunInstances",
            "s3express:CreateSession",
            "dynamodb:PutItem",
            "logs:PutQueryDefinition",
            "kms:Decrypt",
        ] {
            assert!(!is_read_only_action(action), "{action}");
        }
    }

    #[test]
    fn only_a_read_only_session_mode_makes_create_session_read_only() {
        let condition = |value: Value| {
            let mut keys = Map::new();
            keys.insert("s3express:SessionMode".to_owned(), value);
            let mut condition = Map::new();
            condition.insert("StringEquals".to_owned(), Value::Object(keys));
            condition
        };
        assert!(restricts_to_read_only_sessions(&condition(Value::from(
            "ReadOnly"
        ))));
        assert!(restricts_to_read_only_sessions(&condition(Value::from(
            vec!["ReadOnly"]
        ))));
        assert!(!restricts_to_read_only_sessions(&condition(Value::from(
            "ReadWrite"
        ))));
        assert!(!restricts_to_read_only_sessions(&condition(Value::from(
            vec!["ReadOnly", "ReadWrite"]
        ))));
        assert!(!restricts_to_read_only_sessions(&Map::new()));
        assert!(read_only_patterns(true).len() == read_only_patterns(false).len() + 1);
    }
}

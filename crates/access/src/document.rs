//! Parses a policy document (identity, boundary or trust policy) into typed statements. A document
//! that does not follow the policy grammar is an error naming the policy, never "no permissions":
//! reading a broken document as empty would turn an unreadable grant into a clean bill of health.
//!
//! The grammar followed is IAM's (`reference_policies_grammar`): `Statement` is one object or an
//! array of them; `Effect` is exactly `Allow` or `Deny`; exactly one of `Action`/`NotAction`; at
//! most one of `Resource`/`NotResource` and of `Principal`/`NotPrincipal` (identity policies have
//! no principal, trust policies no resource); each of those a string or an array of strings;
//! `Condition` an object. Keys the grammar does not know (`Id`, `Sid`, ...) are ignored.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::decode::{DecodeError, decode_document};

/// A parsed policy document.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDocument {
    /// `Version`, when present (`2012-10-17` enables policy variables).
    pub version: Option<String>,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
}

/// One statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// `Sid`, when present.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Action` (`Only`) or `NotAction` (`AllExcept`).
    pub action: Element,
    /// `Resource` (`Only`) or `NotResource` (`AllExcept`); `None` in trust policies.
    pub resource: Option<Element>,
    /// `Principal` (`Only`) or `NotPrincipal` (`AllExcept`); `None` in identity policies.
    pub principal: Option<PrincipalElement>,
    /// `Condition`, kept raw: the evaluator only asks whether there is one, the trust checks read
    /// `sts:ExternalId` from it.
    pub condition: Option<Map<String, Value>>,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `"Allow"`.
    Allow,
    /// `"Deny"`.
    Deny,
}

/// An `Action`/`Resource` element or its `Not` form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Element {
    /// `Action`, `Resource`: the listed patterns.
    Only(Vec<String>),
    /// `NotAction`, `NotResource`: everything but the listed patterns.
    AllExcept(Vec<String>),
}

/// A `Principal` or `NotPrincipal` element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalElement {
    /// `NotPrincipal`.
    pub negated: bool,
    /// Who.
    pub principals: Principals,
}

/// The value of a principal element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principals {
    /// `"*"`: everyone.
    Any,
    /// `{"AWS": [...], "Service": [...], "Federated": [...], ...}`.
    Listed(BTreeMap<String, Vec<String>>),
}

impl Statement {
    /// Whether the statement has a non-empty `Condition`.
    pub fn is_conditional(&self) -> bool {
        self.condition
            .as_ref()
            .is_some_and(|condition| !condition.is_empty())
    }
}

/// Why a policy document could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The document (or the policy itself) is not in the authorization details.
    #[error("policy {policy}: no document in the authorization details")]
    Missing {
        /// The policy's name (or ARN when the name is unknown).
        policy: String,
    },
    /// The percent-encoding is broken.
    #[error("policy {policy}: {source}")]
    Decode {
        /// The policy's name.
        policy: String,
        /// The decoding failure.
        #[source]
        source: DecodeError,
    },
    /// The decoded text is not JSON.
    #[error("policy {policy}: not JSON: {source}")]
    Json {
        /// The policy's name.
        policy: String,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// The JSON does not follow the policy grammar.
    #[error("policy {policy}: {problem}")]
    Grammar {
        /// The policy's name.
        policy: String,
        /// What is wrong, and where.
        problem: String,
    },
}

/// Decodes ([`decode_document`]) and parses a policy document; `policy_name` names the policy in
/// errors.
pub fn parse_document(policy_name: &str, text: &str) -> Result<PolicyDocument, DocumentError> {
    let decoded = decode_document(text).map_err(|source| DocumentError::Decode {
        policy: policy_name.to_owned(),
        source,
    })?;
    let value: Value = serde_json::from_str(&decoded).map_err(|source| DocumentError::Json {
        policy: policy_name.to_owned(),
        source,
    })?;
    document(&value).map_err(|problem| DocumentError::Grammar {
        policy: policy_name.to_owned(),
        problem,
    })
}

fn document(value: &Value) -> Result<PolicyDocument, String> {
    let object = value
        .as_object()
        .ok_or("the document is not a JSON object")?;
    let version = match object.get("Version") {
        None => None,
        Some(Value::String(version)) => Some(version.clone()),
        Some(_) => return Err("Version is not a string".to_owned()),
    };
    let statements = match object.get("Statement") {
        Some(Value::Object(_)) => vec![&object["Statement"]],
        Some(Value::Array(statements)) => statements.iter().collect(),
        Some(_) => return Err("Statement is neither an object nor an array".to_owned()),
        None => return Err("no Statement".to_owned()),
    };
    let statements = statements
        .into_iter()
        .enumerate()
        .map(|(index, statement)| {
            self::statement(statement)
                .map_err(|problem| format!("statement {}: {problem}", index + 1))
        })
        .collect::<Result<_, _>>()?;
    Ok(PolicyDocument {
        version,
        statements,
    })
}

fn statement(value: &Value) -> Result<Statement, String> {
    let object = value.as_object().ok_or("not a JSON object")?;
    let sid = object.get("Sid").and_then(Value::as_str).map(str::to_owned);
    let effect = match object.get("Effect") {
        Some(Value::String(effect)) if effect == "Allow" => Effect::Allow,
        Some(Value::String(effect)) if effect == "Deny" => Effect::Deny,
        Some(_) => return Err("Effect is neither \"Allow\" nor \"Deny\"".to_owned()),
        None => return Err("no Effect".to_owned()),
    };
    let action = element(object, "Action", "NotAction")?.ok_or("neither Action nor NotAction")?;
    let resource = element(object, "Resource", "NotResource")?;
    let principal = principal_element(object)?;
    let condition = match object.get("Condition") {
        None => None,
        Some(Value::Object(condition)) => Some(condition.clone()),
        Some(_) => return Err("Condition is not an object".to_owned()),
    };
    Ok(Statement {
        sid,
        effect,
        action,
        resource,
        principal,
        condition,
    })
}

/// The element named `positive` or `negative` (both present is an error).
fn element(
    object: &Map<String, Value>,
    positive: &str,
    negative: &str,
) -> Result<Option<Element>, String> {
    match (object.get(positive), object.get(negative)) {
        (Some(_), Some(_)) => Err(format!("both {positive} and {negative}")),
        (Some(value), None) => strings(value, positive).map(|values| Some(Element::Only(values))),
        (None, Some(value)) => {
            strings(value, negative).map(|values| Some(Element::AllExcept(values)))
        }
        (None, None) => Ok(None),
    }
}

fn principal_element(object: &Map<String, Value>) -> Result<Option<PrincipalElement>, String> {
    let (value, negated, name) = match (object.get("Principal"), object.get("NotPrincipal")) {
        (Some(_), Some(_)) => return Err("both Principal and NotPrincipal".to_owned()),
        (Some(value), None) => (value, false, "Principal"),
        (None, Some(value)) => (value, true, "NotPrincipal"),
        (None, None) => return Ok(None),
    };
    let principals = match value {
        Value::String(any) if any == "*" => Principals::Any,
        Value::Object(map) => Principals::Listed(
            map.iter()
                .map(|(kind, values)| {
                    strings(values, &format!("{name}.{kind}")).map(|values| (kind.clone(), values))
                })
                .collect::<Result<_, _>>()?,
        ),
        _ => return Err(format!("{name} is neither \"*\" nor an object")),
    };
    Ok(Some(PrincipalElement {
        negated,
        principals,
    }))
}

/// A string or an array of strings.
fn strings(value: &Value, name: &str) -> Result<Vec<String>, String> {
    match value {
        Value::String(single) => Ok(vec![single.clone()]),
        Value::Array(values) => values
            .iter()
            .map(|value| {
                value
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{name} holds a value that is not a string"))
            })
            .collect(),
        _ => Err(format!(
            "{name} is neither a string nor an array of strings"
        )),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn parse(text: &str) -> Result<PolicyDocument, DocumentError> {
        parse_document("Test", text)
    }

    #[test]
    fn single_statement_object_and_single_strings() {
        let document = parse(r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#)
            .expect("valid document");
        assert_eq!(document.version.as_deref(), Some("2012-10-17"));
        assert_eq!(document.statements.len(), 1);
        let statement = &document.statements[0];
        assert_eq!(statement.effect, Effect::Allow);
        assert_eq!(statement.action, Element::Only(vec!["*".to_owned()]));
        assert_eq!(
            statement.resource,
            Some(Element::Only(vec!["*".to_owned()]))
        );
        assert!(!statement.is_conditional());
    }

    #[test]
    fn not_elements_principals_and_conditions() {
        let text = r#"{"Statement":[
            {"Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":"arn:aws:s3:::b","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}},
            {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":["111111111111","arn:aws:iam::2:root"],"Service":"ec2.amazonaws.com"}},
            {"Effect":"Allow","Action":"sts:AssumeRole","NotPrincipal":"*"}]}"#;
        let document = parse(text).expect("valid document");
        let deny = &document.statements[0];
        assert_eq!(
            deny.action,
            Element::AllExcept(vec!["iam:*".to_owned(), "sts:*".to_owned()])
        );
        assert_eq!(
            deny.resource,
            Some(Element::AllExcept(vec!["arn:aws:s3:::b".to_owned()]))
        );
        assert!(deny.is_conditional());
        let Some(PrincipalElement {
            negated: false,
            principals: Principals::Listed(listed),
        }) = &document.statements[1].principal
        else {
            panic!("a listed principal");
        };
        assert_eq!(listed["AWS"], vec!["111111111111", "arn:aws:iam::2:root"]);
        assert_eq!(listed["Service"], vec!["ec2.amazonaws.com"]);
        assert_eq!(
            document.statements[2].principal,
            Some(PrincipalElement {
                negated: true,
                principals: Principals::Any
            })
        );
    }

    #[test]
    fn url_encoded_documents_parse() {
        let encoded = "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aa+b%2Fc%2Bd%22%7D%7D";
        let document = parse(encoded).expect("valid document");
        assert_eq!(
            document.statements[0].resource,
            Some(Element::Only(vec!["arn:aws:s3:::a+b/c+d".to_owned()]))
        );
    }

    #[test]
    fn malformed_documents_are_errors_naming_the_policy() {
        let cases = [
            ("%7", "invalid percent-encoding"),
            ("{not json", "not JSON"),
            ("[]", "not a JSON object"),
            (r#"{"Version":"2012-10-17"}"#, "no Statement"),
            (r#"{"Statement":"x"}"#, "neither an object nor an array"),
            (
                r#"{"Statement":[{"Action":"*","Resource":"*"}]}"#,
                "statement 1: no Effect",
            ),
            (
                r#"{"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}"#,
                "neither \"Allow\" nor \"Deny\"",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Resource":"*"}]}"#,
                "neither Action nor NotAction",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}]}"#,
                "both Action and NotAction",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":["*",1],"Resource":"*"}]}"#,
                "not a string",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":{"a":1}}]}"#,
                "Resource is neither",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":[]}]}"#,
                "Condition is not an object",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Principal":"someone"}]}"#,
                "Principal is neither",
            ),
            (r#"{"Version":1,"Statement":[]}"#, "Version is not a string"),
        ];
        for (text, expected) in cases {
            let error = parse(text).expect_err(text).to_string();
            assert!(error.starts_with("policy Test: "), "{error}");
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(2000)))]

        /// Any text parses or fails with an error: never a panic.
        #[test]
        fn any_text_parses_or_fails(text in any::<String>()) {
            let _ = parse(&text);
        }

        /// Text shaped like a policy, with arbitrary values, parses or fails cleanly.
        #[test]
        fn policy_shaped_text_parses_or_fails(effect in "[A-Za-z]{0,6}", action in any::<String>(), key in "[A-Za-z]{0,12}") {
            let text = serde_json::json!({"Statement": [{"Effect": effect, key: action, "Resource": ["*", action]}]}).to_string();
            let _ = parse(&text);
        }
    }
}

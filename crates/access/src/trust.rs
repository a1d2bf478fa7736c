//! Reads a role's trust policy (`AssumeRolePolicyDocument`): which AWS principals may assume the
//! role, whether the management account is among them, and whether they must present a given
//! `sts:ExternalId`.
//!
//! Only `Allow` statements whose actions include `sts:AssumeRole` count. An `AWS` principal trusts
//! an account when it is the account id, `*`, or an ARN in that account (`arn:aws:iam::ID:root`,
//! a role or user there, an STS session there). `Principal: "*"` trusts everyone, and so does an
//! `Allow` with `NotPrincipal` (everyone but those listed; the management account unless it is
//! listed). Deny statements in trust policies are not subtracted: a guard there is reported by
//! reading the document, not assumed. The external id is required when every statement trusting
//! the account holds `sts:ExternalId` (key compared case-insensitively) to exactly the expected
//! value under `StringEquals` or `StringLike`.

use serde_json::Value;

use crate::document::{Effect, Element, PolicyDocument, PrincipalElement, Principals, Statement};
use crate::pattern::Pattern;

/// The trust statements that let principals assume the role.
fn assume_statements(document: &PolicyDocument) -> impl Iterator<Item = &Statement> {
    document.statements.iter().filter(|statement| {
        statement.effect == Effect::Allow
            && match &statement.action {
                Element::Only(patterns) => patterns
                    .iter()
                    .any(|pattern| Pattern::action(pattern).matches_action("sts:AssumeRole")),
                Element::AllExcept(patterns) => !patterns
                    .iter()
                    .any(|pattern| Pattern::action(pattern).matches_action("sts:AssumeRole")),
            }
    })
}

fn aws_principals(principals: &Principals) -> Vec<String> {
    match principals {
        Principals::Any => vec!["*".to_owned()],
        Principals::Listed(listed) => listed.get("AWS").cloned().unwrap_or_default(),
    }
}

/// The AWS principals allowed to assume the role, sorted (`*` for everyone).
pub(crate) fn trusted_principals(document: &PolicyDocument) -> Vec<String> {
    let mut principals: Vec<String> = assume_statements(document)
        .flat_map(|statement| match &statement.principal {
            Some(PrincipalElement {
                negated: false,
                principals,
            }) => aws_principals(principals),
            Some(PrincipalElement { negated: true, .. }) => vec!["*".to_owned()],
            None => Vec::new(),
        })
        .collect();
    principals.sort();
    principals.dedup();
    principals
}

/// Whether some statement lets anyone assume the role with no `Condition`: `"Principal": "*"`,
/// `{"AWS": "*"}`, or a `NotPrincipal` (everyone but those listed).
pub(crate) fn trusts_everyone_unconditionally(document: &PolicyDocument) -> bool {
    assume_statements(document).any(|statement| {
        let everyone = match &statement.principal {
            Some(PrincipalElement {
                negated: false,
                principals,
            }) => aws_principals(principals)
                .iter()
                .any(|principal| principal == "*"),
            Some(PrincipalElement { negated: true, .. }) => true,
            None => false,
        };
        everyone && !statement.is_conditional()
    })
}

/// Whether `principal` (an `AWS` principal value) is in `account_id` or is everyone.
fn in_account(principal: &str, account_id: &str) -> bool {
    principal == "*" || principal == account_id || principal.split(':').nth(4) == Some(account_id)
}

fn statement_trusts(statement: &Statement, account_id: &str) -> bool {
    match &statement.principal {
        Some(PrincipalElement {
            negated: false,
            principals,
        }) => aws_principals(principals)
            .iter()
            .any(|principal| in_account(principal, account_id)),
        Some(PrincipalElement {
            negated: true,
            principals,
        }) => !aws_principals(principals).iter().any(|principal| {
            principal == account_id
                || principal.split(':').nth(4) == Some(account_id) && principal.ends_with(":root")
        }),
        None => false,
    }
}

/// Whether the trust policy lets principals of `account_id` assume the role.
pub(crate) fn trusts_account(document: &PolicyDocument, account_id: &str) -> bool {
    assume_statements(document).any(|statement| statement_trusts(statement, account_id))
}

/// Whether every statement trusting `account_id` requires `external_id` (and there is one).
pub(crate) fn requires_external_id(
    document: &PolicyDocument,
    account_id: &str,
    external_id: &str,
) -> bool {
    let mut trusting = assume_statements(document)
        .filter(|statement| statement_trusts(statement, account_id))
        .peekable();
    trusting.peek().is_some() && trusting.all(|statement| holds_external_id(statement, external_id))
}

fn holds_external_id(statement: &Statement, external_id: &str) -> bool {
    let Some(condition) = &statement.condition else {
        return false;
    };
    condition.iter().any(|(operator, keys)| {
        (operator == "StringEquals" || operator == "StringLike")
            && keys.as_object().is_some_and(|keys| {
                keys.iter().any(|(key, values)| {
                    key.eq_ignore_ascii_case("sts:ExternalId")
                        && match values {
                            Value::String(value) => value == external_id,
                            Value::Array(values) => {
                                !values.is_empty()
                                    && values
                                        .iter()
                                        .all(|value| value.as_str() == Some(external_id))
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
    use crate::document::parse_document;

    fn trust(text: &str) -> PolicyDocument {
        parse_document("trust", text).expect("valid trust policy")
    }

    const MANAGEMENT: &str = "111111111111";

    #[test]
    fn principals_in_every_form() {
        let document = trust(
            r#"{"Statement":[
                {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111111111111:root"}},
                {"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Principal":{"AWS":["222222222222","arn:aws:iam::333333333333:role/x"]}},
                {"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Principal":{"Federated":"arn:aws:iam::4:oidc-provider/x"}},
                {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}},
                {"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"AWS":"444444444444"}}]}"#,
        );
        assert_eq!(
            trusted_principals(&document),
            vec![
                "222222222222",
                "arn:aws:iam::111111111111:root",
                "arn:aws:iam::333333333333:role/x"
            ]
        );
        assert!(trusts_account(&document, MANAGEMENT));
        assert!(trusts_account(&document, "222222222222"));
        assert!(trusts_account(&document, "333333333333"));
        assert!(!trusts_account(&document, "444444444444"));
        assert!(!trusts_account(&document, "4"));
    }

    #[test]
    fn everyone_trusts_every_account() {
        let star = trust(r#"{"Statement":{"Effect":"Allow","Action":"sts:*","Principal":"*"}}"#);
        assert_eq!(trusted_principals(&star), vec!["*"]);
        assert!(trusts_account(&star, MANAGEMENT));
        let not_principal = trust(
            r#"{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","NotPrincipal":{"AWS":"222222222222"}}}"#,
        );
        assert!(trusts_account(&not_principal, MANAGEMENT));
        assert!(!trusts_account(&not_principal, "222222222222"));
    }

    #[test]
    fn a_statement_not_about_assume_role_trusts_nobody() {
        let document = trust(
            r#"{"Statement":{"Effect":"Allow","Action":"sts:TagSession","Principal":{"AWS":"111111111111"}}}"#,
        );
        assert!(trusted_principals(&document).is_empty());
        assert!(!trusts_account(&document, MANAGEMENT));
    }

    #[test]
    fn external_id_required_only_when_every_trusting_statement_holds_it() {
        let guarded = |condition: &str| {
            trust(&format!(
                r#"{{"Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{{"AWS":"arn:aws:iam::111111111111:root"}},"Condition":{condition}}}]}}"#
            ))
        };
        assert!(requires_external_id(
            &guarded(r#"{"StringEquals":{"sts:ExternalId":"abc"}}"#),
            MANAGEMENT,
            "abc"
        ));
        assert!(requires_external_id(
            &guarded(r#"{"StringEquals":{"sts:externalid":["abc"]}}"#),
            MANAGEMENT,
            "abc"
        ));
        assert!(!requires_external_id(
            &guarded(r#"{"StringEquals":{"sts:ExternalId":"other"}}"#),
            MANAGEMENT,
            "abc"
        ));
        assert!(!requires_external_id(
            &guarded(r#"{"StringEquals":{"sts:ExternalId":["abc","other"]}}"#),
            MANAGEMENT,
            "abc"
        ));
        assert!(!requires_external_id(
            &guarded(r#"{"StringEqualsIfExists":{"sts:ExternalId":"abc"}}"#),
            MANAGEMENT,
            "abc"
        ));
        assert!(!requires_external_id(
            &guarded(r#"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#),
            MANAGEMENT,
            "abc"
        ));
        let second_door = trust(
            r#"{"Statement":[
                {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"111111111111"},"Condition":{"StringEquals":{"sts:ExternalId":"abc"}}},
                {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111111111111:role/admin"}}]}"#,
        );
        assert!(!requires_external_id(&second_door, MANAGEMENT, "abc"));
        assert!(!requires_external_id(
            &guarded(r#"{}"#),
            "999999999999",
            "abc"
        ));
    }
}

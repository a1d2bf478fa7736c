//! IAM's policy grammar, checked offline: version, statements, effects, action names, resources
//! or principals. The tests hold every generated document to it (IAM's own validator needs an
//! AWS account).

/// Checks a document against IAM's policy grammar: version, statements, effects, actions,
/// resources or principals. Returns what is wrong.
pub fn policy_grammar_errors(policy: &serde_json::Value) -> Vec<String> {
    let mut errors = Vec::new();
    if policy.get("Version").and_then(|version| version.as_str()) != Some("2012-10-17") {
        errors.push("Version must be 2012-10-17".to_string());
    }
    let Some(statements) = policy
        .get("Statement")
        .and_then(|statements| statements.as_array())
    else {
        errors.push("Statement must be a list".to_string());
        return errors;
    };
    if statements.is_empty() {
        errors.push("Statement is empty".to_string());
    }
    let action_shape = |action: &str| {
        action.split_once(':').is_some_and(|(service, name)| {
            !service.is_empty()
                && service.chars().all(|character| {
                    character.is_ascii_lowercase() || character.is_ascii_digit() || character == '-'
                })
                && !name.is_empty()
                && name
                    .chars()
                    .all(|character| character.is_ascii_alphanumeric() || character == '*')
        })
    };
    for (index, statement) in statements.iter().enumerate() {
        let Some(fields) = statement.as_object() else {
            errors.push(format!("statement {index} is not an object"));
            continue;
        };
        for key in fields.keys() {
            if ![
                "Sid",
                "Effect",
                "Principal",
                "NotPrincipal",
                "Action",
                "NotAction",
                "Resource",
                "NotResource",
                "Condition",
            ]
            .contains(&key.as_str())
            {
                errors.push(format!("statement {index}: unknown element {key}"));
            }
        }
        if let Some(sid) = fields.get("Sid")
            && !sid.as_str().is_some_and(|sid| {
                sid.chars()
                    .all(|character| character.is_ascii_alphanumeric())
            })
        {
            errors.push(format!("statement {index}: Sid must be alphanumeric"));
        }
        if !matches!(
            fields.get("Effect").and_then(|effect| effect.as_str()),
            Some("Allow" | "Deny")
        ) {
            errors.push(format!("statement {index}: Effect must be Allow or Deny"));
        }
        let actions: Vec<&str> = match fields.get("Action") {
            Some(serde_json::Value::String(action)) => vec![action.as_str()],
            Some(serde_json::Value::Array(actions)) => actions
                .iter()
                .filter_map(|action| action.as_str())
                .collect(),
            _ => Vec::new(),
        };
        if actions.is_empty() || !actions.iter().all(|action| action_shape(action)) {
            errors.push(format!(
                "statement {index}: Action must be service:Action names"
            ));
        }
        let has_target = fields.contains_key("Resource") || fields.contains_key("Principal");
        if !has_target {
            errors.push(format!("statement {index}: needs a Resource (identity policy) or a Principal (trust policy)"));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_check_catches_mistakes() {
        let bad = serde_json::json!({"Version": "2008-10-17", "Statement": [{"Effect": "Permit", "Action": "ListUsers", "Sid": "a-b"}]});
        assert_eq!(policy_grammar_errors(&bad).len(), 5);
    }
}

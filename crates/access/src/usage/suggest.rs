//! A least-privilege identity policy cut from the user's own policies: only what was used, each
//! statement a narrowing of one the user holds today (same `Resource`, same `Condition`).
//!
//! - For a service IAM tracks by action and whose used actions it names, the used actions that
//!   each current Allow grants (`Sid` `UsedActions`).
//! - For any other used service, what each current Allow grants of that service (`s3:Get*` stays
//!   `s3:Get*`, `*` becomes `s3:*`), marked `KeptAsGrantedNoActionData`. A `NotAction` Allow
//!   becomes the service's `*` with what it left out denied on the same resources, whatever the
//!   condition (`ExcludedAsGranted`): narrower, never wider.
//! - Nothing for a service not used. The user's Denies that can touch what is kept are copied
//!   (`DeniedAsToday`), so the suggestion never loses a guard the user has today.
//!
//! The caller proves the result with `containment` before anyone sees it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::Used;
use crate::document::{Effect, Element, PolicyDocument, Statement};
use crate::pattern::Pattern;

/// A suggestion: the document's text and the services kept as granted.
pub(crate) struct Suggestion {
    pub document: String,
    pub kept_as_granted: Vec<String>,
}

/// The statements of one kind, grouped by (resource, condition): their actions.
#[derive(Default)]
struct Group(BTreeMap<String, (Value, Option<Value>, BTreeSet<String>)>);

impl Group {
    /// Adds `actions` under `statement`'s resource and, with `conditional`, its condition.
    fn add(
        &mut self,
        statement: &Statement,
        actions: impl IntoIterator<Item = String>,
        conditional: bool,
    ) {
        let Some(resource) = &statement.resource else {
            return;
        };
        let resource = element("Resource", resource);
        let condition = statement
            .condition
            .as_ref()
            .filter(|condition| conditional && !condition.is_empty())
            .map(|condition| Value::Object(condition.clone()));
        let key = format!("{resource}\u{1f}{condition:?}");
        let entry = self
            .0
            .entry(key)
            .or_insert_with(|| (resource, condition, BTreeSet::new()));
        // An entry left empty writes no statement (see `statements`).
        entry.2.extend(actions);
    }

    fn statements(self, sid: &str, effect: &str, out: &mut Vec<Value>) {
        for (index, (_, (resource, condition, actions))) in self
            .0
            .into_iter()
            .filter(|(_, (_, _, actions))| !actions.is_empty())
            .enumerate()
        {
            let mut statement = Map::new();
            let sid = if index == 0 {
                sid.to_string()
            } else {
                format!("{sid}{}", index + 1)
            };
            statement.insert("Sid".into(), Value::String(sid));
            statement.insert("Effect".into(), Value::String(effect.into()));
            statement.insert(
                "Action".into(),
                Value::Array(actions.into_iter().map(Value::String).collect()),
            );
            if let Value::Object(resource) = resource {
                statement.extend(resource);
            }
            if let Some(condition) = condition {
                statement.insert("Condition".into(), condition);
            }
            out.push(Value::Object(statement));
        }
    }
}

/// `{"Resource": [...]}` or `{"NotResource": [...]}` (`Action`/`NotAction` alike).
fn element(name: &str, element: &Element) -> Value {
    let (key, values) = match element {
        Element::Only(values) => (name.to_string(), values),
        Element::AllExcept(values) => (format!("Not{name}"), values),
    };
    let value = match values.as_slice() {
        [one] => Value::String(one.clone()),
        many => Value::Array(many.iter().cloned().map(Value::String).collect()),
    };
    json!({ key: value })
}

/// Whether an action pattern's service part (`s3`, `s*`, `*`) matches `service`.
fn service_matches(pattern: &str, service: &str) -> bool {
    match pattern.split_once(':') {
        Some((part, _)) => Pattern::action(part).matches_action(service),
        None => pattern == "*",
    }
}

/// What an `Action` pattern grants of `service`, written for it (`*` → `s3:*`).
fn within_service(pattern: &str, service: &str) -> Option<String> {
    if pattern == "*" {
        return Some(format!("{service}:*"));
    }
    let (part, action) = pattern.split_once(':')?;
    Pattern::action(part)
        .matches_action(service)
        .then(|| format!("{service}:{action}"))
}

/// The suggested policy for what was used, cut from `documents`; `None` when nothing is kept.
pub(crate) fn suggest(documents: &[PolicyDocument], used: &Used) -> Option<Suggestion> {
    let mut precise = Group::default();
    let mut kept = Group::default();
    let mut excluded = Group::default();
    let mut kept_services = BTreeSet::new();
    let allows = documents
        .iter()
        .flat_map(|document| &document.statements)
        .filter(|statement| statement.effect == Effect::Allow);
    for statement in allows {
        for service in &used.services {
            match used.actions.get(service) {
                Some(actions) => {
                    precise.add(statement, tracked(statement, service, actions), true);
                }
                None => {
                    let (granted, left_out) = untracked(statement, service);
                    if !granted.is_empty() {
                        kept_services.insert(service.clone());
                    }
                    kept.add(statement, granted, true);
                    // Unconditional: what the NotAction left out is never granted by it, and a
                    // Deny under a Condition might not apply.
                    excluded.add(statement, left_out, false);
                }
            }
        }
    }
    let mut statements = Vec::new();
    precise.statements("UsedActions", "Allow", &mut statements);
    kept.statements("KeptAsGrantedNoActionData", "Allow", &mut statements);
    if statements.is_empty() {
        return None;
    }
    excluded.statements("ExcludedAsGranted", "Deny", &mut statements);
    denies(documents, &used.services, &mut statements);
    let document = json!({ "Version": "2012-10-17", "Statement": statements });
    Some(Suggestion {
        document: serde_json::to_string_pretty(&document).ok()?,
        kept_as_granted: kept_services.into_iter().collect(),
    })
}

/// The used `actions` of a tracked `service` that `statement`'s action element covers.
fn tracked(statement: &Statement, service: &str, actions: &BTreeSet<String>) -> Vec<String> {
    actions
        .iter()
        .map(|action| format!("{service}:{action}"))
        .filter(|action| {
            let lowered = action.to_ascii_lowercase();
            match &statement.action {
                Element::Only(patterns) => patterns
                    .iter()
                    .any(|pattern| Pattern::action(pattern).matches_action(&lowered)),
                Element::AllExcept(patterns) => !patterns
                    .iter()
                    .any(|pattern| Pattern::action(pattern).matches_action(&lowered)),
            }
        })
        .collect()
}

/// What `statement` grants of an untracked `service`: the patterns to allow, and (for a
/// `NotAction` statement) those to deny beside them.
fn untracked(statement: &Statement, service: &str) -> (Vec<String>, Vec<String>) {
    match &statement.action {
        Element::Only(patterns) => {
            let granted: BTreeSet<String> = patterns
                .iter()
                .filter_map(|pattern| within_service(pattern, service))
                .collect();
            let whole = format!("{service}:*");
            if granted.contains(&whole) {
                (vec![whole], Vec::new())
            } else {
                (granted.into_iter().collect(), Vec::new())
            }
        }
        Element::AllExcept(patterns) => {
            let left_out: BTreeSet<String> = patterns
                .iter()
                .filter_map(|pattern| within_service(pattern, service))
                .collect();
            if left_out.contains(&format!("{service}:*")) {
                (Vec::new(), Vec::new())
            } else {
                (vec![format!("{service}:*")], left_out.into_iter().collect())
            }
        }
    }
}

/// The user's Denies that can touch the used services, copied as they are.
fn denies(documents: &[PolicyDocument], services: &[String], out: &mut Vec<Value>) {
    let touching = |statement: &&Statement| match &statement.action {
        Element::Only(patterns) => patterns.iter().any(|pattern| {
            services
                .iter()
                .any(|service| service_matches(pattern, service))
        }),
        Element::AllExcept(_) => true,
    };
    let copied = documents
        .iter()
        .flat_map(|document| &document.statements)
        .filter(|statement| statement.effect == Effect::Deny)
        .filter(touching)
        .filter(|statement| statement.resource.is_some());
    for (index, statement) in copied.enumerate() {
        let mut copy = Map::new();
        let sid = if index == 0 {
            "DeniedAsToday".to_string()
        } else {
            format!("DeniedAsToday{}", index + 1)
        };
        copy.insert("Sid".into(), Value::String(sid));
        copy.insert("Effect".into(), Value::String("Deny".into()));
        for (name, element_value) in [
            ("Action", Some(&statement.action)),
            ("Resource", statement.resource.as_ref()),
        ] {
            if let Some(Value::Object(parts)) = element_value.map(|value| element(name, value)) {
                copy.extend(parts);
            }
        }
        if let Some(condition) = statement.condition.as_ref().filter(|c| !c.is_empty()) {
            copy.insert("Condition".into(), Value::Object(condition.clone()));
        }
        out.push(Value::Object(copy));
    }
}

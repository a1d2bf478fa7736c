//! Whether one principal's permissions allow anything another's do not: the check that a suggested
//! least-privilege policy never grants more than the user holds today.
//!
//! Both sides are [`Permissions`] of the same user under the same permissions boundary (a boundary
//! stays attached when policies are swapped), so a pair (action, resource) is held today when some
//! current Allow covers it and no current Deny does. The question asked of each piece of each
//! suggested Allow (see `Scope::pieces`) is whether some pair inside it, inside the boundary, and
//! outside every suggested or boundary Deny, is either outside every current Allow or inside a
//! current Deny. It is answered exactly over the patterns (`language`), by narrowing the pair's
//! action set or resource set past each statement in turn (`permissions::escape`); a search that
//! runs out of budget answers "beyond", the safe side for a suggestion.
//!
//! The question is asked twice: counting every Allow, and counting only unconditional ones, so a
//! suggestion that dropped a `Condition` its source had is caught too. Denies under a `Condition`
//! take nothing away on either side (see `permissions`).

use crate::compiled::{ANY_ACTION, CompiledStatement};
use crate::language::{Constraint, satisfiable};
use crate::permissions::{ESCAPE_LIMIT, Mode, Permissions, counts, escape, with};

/// The pieces of `proposed`'s Allows (as written; `NotAction:...` for a NotAction statement) that
/// allow some action on some resource that `held` does not; empty when `proposed` grants nothing
/// beyond `held`.
pub(crate) fn beyond(proposed: &Permissions, held: &Permissions) -> Vec<String> {
    let mut found = Vec::new();
    for mode in [Mode::All, Mode::Unconditional] {
        for statement in proposed.identity.iter().filter(|s| counts(s, mode)) {
            for (piece, text) in statement.actions.pieces() {
                if exceeds(statement, piece, proposed, held, mode) {
                    found.push(text.into_owned());
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Whether some pair of `statement`'s `piece` is allowed by `proposed` and not by `held`.
fn exceeds<'a>(
    statement: &'a CompiledStatement,
    piece: Constraint<'a>,
    proposed: &'a Permissions,
    held: &'a Permissions,
    mode: Mode,
) -> bool {
    let proposed_denies: Vec<&CompiledStatement> = proposed.denies().collect();
    let held_allows: Vec<&CompiledStatement> = held.allows(mode).collect();
    let held_denies: Vec<&CompiledStatement> = held.denies().collect();
    proposed.boundary_allows(mode).into_iter().any(|boundary| {
        let mut actions = vec![
            Constraint::AnyOf(vec![&*ANY_ACTION]),
            statement.actions.inside(),
            piece.clone(),
        ];
        let mut resources = vec![statement.resources.inside()];
        if let Some(boundary) = boundary {
            actions.push(boundary.actions.inside());
            resources.push(boundary.resources.inside());
        }
        if !satisfiable(&actions) || !satisfiable(&resources) {
            return false;
        }
        // Outside every current Allow (and every suggested Deny): not held.
        let mut missed: Vec<&CompiledStatement> = proposed_denies.clone();
        missed.extend(held_allows.iter().copied());
        let mut budget = ESCAPE_LIMIT;
        if escape(&actions, &resources, &missed, &mut budget) {
            return true;
        }
        // Inside a current Deny the suggestion does not also have.
        held_denies.iter().any(|deny| {
            let actions = with(&actions, deny.actions.inside());
            let resources = with(&resources, deny.resources.inside());
            let mut budget = ESCAPE_LIMIT;
            satisfiable(&actions)
                && satisfiable(&resources)
                && escape(&actions, &resources, &proposed_denies, &mut budget)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiled::compile_actions;
    use crate::document::parse_document;

    fn permissions(documents: &[&str]) -> Permissions {
        let mut permissions = Permissions::default();
        for (index, text) in documents.iter().enumerate() {
            let document = parse_document("p", text).expect("a policy");
            let actions = compile_actions(&document);
            permissions.add_identity(format!("p{index}"), &document, &actions, Some("alice"));
        }
        permissions
    }

    #[test]
    fn a_subset_of_actions_on_the_same_resources_is_held() {
        let held = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a/*"}]}"#,
        ]);
        let narrower = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"}]}"#,
        ]);
        assert!(beyond(&narrower, &held).is_empty());
        let wider = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        ]);
        assert_eq!(beyond(&wider, &held), ["s3:GetObject"]);
        let other = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","ec2:DescribeInstances"],"Resource":"arn:aws:s3:::a/*"}]}"#,
        ]);
        assert_eq!(beyond(&other, &held), ["ec2:DescribeInstances"]);
    }

    #[test]
    fn a_current_deny_must_be_kept() {
        let held = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::secret/*"}]}"#,
        ]);
        let without = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        ]);
        assert_eq!(beyond(&without, &held), ["s3:GetObject"]);
        let with_deny = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::secret/*"}]}"#,
        ]);
        assert!(beyond(&with_deny, &held).is_empty());
    }

    #[test]
    fn a_dropped_condition_is_beyond_a_kept_one_is_not() {
        let held = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        ]);
        let dropped = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"*"}]}"#,
        ]);
        assert_eq!(beyond(&dropped, &held), ["ec2:StartInstances"]);
        let kept = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        ]);
        assert!(beyond(&kept, &held).is_empty());
    }

    #[test]
    fn not_action_grants_are_compared_as_sets() {
        let held = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]}"#,
        ]);
        let inside = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:*","sts:GetCallerIdentity"],"Resource":"*"}]}"#,
        ]);
        assert!(beyond(&inside, &held).is_empty());
        let outside = permissions(&[
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#,
        ]);
        assert_eq!(beyond(&outside, &held), ["NotAction:iam:*"]);
    }
}

//! The search against brute force, and the shapes the cheap coverage test recognises.
use proptest::prelude::*;

use super::*;
use crate::pattern::Variables;

fn action(text: &str) -> Pattern {
    Pattern::action(text)
}

#[test]
fn a_wildcard_minus_a_narrower_one_is_not_empty() {
    let (all, puts) = (action("s3:*"), action("s3:put*"));
    assert!(satisfiable(&[
        Constraint::AnyOf(vec![&all]),
        Constraint::NoneOf(vec![&puts])
    ]));
}

#[test]
fn a_pattern_covered_by_another_leaves_nothing() {
    let (gets, reads) = (action("s3:getobject*"), action("*:get*"));
    assert!(!satisfiable(&[
        Constraint::AnyOf(vec![&gets]),
        Constraint::NoneOf(vec![&reads])
    ]));
}

#[test]
fn coverage_by_several_patterns_together_is_found() {
    // "a*" is covered by "ab*" plus "a" plus "a?*" with a first letter other than b.
    let (target, first, second, third) = (action("a*"), action("ab*"), action("a"), action("a?*"));
    assert!(!satisfiable(&[
        Constraint::AnyOf(vec![&target]),
        Constraint::NoneOf(vec![&first, &second, &third]),
    ]));
    assert!(satisfiable(&[
        Constraint::AnyOf(vec![&target]),
        Constraint::NoneOf(vec![&first, &second])
    ]));
}

#[test]
fn cheap_coverage_recognises_prefix_and_infix_shapes_only() {
    let covers = |outer: &str, inner: &str| super::covers(&action(outer), &action(inner));
    assert!(covers("*:get*", "s3:getobject*"));
    assert!(covers("s3:get*", "s3:getobject"));
    assert!(covers("*", "anything?*"));
    assert!(covers("s3:get?", "s3:get?"));
    assert!(!covers("*:get*", "s3:*get"));
    assert!(!covers("s3:get*", "s3:ge*"));
    assert!(!covers("s3:g?t*", "s3:get"));
    assert!(!covers("s3:get", "s3:get*"));
    assert!(covers("*:describe*", "*:describe*"));
    assert!(covers("*:describe*", "*:describeinstances*"));
    assert!(!covers("*:describeinstances*", "*:describe*"));
}

#[test]
fn an_empty_any_of_is_impossible_and_no_constraint_is_trivial() {
    assert!(!satisfiable(&[Constraint::AnyOf(Vec::new())]));
    assert!(satisfiable(&[]));
}

#[test]
fn self_only_user_resource_has_no_other_user() {
    let variables = Variables {
        enabled: true,
        user_name: Some("alice"),
    };
    let allowed = Pattern::resource("arn:aws:iam::*:user/${aws:username}", variables);
    let in_account = Pattern::resource("arn:aws:iam::111122223333:user/*", Variables::default());
    let own = Pattern::literal("arn:aws:iam::111122223333:user/alice");
    // `*` spans colons, so `arn:aws:iam::111122223333:user/b:user/alice` would match both: a
    // user ARN has no colon after `user/`, which the caller states.
    let colon_after = Pattern::resource("arn:aws:iam::111122223333:user/*:*", Variables::default());
    assert!(!satisfiable(&[
        Constraint::AnyOf(vec![&allowed]),
        Constraint::AnyOf(vec![&in_account]),
        Constraint::NoneOf(vec![&own, &colon_after]),
    ]));
    let everyone = Pattern::resource("arn:aws:iam::*:user/*", variables);
    assert!(satisfiable(&[
        Constraint::AnyOf(vec![&everyone]),
        Constraint::AnyOf(vec![&in_account]),
        Constraint::NoneOf(vec![&own]),
    ]));
}

/// All strings over `alphabet` up to `length`, for the brute-force comparison.
fn strings(alphabet: &[char], length: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut frontier = vec![String::new()];
    for _ in 0..length {
        frontier = frontier
            .iter()
            .flat_map(|prefix| {
                alphabet
                    .iter()
                    .map(move |character| format!("{prefix}{character}"))
            })
            .collect();
        all.extend(frontier.iter().cloned());
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(400)))]

    /// The search finds a string exactly when brute force over short strings does.
    #[test]
    fn agrees_with_brute_force(wanted in proptest::collection::vec("[ab*?]{0,4}", 1..3),
                               avoided in proptest::collection::vec("[ab*?]{0,4}", 0..3)) {
        let wanted: Vec<Pattern> = wanted.iter().map(|text| Pattern::action(text)).collect();
        let avoided: Vec<Pattern> = avoided.iter().map(|text| Pattern::action(text)).collect();
        let mut constraints: Vec<Constraint<'_>> = wanted.iter().map(|pattern| Constraint::AnyOf(vec![pattern])).collect();
        constraints.push(Constraint::NoneOf(avoided.iter().collect()));
        // Patterns of at most four characters: a shortest witness, if any, is far shorter than 8.
        let brute = strings(&['a', 'b', 'c'], 8).iter().any(|candidate| {
            wanted.iter().all(|pattern| pattern.matches(candidate)) && !avoided.iter().any(|pattern| pattern.matches(candidate))
        });
        prop_assert_eq!(satisfiable(&constraints), brute);
    }
}

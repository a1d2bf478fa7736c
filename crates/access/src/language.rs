//! Decides whether some string satisfies a set of wildcard constraints at once: "an action that
//! `s3:*` allows, that no read-only pattern covers and that `s3:Put*` does not deny", or "a user ARN
//! in this account that `arn:aws:iam::*:user/*` allows and that is not the caller's own".
//!
//! The evaluator asks these questions instead of enumerating a catalog of every AWS action and
//! resource: wildcard patterns are regular languages, so "is the intersection of these patterns
//! minus those patterns empty?" has an exact answer. The search walks the product of the patterns'
//! automata breadth-first over the characters the patterns mention plus one stand-in for every
//! other character. It is bounded ([`STATE_LIMIT`]); a search that hits the bound answers "yes,
//! some string exists", the audit's safe side (more access reported, never less).

use std::collections::{HashSet, VecDeque};

use crate::pattern::{Pattern, Shape, Token};

/// Product states explored before the search gives up and answers "satisfiable". Real policies
/// need a few hundred at most.
const STATE_LIMIT: usize = 20_000;

/// One requirement on the string sought.
#[derive(Clone, Debug)]
pub(crate) enum Constraint<'p> {
    /// The string matches at least one of these patterns (none: impossible).
    AnyOf(Vec<&'p Pattern>),
    /// The string matches none of these patterns.
    NoneOf(Vec<&'p Pattern>),
}

/// One pattern taking part in the search: which constraint it belongs to and whether it is there
/// to be matched (`AnyOf`) or avoided (`NoneOf`).
struct Member<'p> {
    pattern: &'p Pattern,
    group: usize,
}

/// Whether some string satisfies every constraint. A search over [`STATE_LIMIT`] answers `true`.
pub(crate) fn satisfiable(constraints: &[Constraint<'_>]) -> bool {
    // `AnyOf` with a universal pattern holds for every string; `NoneOf` with one for none.
    let mut trivial = true;
    for constraint in constraints {
        match constraint {
            Constraint::AnyOf(patterns) => {
                trivial &= patterns.iter().any(|pattern| pattern.is_universal())
            }
            Constraint::NoneOf(patterns)
                if patterns.iter().any(|pattern| pattern.is_universal()) =>
            {
                return false;
            }
            Constraint::NoneOf(patterns) => trivial &= patterns.is_empty(),
        }
    }
    if trivial {
        return true;
    }
    if obviously_covered(constraints) {
        return false;
    }
    if candidates(constraints).any(|candidate| satisfies(constraints, &candidate)) {
        return true;
    }
    let Some((members, wanted, required)) = members_after_prefix_filter(constraints) else {
        return false;
    };
    let alphabet = alphabet(&members);
    let mut state = Vec::new();
    for (index, member) in members.iter().enumerate() {
        state.extend(
            member
                .pattern
                .start()
                .into_iter()
                .map(|position| (index, position)),
        );
    }
    let mut state = normalize(&members, &wanted, state);
    let mut scratch = Vec::new();
    // Every satisfying string starts with the required prefix: read it in one walk instead of
    // searching breadth-first through it (an ARN prefix is some forty characters).
    for character in required.chars() {
        if matches!(judge(&members, &wanted, &state), Verdict::Dead) {
            return false;
        }
        state = advance(&members, &wanted, &state, character, &mut scratch);
    }
    match judge(&members, &wanted, &state) {
        Verdict::Dead => return false,
        Verdict::Accepting => return true,
        Verdict::Alive => {}
    }
    let mut seen = HashSet::new();
    let mut queue = VecDeque::new();
    seen.insert(state.clone());
    queue.push_back(state);
    // Every queued state is alive: states are judged when found, so a satisfying string is
    // reported as soon as it is read rather than a breadth-first level later.
    while let Some(state) = queue.pop_front() {
        for &character in &alphabet {
            let next = advance(&members, &wanted, &state, character, &mut scratch);
            if seen.len() >= STATE_LIMIT {
                return true;
            }
            if seen.contains(&next) {
                continue;
            }
            match judge(&members, &wanted, &next) {
                Verdict::Dead => {}
                Verdict::Accepting => return true,
                Verdict::Alive => queue.push_back(next.clone()),
            }
            seen.insert(next);
        }
    }
    false
}

/// Concrete strings worth trying before a search: each wanted pattern with its wildcards filled
/// in as shortly as possible, and with an `x` each (a `?` is always an `x`). Most satisfiable
/// questions are answered by one of them.
fn candidates<'a>(constraints: &'a [Constraint<'_>]) -> impl Iterator<Item = String> + 'a {
    constraints
        .iter()
        .filter_map(|constraint| match constraint {
            Constraint::AnyOf(patterns) => Some(patterns),
            Constraint::NoneOf(_) => None,
        })
        .flatten()
        .flat_map(|pattern| {
            [false, true].map(|filled| {
                pattern
                    .tokens()
                    .iter()
                    .filter_map(|token| match token {
                        Token::Literal(character) => Some(*character),
                        Token::AnyOne => Some('x'),
                        Token::AnyMany | Token::AnyInSegment => filled.then_some('x'),
                    })
                    .collect()
            })
        })
}

/// Whether `candidate` satisfies every constraint.
fn satisfies(constraints: &[Constraint<'_>], candidate: &str) -> bool {
    constraints.iter().all(|constraint| match constraint {
        Constraint::AnyOf(patterns) => patterns.iter().any(|pattern| pattern.matches(candidate)),
        Constraint::NoneOf(patterns) => !patterns.iter().any(|pattern| pattern.matches(candidate)),
    })
}

/// The state after reading `character`.
fn advance(
    members: &[Member<'_>],
    wanted: &[bool],
    state: &[(usize, usize)],
    character: char,
    scratch: &mut Vec<usize>,
) -> Vec<(usize, usize)> {
    let mut next = Vec::with_capacity(state.len());
    for run in state.chunk_by(|left, right| left.0 == right.0) {
        let index = run[0].0;
        let pattern = members[index].pattern;
        scratch.clear();
        for &(_, position) in run {
            pattern.step(position, character, scratch);
        }
        scratch.sort_unstable();
        scratch.dedup();
        pattern.close(scratch);
        next.extend(scratch.iter().map(|&position| (index, position)));
    }
    normalize(members, wanted, next)
}

/// Whether a required single pattern lies wholly inside a pattern to avoid, by a test that is
/// cheap and exact for the shapes that make up read-only lists (`s3:Get*` inside `*:get*` or
/// `s3:get*`): then nothing can satisfy the constraints, and the search is skipped.
fn obviously_covered(constraints: &[Constraint<'_>]) -> bool {
    let required = constraints
        .iter()
        .filter_map(|constraint| match constraint {
            Constraint::AnyOf(patterns) if patterns.len() == 1 => Some(patterns[0]),
            _ => None,
        });
    let avoided: Vec<&Pattern> = constraints
        .iter()
        .filter_map(|constraint| match constraint {
            Constraint::NoneOf(patterns) => Some(patterns),
            Constraint::AnyOf(_) => None,
        })
        .flatten()
        .copied()
        .collect();
    required
        .into_iter()
        .any(|inner| avoided.iter().any(|outer| covers(outer, inner)))
}

/// Whether every string `inner` matches, `outer` matches too; `false` means "not shown".
/// Recognised: `outer` identical to `inner` or universal; `literal*`, which covers whatever
/// starts with `literal`; `*literal*`, which covers whatever contains `literal` (before `inner`'s
/// first wildcard, or inside the literal of an `inner` shaped `*literal*` too).
fn covers(outer: &Pattern, inner: &Pattern) -> bool {
    if outer == inner || outer.is_universal() {
        return true;
    }
    match outer.shape() {
        Shape::StartsWith(literal) => inner.literal_prefix().starts_with(literal.as_str()),
        Shape::Contains(literal) => {
            inner.literal_prefix().contains(literal.as_str())
                || matches!(inner.shape(), Shape::Contains(held) if held.contains(literal.as_str()))
        }
        Shape::Other => false,
    }
}

/// The patterns that can matter, for each constraint whether it is an `AnyOf`, and the prefix
/// every satisfying string starts with. Patterns that cannot match any string the constraints
/// allow (their literal prefix contradicts the required one) are dropped, which keeps large
/// read-only lists cheap. `None`: unsatisfiable outright.
fn members_after_prefix_filter<'p>(
    constraints: &[Constraint<'p>],
) -> Option<(Vec<Member<'p>>, Vec<bool>, &'p str)> {
    let required: &'p str = constraints
        .iter()
        .filter_map(|constraint| match constraint {
            Constraint::AnyOf(patterns) if patterns.len() == 1 => {
                Some(patterns[0].literal_prefix())
            }
            _ => None,
        })
        .max_by_key(|prefix| prefix.len())
        .unwrap_or_default();
    let compatible = |pattern: &Pattern| {
        let prefix = pattern.literal_prefix();
        prefix.starts_with(required) || required.starts_with(prefix)
    };
    let mut members = Vec::new();
    let mut wanted = Vec::with_capacity(constraints.len());
    for (group, constraint) in constraints.iter().enumerate() {
        let (patterns, is_wanted) = match constraint {
            Constraint::AnyOf(patterns) => (patterns, true),
            Constraint::NoneOf(patterns) => (patterns, false),
        };
        wanted.push(is_wanted);
        let before = members.len();
        members.extend(
            patterns
                .iter()
                .filter(|pattern| compatible(pattern))
                .map(|pattern| Member { pattern, group }),
        );
        if is_wanted && members.len() == before {
            return None;
        }
    }
    Some((members, wanted, required))
}

/// Every character some pattern names, plus one that none does (standing for all the others).
fn alphabet(members: &[Member<'_>]) -> Vec<char> {
    let mut characters: Vec<char> = members
        .iter()
        .flat_map(|member| member.pattern.tokens())
        .filter_map(|token| match token {
            Token::Literal(character) => Some(*character),
            Token::AnyOne | Token::AnyMany | Token::AnyInSegment => None,
        })
        .collect();
    characters.sort_unstable();
    characters.dedup();
    let other = ('a'..='z')
        .chain('0'..='9')
        .chain(std::iter::once('\u{E000}'))
        .find(|candidate| characters.binary_search(candidate).is_err())
        .unwrap_or('\u{E001}');
    characters.push(other);
    characters
}

/// Sorts the state, and shrinks an `AnyOf` constraint already satisfied by every continuation to
/// the one entry that satisfies it, so that equivalent states compare equal.
fn normalize(
    members: &[Member<'_>],
    wanted: &[bool],
    mut state: Vec<(usize, usize)>,
) -> Vec<(usize, usize)> {
    state.sort_unstable();
    state.dedup();
    let mut settled: Vec<Option<(usize, usize)>> = vec![None; wanted.len()];
    for &(index, position) in &state {
        let member = &members[index];
        if wanted[member.group]
            && settled[member.group].is_none()
            && member.pattern.universal_at(position)
        {
            settled[member.group] = Some((index, position));
        }
    }
    if settled.iter().all(Option::is_none) {
        return state;
    }
    state.retain(|&(index, position)| match settled[members[index].group] {
        Some(kept) => kept == (index, position),
        None => true,
    });
    state
}

enum Verdict {
    /// No continuation can satisfy every constraint.
    Dead,
    /// The string read so far satisfies every constraint.
    Accepting,
    /// Undecided: read on.
    Alive,
}

fn judge(members: &[Member<'_>], wanted: &[bool], state: &[(usize, usize)]) -> Verdict {
    let mut alive = vec![false; wanted.len()];
    let mut accepting = vec![false; wanted.len()];
    for &(index, position) in state {
        let member = &members[index];
        if !wanted[member.group] && member.pattern.universal_at(position) {
            return Verdict::Dead;
        }
        alive[member.group] = true;
        accepting[member.group] |= member.pattern.accepts_at(position);
    }
    let mut all_accept = true;
    for (group, &is_wanted) in wanted.iter().enumerate() {
        if is_wanted && !alive[group] {
            return Verdict::Dead;
        }
        all_accept &= accepting[group] == is_wanted;
    }
    if all_accept {
        Verdict::Accepting
    } else {
        Verdict::Alive
    }
}

#[cfg(test)]
mod tests;

//! One principal's policies compiled for evaluation, and the questions the classes are built from:
//! "is this action allowed on some resource of this kind?", "is there an allowed action outside
//! this set?", "is everything allowed?". Each answer applies IAM's evaluation logic for
//! identity-based policies within one account:
//!
//! - an action on a resource is allowed when some identity Allow statement covers both (Action or
//!   NotAction, Resource or NotResource), no Deny covers both (explicit Deny always wins), and,
//!   when there is a permissions boundary, some boundary Allow covers both too (effective =
//!   identity ∩ boundary; boundary Denies deny as well);
//! - an Allow under a `Condition` counts as granting (conservative for an audit: a condition is no
//!   proof that the grant cannot apply), but only in [`Mode::All`]; [`Mode::Unconditional`] leaves
//!   it out, and comparing the two answers is how results are marked `conditional`;
//! - a Deny under a `Condition` removes nothing: it may not apply, and an audit should not
//!   assume a guard that depends on request context (MFA, source IP, tags) it cannot see;
//! - "some resource": the question is whether any resource string satisfies all the patterns at
//!   once, answered exactly (see `language`), so `Deny s3:* on arn:aws:s3:::a/*` removes
//!   `s3:GetObject` on `arn:aws:s3:::a/*` and nothing else.
//!
//! Resource-based policies, SCPs, session policies and cross-account trust are not part of the
//! question: this is the identity side only.

use std::collections::BTreeSet;
use std::rc::Rc;

use crate::compiled::{ANY_ACTION, CompiledStatement, Scope, compile};
use crate::document::{Effect, PolicyDocument};
use crate::language::{Constraint, satisfiable};
use crate::pattern::Pattern;
use crate::read_only::read_only_patterns;

/// Deny combinations tried for one statement before answering "allowed" (the safe side).
pub(crate) const ESCAPE_LIMIT: usize = 4_096;

/// Actions of different services and verbs (lowercase): one left out of a set of statements
/// proves they do not cover every action.
const ADMIN_PROBES: &[&str] = &[
    "iam:createuser",
    "iam:passrole",
    "organizations:leaveorganization",
    "s3:putobject",
    "ec2:runinstances",
    "lambda:updatefunctioncode",
    "sts:assumerole",
    "kms:decrypt",
    "account:putalternatecontact",
    "zzz-unknown-service:do",
];

/// Which Allow statements count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Only Allows without a `Condition`.
    Unconditional,
    /// Every Allow.
    All,
}

/// Whether an Allow statement counts in `mode`.
pub(crate) fn counts(statement: &CompiledStatement, mode: Mode) -> bool {
    statement.effect == Effect::Allow && (mode == Mode::All || !statement.conditional)
}

/// A principal's identity policies and permissions boundary, compiled.
#[derive(Debug, Default)]
pub(crate) struct Permissions {
    /// Where each policy comes from (`AdministratorAccess (attached)`, `inline:x`, ...).
    pub(crate) labels: Vec<String>,
    pub(crate) identity: Vec<CompiledStatement>,
    /// `None`: no boundary; `Some`: the boundary policy's statements.
    pub(crate) boundary: Option<Vec<CompiledStatement>>,
}

impl Permissions {
    /// Adds an identity policy, with its statements' actions from [`compile_actions`].
    pub(crate) fn add_identity(
        &mut self,
        label: String,
        document: &PolicyDocument,
        actions: &[Rc<Scope>],
        user_name: Option<&str>,
    ) {
        let source = self.labels.len();
        self.labels.push(label);
        let statements = compile(document, actions, source, user_name);
        self.identity.extend(statements);
    }

    /// Sets the permissions boundary.
    pub(crate) fn set_boundary(
        &mut self,
        document: &PolicyDocument,
        actions: &[Rc<Scope>],
        user_name: Option<&str>,
    ) {
        self.boundary = Some(compile(document, actions, usize::MAX, user_name));
    }

    pub(crate) fn allows(&self, mode: Mode) -> impl Iterator<Item = &CompiledStatement> {
        self.identity
            .iter()
            .filter(move |statement| counts(statement, mode))
    }

    /// Unconditional Denies, identity and boundary.
    pub(crate) fn denies(&self) -> impl Iterator<Item = &CompiledStatement> {
        self.identity
            .iter()
            .chain(self.boundary.iter().flatten())
            .filter(|statement| statement.effect == Effect::Deny && !statement.conditional)
    }

    /// The boundary Allows that count: `[None]` when there is no boundary.
    pub(crate) fn boundary_allows(&self, mode: Mode) -> Vec<Option<&CompiledStatement>> {
        match &self.boundary {
            None => vec![None],
            Some(statements) => statements
                .iter()
                .filter(|statement| counts(statement, mode))
                .map(Some)
                .collect(),
        }
    }

    /// The policies (indices into `labels`) that allow `action` on some resource satisfying
    /// `target`; empty when it is not allowed.
    pub(crate) fn sources_allowing(
        &self,
        action: &str,
        target: &[Constraint<'_>],
        mode: Mode,
    ) -> BTreeSet<usize> {
        let action = action.to_lowercase();
        let escapes: Vec<Constraint<'_>> = self
            .denies()
            .filter(|deny| deny.actions.contains_action(&action))
            .map(|deny| deny.resources.outside())
            .collect();
        let boundaries: Vec<_> = self
            .boundary_allows(mode)
            .into_iter()
            .filter(|boundary| {
                boundary.is_none_or(|statement| statement.actions.contains_action(&action))
            })
            .collect();
        let mut sources = BTreeSet::new();
        for statement in self
            .allows(mode)
            .filter(|statement| statement.actions.contains_action(&action))
        {
            if sources.contains(&statement.source) {
                continue;
            }
            let allowed = boundaries.iter().any(|boundary| {
                let mut constraints = target.to_vec();
                constraints.push(statement.resources.inside());
                constraints.extend(boundary.map(|boundary| boundary.resources.inside()));
                constraints.extend(escapes.iter().cloned());
                satisfiable(&constraints)
            });
            if allowed {
                sources.insert(statement.source);
            }
        }
        sources
    }

    /// The policies that allow some action on some resource (with `read_only_excluded`: some
    /// action that is not read-only).
    pub(crate) fn sources_granting(&self, read_only_excluded: bool, mode: Mode) -> BTreeSet<usize> {
        let mut sources = BTreeSet::new();
        for statement in self.allows(mode) {
            if !sources.contains(&statement.source)
                && !self
                    .statement_grants(statement, &[], read_only_excluded, mode, false)
                    .is_empty()
            {
                sources.insert(statement.source);
            }
        }
        sources
    }

    /// The action patterns (as written; `NotAction:...` for a NotAction statement), with their
    /// policies, that allow some action not matched by `excluded` on some resource.
    pub(crate) fn grants_outside(&self, excluded: &[&Pattern], mode: Mode) -> Vec<(usize, String)> {
        self.allows(mode)
            .flat_map(|statement| {
                self.statement_grants(statement, excluded, false, mode, true)
                    .into_iter()
                    .map(|text| (statement.source, text))
            })
            .collect()
    }

    /// The pieces of `statement` (see [`Scope::pieces`]) that allow some action outside
    /// `excluded` (and outside the read-only actions with `read_only_excluded`); only the first
    /// unless `every_piece`.
    fn statement_grants(
        &self,
        statement: &CompiledStatement,
        excluded: &[&Pattern],
        read_only_excluded: bool,
        mode: Mode,
        every_piece: bool,
    ) -> Vec<String> {
        let mut outside: Vec<&Pattern> = excluded.to_vec();
        if read_only_excluded {
            outside.extend(read_only_patterns(statement.read_only_sessions));
        }
        // Denies and the boundary only take away: a piece with nothing outside the read-only
        // actions has nothing there for any principal, which is worth remembering per policy.
        let read_only = read_only_excluded && excluded.is_empty();
        let read_only_pieces = read_only.then(|| statement.actions.read_only_pieces(&outside));
        let mut texts = Vec::new();
        for (index, (piece, text)) in statement.actions.pieces().into_iter().enumerate() {
            if read_only_pieces
                .as_ref()
                .is_some_and(|pieces| pieces.get(index) == Some(&true))
            {
                continue;
            }
            let actions = vec![
                Constraint::AnyOf(vec![&*ANY_ACTION]),
                piece,
                Constraint::NoneOf(outside.clone()),
            ];
            if self.some_action_allowed(statement, actions, mode) {
                texts.push(text.into_owned());
                if !every_piece {
                    break;
                }
            }
        }
        texts
    }

    /// Whether some (action, resource) pair is allowed through `statement`, the action also
    /// satisfying `actions`: the boundary must allow the pair too, and every Deny must miss it
    /// (on its action or on its resource, whichever leaves something).
    fn some_action_allowed<'a>(
        &'a self,
        statement: &'a CompiledStatement,
        actions: Vec<Constraint<'a>>,
        mode: Mode,
    ) -> bool {
        self.boundary_allows(mode).into_iter().any(|boundary| {
            let mut actions = actions.clone();
            let mut resources = vec![statement.resources.inside()];
            if let Some(boundary) = boundary {
                actions.push(boundary.actions.inside());
                resources.push(boundary.resources.inside());
            }
            if !satisfiable(&actions) || !satisfiable(&resources) {
                return false;
            }
            let relevant: Vec<&CompiledStatement> = self
                .denies()
                .filter(|deny| {
                    satisfiable(&with(&actions, deny.actions.inside()))
                        && satisfiable(&with(&resources, deny.resources.inside()))
                })
                .collect();
            let mut budget = ESCAPE_LIMIT;
            escape(&actions, &resources, &relevant, &mut budget)
        })
    }

    /// Whether some action matching `actions` (e.g. one service's, `s3:*`) is allowed on some
    /// resource, through any Allow that counts in `mode`.
    pub(crate) fn allows_some(&self, actions: &Pattern, mode: Mode) -> bool {
        self.allows(mode).any(|statement| {
            self.some_action_allowed(
                statement,
                vec![
                    Constraint::AnyOf(vec![&*ANY_ACTION]),
                    statement.actions.inside(),
                    Constraint::AnyOf(vec![actions]),
                ],
                mode,
            )
        })
    }

    /// Whether every action on every resource is allowed (the admin rule), and by which policies.
    /// `None`: not admin.
    pub(crate) fn admin_sources(&self, mode: Mode) -> Option<BTreeSet<usize>> {
        let any_action = Constraint::AnyOf(vec![&*ANY_ACTION]);
        let denies_something = |deny: &CompiledStatement| {
            satisfiable(&[any_action.clone(), deny.actions.inside()])
                && satisfiable(&[deny.resources.inside()])
        };
        if self.denies().any(denies_something) {
            return None;
        }
        let covers_everything = |statements: &[&CompiledStatement]| {
            // A concrete action left out settles it without a search (most non-admins).
            let covers = |action: &str| {
                statements
                    .iter()
                    .any(|statement| statement.actions.contains(action))
            };
            if !ADMIN_PROBES.iter().all(|action| covers(action)) {
                return false;
            }
            let mut constraints = vec![any_action.clone()];
            constraints.extend(
                statements
                    .iter()
                    .map(|statement| statement.actions.outside()),
            );
            !satisfiable(&constraints)
        };
        if let Some(boundary) = &self.boundary {
            let full: Vec<_> = boundary
                .iter()
                .filter(|statement| counts(statement, mode) && statement.resources.is_universal())
                .collect();
            if !covers_everything(&full) {
                return None;
            }
        }
        let full: Vec<_> = self
            .allows(mode)
            .filter(|statement| statement.resources.is_universal())
            .collect();
        if !covers_everything(&full) {
            return None;
        }
        let contributing: BTreeSet<usize> = full.iter().map(|statement| statement.source).collect();
        let alone: BTreeSet<usize> = contributing
            .iter()
            .copied()
            .filter(|source| {
                let own: Vec<_> = full
                    .iter()
                    .copied()
                    .filter(|statement| statement.source == *source)
                    .collect();
                covers_everything(&own)
            })
            .collect();
        Some(if alone.is_empty() {
            contributing
        } else {
            alone
        })
    }
}

pub(crate) fn with<'a>(
    constraints: &[Constraint<'a>],
    extra: Constraint<'a>,
) -> Vec<Constraint<'a>> {
    let mut all = constraints.to_vec();
    all.push(extra);
    all
}

/// Whether the (action, resource) sets can be narrowed so that every Deny in `denies` misses
/// them, each Deny missed on its action side or its resource side.
pub(crate) fn escape(
    actions: &[Constraint<'_>],
    resources: &[Constraint<'_>],
    denies: &[&CompiledStatement],
    budget: &mut usize,
) -> bool {
    let Some((deny, rest)) = denies.split_first() else {
        return true;
    };
    if *budget == 0 {
        return true;
    }
    *budget -= 1;
    let narrower_actions = with(actions, deny.actions.outside());
    if satisfiable(&narrower_actions) && escape(&narrower_actions, resources, rest, budget) {
        return true;
    }
    let narrower_resources = with(resources, deny.resources.outside());
    satisfiable(&narrower_resources) && escape(actions, &narrower_resources, rest, budget)
}

#[cfg(test)]
mod tests;

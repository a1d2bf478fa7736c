//! Policies compiled for evaluation: each Action/NotAction and Resource/NotResource element as
//! wildcard patterns ([`Scope`]), each statement with its effect, condition flag and origin
//! ([`CompiledStatement`]). A managed policy's action scopes are compiled once per account and
//! shared (`Rc`) by every principal it is attached to, with what has been learned about them
//! (which actions they contain, which patterns are read-only); resources are compiled per
//! principal, since `${aws:username}` differs.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;

use crate::document::{Effect, Element, PolicyDocument};
use crate::language::{Constraint, satisfiable};
use crate::pattern::{Pattern, Variables};
use crate::read_only::restricts_to_read_only_sessions;

/// Every action has the form `service:name`.
pub(crate) static ANY_ACTION: LazyLock<Pattern> = LazyLock::new(|| Pattern::action("*:*"));

/// A compiled Action/NotAction or Resource/NotResource element.
#[derive(Debug)]
pub(crate) struct Scope {
    patterns: Vec<Pattern>,
    /// The element's text, for reports.
    texts: Vec<String>,
    /// `NotAction` / `NotResource`.
    negated: bool,
    /// Answers of [`Scope::contains_action`] so far: a managed policy's scope is shared by every
    /// principal it is attached to, and each asks about the same escalation actions.
    answers: RefCell<HashMap<String, bool>>,
    /// [`Scope::read_only_pieces`], once computed.
    read_only: RefCell<Option<Rc<[bool]>>>,
}

impl Scope {
    fn actions(element: &Element) -> Self {
        let (texts, negated) = split(element);
        Self {
            patterns: texts.iter().map(|text| Pattern::action(text)).collect(),
            texts: texts.to_vec(),
            negated,
            answers: RefCell::default(),
            read_only: RefCell::default(),
        }
    }

    fn resources(element: Option<&Element>, variables: Variables<'_>) -> Self {
        let Some(element) = element else {
            // An identity statement without a resource matches nothing (IAM rejects such a
            // statement, so it only shows up in hand-made data).
            return Self {
                patterns: Vec::new(),
                texts: Vec::new(),
                negated: false,
                answers: RefCell::default(),
                read_only: RefCell::default(),
            };
        };
        let (texts, negated) = split(element);
        Self {
            patterns: texts
                .iter()
                .map(|text| Pattern::resource(text, variables))
                .collect(),
            texts: texts.to_vec(),
            negated,
            answers: RefCell::default(),
            read_only: RefCell::default(),
        }
    }

    /// Whether the scope contains `candidate` (actions: already lowercased).
    pub(crate) fn contains(&self, candidate: &str) -> bool {
        self.negated
            != self
                .patterns
                .iter()
                .any(|pattern| pattern.matches(candidate))
    }

    /// [`Scope::contains`] for a lowercased action, remembered.
    pub(crate) fn contains_action(&self, action: &str) -> bool {
        if let Some(answer) = self.answers.borrow().get(action) {
            return *answer;
        }
        let answer = self.contains(action);
        self.answers.borrow_mut().insert(action.to_owned(), answer);
        answer
    }

    /// For each of [`Scope::pieces`], whether every action it matches is in `read_only` (the
    /// read-only patterns of this scope's statement: always the same for one scope), remembered.
    pub(crate) fn read_only_pieces(&self, read_only: &[&Pattern]) -> Rc<[bool]> {
        if let Some(pieces) = self.read_only.borrow().as_ref() {
            return Rc::clone(pieces);
        }
        let pieces: Rc<[bool]> = self
            .pieces()
            .into_iter()
            .map(|(piece, _)| {
                !satisfiable(&[
                    Constraint::AnyOf(vec![&*ANY_ACTION]),
                    piece,
                    Constraint::NoneOf(read_only.to_vec()),
                ])
            })
            .collect();
        *self.read_only.borrow_mut() = Some(Rc::clone(&pieces));
        pieces
    }

    /// Whether the scope contains every string (`"*"`).
    pub(crate) fn is_universal(&self) -> bool {
        !self.negated && self.patterns.iter().any(Pattern::is_universal)
    }

    /// The constraint "inside this scope".
    pub(crate) fn inside(&self) -> Constraint<'_> {
        let patterns = self.patterns.iter().collect();
        if self.negated {
            Constraint::NoneOf(patterns)
        } else {
            Constraint::AnyOf(patterns)
        }
    }

    /// The constraint "outside this scope".
    pub(crate) fn outside(&self) -> Constraint<'_> {
        let patterns = self.patterns.iter().collect();
        if self.negated {
            Constraint::AnyOf(patterns)
        } else {
            Constraint::NoneOf(patterns)
        }
    }

    /// One piece per listed pattern for `Action` (each asked alone, which lets the search drop
    /// unrelated read-only patterns); the whole scope for `NotAction`. Each piece comes with the
    /// text reports show for it.
    pub(crate) fn pieces(&self) -> Vec<(Constraint<'_>, Cow<'_, str>)> {
        if self.negated {
            return vec![(
                self.inside(),
                Cow::Owned(format!("NotAction:{}", self.texts.join(","))),
            )];
        }
        self.patterns
            .iter()
            .zip(&self.texts)
            .map(|(pattern, text)| {
                (
                    Constraint::AnyOf(vec![pattern]),
                    Cow::Borrowed(text.as_str()),
                )
            })
            .collect()
    }
}

fn split(element: &Element) -> (&[String], bool) {
    match element {
        Element::Only(values) => (values, false),
        Element::AllExcept(values) => (values, true),
    }
}

/// One statement, compiled.
#[derive(Debug)]
pub(crate) struct CompiledStatement {
    /// Index of the policy it came from in `Permissions::labels`.
    pub(crate) source: usize,
    pub(crate) effect: Effect,
    /// Shared by every principal the policy is attached to (compiled once per account).
    pub(crate) actions: Rc<Scope>,
    pub(crate) resources: Scope,
    pub(crate) conditional: bool,
    /// Its condition makes `s3express:CreateSession` read-only (see `read_only`).
    pub(crate) read_only_sessions: bool,
}

/// Each statement's compiled Action/NotAction, in document order: the part of a policy that is
/// the same for every principal (resources may hold `${aws:username}`).
pub(crate) fn compile_actions(document: &PolicyDocument) -> Vec<Rc<Scope>> {
    document
        .statements
        .iter()
        .map(|statement| Rc::new(Scope::actions(&statement.action)))
        .collect()
}

pub(crate) fn compile(
    document: &PolicyDocument,
    actions: &[Rc<Scope>],
    source: usize,
    user_name: Option<&str>,
) -> Vec<CompiledStatement> {
    let variables = Variables {
        enabled: document.version.as_deref() == Some("2012-10-17"),
        user_name,
    };
    document
        .statements
        .iter()
        .zip(actions)
        .map(|(statement, actions)| CompiledStatement {
            source,
            effect: statement.effect,
            actions: Rc::clone(actions),
            resources: Scope::resources(statement.resource.as_ref(), variables),
            conditional: statement.is_conditional(),
            read_only_sessions: statement
                .condition
                .as_ref()
                .is_some_and(restricts_to_read_only_sessions),
        })
        .collect()
}

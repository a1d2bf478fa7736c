//! IAM wildcard patterns, compiled once into tokens so that matching one name and reasoning about
//! whole sets of names (see `language`) share one definition of `*` and `?`.
//!
//! - Actions (`service:Action`) match case-insensitively: action patterns are lowercased when
//!   compiled and candidates are lowercased by [`Pattern::matches_action`].
//! - Resources (ARNs) match case-sensitively. `*` matches any run of characters, colons included:
//!   IAM documents that a `*` ending an ARN segment "can expand to match beyond the colon
//!   boundaries"; a `*` in the middle of a segment that IAM would keep inside the segment is
//!   matched more widely here. The difference only shows for hand-written mid-segment wildcards.
//! - Policy variables in resources (`${aws:username}`, only in `Version` `2012-10-17` documents):
//!   `${aws:username}` becomes the evaluated user's name; `${*}`, `${?}` and `${$}` are the literal
//!   characters; any other variable (tags, `aws:userid`, ...) is unknown here and matches anything,
//!   as `*` would. That widens an Allow (reports more access, the audit's safe side) and also widens
//!   a Deny: documented in the crate's limits.

/// One element of a compiled pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Token {
    /// Exactly this character.
    Literal(char),
    /// `?`: any single character.
    AnyOne,
    /// `*`: any run of characters, possibly empty.
    AnyMany,
    /// Any run of characters without a colon: one ARN segment. Never parsed from a policy (IAM's
    /// `*` is [`Token::AnyMany`] here); built for the evaluator's own target ARNs.
    AnyInSegment,
}

/// A compiled wildcard pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pattern {
    tokens: Vec<Token>,
    /// The first index from which every remaining token is `*` (`usize::MAX` when the pattern
    /// does not end in `*`): from there on the pattern accepts every continuation.
    universal_from: usize,
    /// The characters before the first wildcard.
    prefix: String,
    /// The simple shape, if any, that coverage checks recognise.
    shape: Shape,
}

/// Shapes whose languages are easy to compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `literal*`: every string starting with `literal`.
    StartsWith(String),
    /// `*literal*`: every string containing `literal`.
    Contains(String),
    /// Anything else.
    Other,
}

/// What a resource pattern's policy variables resolve to.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Variables<'a> {
    /// Whether the document's `Version` enables variables (`2012-10-17`).
    pub(crate) enabled: bool,
    /// The evaluated user's name, for `${aws:username}`.
    pub(crate) user_name: Option<&'a str>,
}

impl Pattern {
    /// Builds a pattern from tokens.
    pub(crate) fn from_tokens(tokens: Vec<Token>) -> Self {
        let mut universal_from = tokens.len();
        while universal_from > 0 && tokens[universal_from - 1] == Token::AnyMany {
            universal_from -= 1;
        }
        if universal_from == tokens.len() {
            universal_from = usize::MAX;
        }
        let literal = |tokens: &[Token]| -> Option<String> {
            tokens
                .iter()
                .map(|token| match token {
                    Token::Literal(character) => Some(*character),
                    Token::AnyOne | Token::AnyMany | Token::AnyInSegment => None,
                })
                .collect()
        };
        let prefix = tokens
            .iter()
            .map_while(|token| match token {
                Token::Literal(character) => Some(*character),
                Token::AnyOne | Token::AnyMany | Token::AnyInSegment => None,
            })
            .collect();
        let shape = match tokens.split_last() {
            Some((Token::AnyMany, rest)) => match rest.split_first() {
                Some((Token::AnyMany, middle)) => {
                    literal(middle).map_or(Shape::Other, Shape::Contains)
                }
                _ => literal(rest).map_or(Shape::Other, Shape::StartsWith),
            },
            _ => Shape::Other,
        };
        Self {
            tokens,
            universal_from,
            prefix,
            shape,
        }
    }

    /// An action pattern (`iam:Create*`), lowercased: actions match case-insensitively.
    pub(crate) fn action(text: &str) -> Self {
        Self::from_tokens(
            text.chars()
                .flat_map(char::to_lowercase)
                .map(wildcard)
                .collect(),
        )
    }

    /// A resource pattern (case-sensitive), with policy variables resolved.
    pub(crate) fn resource(text: &str, variables: Variables<'_>) -> Self {
        let mut tokens = Vec::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${").filter(|_| variables.enabled) {
            let Some(length) = rest[start..].find('}') else {
                break;
            };
            tokens.extend(rest[..start].chars().map(wildcard));
            let name = &rest[start + 2..start + length];
            let name = name.split(',').next().unwrap_or(name).trim();
            let user_name = variables
                .user_name
                .filter(|_| name.eq_ignore_ascii_case("aws:username"));
            match (name, user_name) {
                ("*" | "?" | "$", _) => tokens.extend(name.chars().map(Token::Literal)),
                (_, Some(user_name)) => tokens.extend(user_name.chars().map(Token::Literal)),
                _ => tokens.push(Token::AnyMany),
            }
            rest = &rest[start + length + 1..];
        }
        tokens.extend(rest.chars().map(wildcard));
        Self::from_tokens(tokens)
    }

    /// A pattern that matches exactly `text` (no wildcards).
    pub(crate) fn literal(text: &str) -> Self {
        Self::from_tokens(text.chars().map(Token::Literal).collect())
    }

    /// The tokens.
    pub(crate) fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Whether the pattern matches every string (`*`, `**`).
    pub(crate) fn is_universal(&self) -> bool {
        self.universal_from == 0
    }

    /// Whether, having consumed a prefix and standing at `position`, the pattern accepts every
    /// continuation.
    pub(crate) fn universal_at(&self, position: usize) -> bool {
        position >= self.universal_from
    }

    /// Whether the string read so far is matched when standing at `position`: at the end, or
    /// where only `*` remain.
    pub(crate) fn accepts_at(&self, position: usize) -> bool {
        position == self.tokens.len() || self.universal_at(position)
    }

    /// The characters every matched string starts with (up to the first wildcard).
    pub(crate) fn literal_prefix(&self) -> &str {
        &self.prefix
    }

    /// The pattern's simple shape.
    pub(crate) fn shape(&self) -> &Shape {
        &self.shape
    }

    /// Adds to `positions` every position reachable without consuming a character (`*` may
    /// match nothing). `positions` stays sorted and free of duplicates.
    pub(crate) fn close(&self, positions: &mut Vec<usize>) {
        let mut index = 0;
        while index < positions.len() {
            let position = positions[index];
            let skippable = matches!(
                self.tokens.get(position),
                Some(Token::AnyMany | Token::AnyInSegment)
            );
            if skippable && !positions.contains(&(position + 1)) {
                positions.push(position + 1);
            }
            index += 1;
        }
        positions.sort_unstable();
        positions.dedup();
    }

    /// The positions reached from `position` by consuming `character` (before closing).
    pub(crate) fn step(&self, position: usize, character: char, next: &mut Vec<usize>) {
        match self.tokens.get(position) {
            Some(Token::Literal(expected)) if *expected == character => next.push(position + 1),
            Some(Token::AnyOne) => next.push(position + 1),
            Some(Token::AnyMany) => next.push(position),
            Some(Token::AnyInSegment) if character != ':' => next.push(position),
            _ => {}
        }
    }

    /// The closed start positions.
    pub(crate) fn start(&self) -> Vec<usize> {
        let mut positions = vec![0];
        self.close(&mut positions);
        positions
    }

    /// Whether the pattern matches `candidate` exactly as given (resources: case-sensitive).
    pub(crate) fn matches(&self, candidate: &str) -> bool {
        if self.is_universal() {
            return true;
        }
        if !candidate.starts_with(self.prefix.as_str()) {
            return false;
        }
        let mut positions = self.start();
        let mut next = Vec::new();
        for character in candidate.chars() {
            next.clear();
            for &position in &positions {
                self.step(position, character, &mut next);
            }
            next.sort_unstable();
            next.dedup();
            self.close(&mut next);
            std::mem::swap(&mut positions, &mut next);
            if positions.is_empty() {
                return false;
            }
            if positions
                .iter()
                .any(|&position| self.universal_at(position))
            {
                return true;
            }
        }
        positions.iter().any(|&position| self.accepts_at(position))
    }

    /// Whether the (lowercased) action pattern matches `action`, compared case-insensitively.
    pub(crate) fn matches_action(&self, action: &str) -> bool {
        self.matches(&action.to_lowercase())
    }
}

fn wildcard(character: char) -> Token {
    match character {
        '*' => Token::AnyMany,
        '?' => Token::AnyOne,
        other => Token::Literal(other),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The obvious recursive definition of IAM wildcard matching, to check the compiled matcher.
    fn reference_match(pattern: &[char], candidate: &[char]) -> bool {
        match pattern.split_first() {
            None => candidate.is_empty(),
            Some(('*', rest)) => {
                (0..=candidate.len()).any(|skip| reference_match(rest, &candidate[skip..]))
            }
            Some(('?', rest)) => !candidate.is_empty() && reference_match(rest, &candidate[1..]),
            Some((literal, rest)) => {
                candidate.first() == Some(literal) && reference_match(rest, &candidate[1..])
            }
        }
    }

    #[test]
    fn star_alone_matches_every_action() {
        let pattern = Pattern::action("*");
        assert!(pattern.is_universal());
        for action in ["iam:CreateUser", "s3:GetObject", "", "anything"] {
            assert!(pattern.matches_action(action), "{action}");
        }
    }

    #[test]
    fn actions_match_case_insensitively_with_wildcards() {
        assert!(Pattern::action("iam:Create*").matches_action("IAM:createaccesskey"));
        assert!(Pattern::action("IAM:CREATEACCESSKEY").matches_action("iam:CreateAccessKey"));
        assert!(Pattern::action("s3:Get?bject").matches_action("s3:GetObject"));
        assert!(!Pattern::action("s3:Get?bject").matches_action("s3:GetObjects"));
        assert!(!Pattern::action("iam:Create*").matches_action("iam:DeleteUser"));
        assert!(Pattern::action("*:Get*").matches_action("ec2:GetPasswordData"));
        assert!(!Pattern::action("iam:?").matches_action("iam:"));
    }

    #[test]
    fn a_segment_wildcard_stops_at_colons() {
        let mut tokens: Vec<Token> = "arn:".chars().map(Token::Literal).collect();
        tokens.push(Token::AnyInSegment);
        tokens.extend(":ec2:".chars().map(Token::Literal));
        tokens.push(Token::AnyMany);
        let pattern = Pattern::from_tokens(tokens);
        assert!(pattern.matches("arn:aws:ec2:us-east-1:1:instance/i-1"));
        assert!(pattern.matches("arn::ec2:"));
        assert!(!pattern.matches("arn:aws:iam::1:ec2:x:role/app-z"));
        assert_eq!(pattern.literal_prefix(), "arn:");
    }

    #[test]
    fn resources_match_case_sensitively() {
        let variables = Variables::default();
        let pattern = Pattern::resource("arn:aws:s3:::Bucket/*", variables);
        assert!(pattern.matches("arn:aws:s3:::Bucket/key"));
        assert!(!pattern.matches("arn:aws:s3:::bucket/key"));
        assert!(Pattern::resource("arn:aws:iam::*", variables).matches("arn:aws:iam::1:user/a"));
    }

    #[test]
    fn the_user_name_variable_resolves_only_in_2012_documents() {
        let enabled = Variables {
            enabled: true,
            user_name: Some("alice"),
        };
        let pattern = Pattern::resource("arn:aws:iam::*:user/${aws:username}", enabled);
        assert!(pattern.matches("arn:aws:iam::1:user/alice"));
        assert!(!pattern.matches("arn:aws:iam::1:user/bob"));
        let old = Variables {
            enabled: false,
            user_name: Some("alice"),
        };
        let literal = Pattern::resource("arn:aws:iam::*:user/${aws:username}", old);
        assert!(literal.matches("arn:aws:iam::1:user/${aws:username}"));
        assert!(!literal.matches("arn:aws:iam::1:user/alice"));
    }

    #[test]
    fn escaped_and_unknown_variables() {
        let variables = Variables {
            enabled: true,
            user_name: None,
        };
        let escaped = Pattern::resource("a${*}b${?}${$}", variables);
        assert!(escaped.matches("a*b?$"));
        assert!(!escaped.matches("axb?$"));
        let unknown = Pattern::resource("arn:aws:s3:::${aws:PrincipalTag/team}/x", variables);
        assert!(unknown.matches("arn:aws:s3:::anything/at/all/x"));
        let default_value = Pattern::resource("u/${aws:username, 'none'}", variables);
        assert!(default_value.matches("u/whoever"));
        let unterminated = Pattern::resource("u/${aws:username", variables);
        assert!(unterminated.matches("u/${aws:username"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(3000)))]

        /// The compiled matcher agrees with the recursive definition on a small alphabet, where
        /// wildcards and literals collide often.
        #[test]
        fn agrees_with_the_reference(pattern in "[ab*?:]{0,8}", candidate in "[ab:]{0,10}") {
            let compiled = Pattern::resource(&pattern, Variables::default());
            let pattern_chars: Vec<char> = pattern.chars().collect();
            let candidate_chars: Vec<char> = candidate.chars().collect();
            prop_assert_eq!(compiled.matches(&candidate), reference_match(&pattern_chars, &candidate_chars));
        }

        /// Action matching is the same definition after lowercasing both sides.
        #[test]
        fn action_matching_ignores_case(pattern in "[aB*?:]{0,8}", candidate in "[Ab:]{0,10}") {
            let compiled = Pattern::action(&pattern);
            let pattern_chars: Vec<char> = pattern.to_lowercase().chars().collect();
            let candidate_chars: Vec<char> = candidate.to_lowercase().chars().collect();
            prop_assert_eq!(compiled.matches_action(&candidate), reference_match(&pattern_chars, &candidate_chars));
        }
    }
}

//! Whose credentials a read lists: an IAM user, or the caller itself in a root session. Its own
//! module because the per-user reads of `iam` and of `certificates` both take it (and `iam`
//! calls `certificates`): kept in `iam`, it tied the two into a circle.

/// Whose credentials a read lists: an IAM user by name, or, with no user name, the caller
/// itself (the caller of a root session is the root user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holder<'a> {
    /// The IAM user of this name.
    User(&'a str),
    /// The caller itself: the root user, in a root session.
    Caller,
}

impl<'a> Holder<'a> {
    /// The `UserName` parameter: none for the caller.
    pub(crate) fn user_name(self) -> Option<String> {
        match self {
            Holder::User(name) => Some(name.to_string()),
            Holder::Caller => None,
        }
    }

    /// How a failed read names the holder (`root` for the root user).
    pub(crate) fn resource(self) -> &'a str {
        match self {
            Holder::User(name) => name,
            Holder::Caller => "root",
        }
    }
}

impl<'a> From<&'a str> for Holder<'a> {
    fn from(name: &'a str) -> Holder<'a> {
        Holder::User(name)
    }
}

impl<'a> From<&'a String> for Holder<'a> {
    fn from(name: &'a String) -> Holder<'a> {
        Holder::User(name)
    }
}

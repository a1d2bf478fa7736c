//! Helpers for the unit tests: permissions built from small JSON policies.

use crate::compiled::compile_actions;
use crate::document::parse_document;
use crate::permissions::Permissions;

/// The account of the test principals.
pub(crate) const ACCOUNT: &str = "111122223333";

/// A `2012-10-17` document holding `statements` (JSON objects, comma-separated).
pub(crate) fn policy(statements: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#)
}

/// An unconditional statement.
pub(crate) fn statement(effect: &str, actions: &str, resources: &str) -> String {
    format!(r#"{{"Effect":"{effect}","Action":{actions},"Resource":{resources}}}"#)
}

/// The permissions of user `alice` holding `documents` (labelled `p0`, `p1`, ...), capped by
/// `boundary` when given.
pub(crate) fn permissions(documents: &[String], boundary: Option<&str>) -> Permissions {
    let mut permissions = Permissions::default();
    for (index, text) in documents.iter().enumerate() {
        let document = parse_document(&format!("p{index}"), text).expect("valid test policy");
        permissions.add_identity(
            format!("p{index}"),
            &document,
            &compile_actions(&document),
            Some("alice"),
        );
    }
    if let Some(text) = boundary {
        let document = parse_document("boundary", text).expect("valid test boundary");
        permissions.set_boundary(&document, &compile_actions(&document), Some("alice"));
    }
    permissions
}

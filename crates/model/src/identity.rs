//! The identities that link one run to the next: a finding's and a credential's, defined once
//! (the rules, the reports and the run-to-run diff all use these functions). Documented in
//! `docs/json.md`.

/// A finding's identity: `iam-audit/<account>/<rule>/<resource>`, then `/<access key id>` when
/// the finding names a key that is not its resource, then `/<discriminator>` when one rule finds
/// several things on one resource. Stable across runs, unique within one; the ASFF `Id` and the
/// OCSF `finding_info.uid`.
pub fn finding_id(
    account_id: &str,
    rule_id: &str,
    resource: &str,
    access_key_id: Option<&str>,
    discriminator: Option<&str>,
) -> String {
    let mut id = format!("iam-audit/{account_id}/{rule_id}/{resource}");
    if let Some(key) = access_key_id.filter(|key| *key != resource) {
        id.push('/');
        id.push_str(key);
    }
    if let Some(discriminator) = discriminator {
        id.push('/');
        id.push_str(discriminator);
    }
    id
}

/// A credential's identity: `<account>/<user>/<credential id>` (an access key id, an SSH key id,
/// a certificate id...). Ids are unique within an account, the user makes the line readable.
pub fn credential_id(account_id: &str, user_name: &str, credential: &str) -> String {
    format!("{account_id}/{user_name}/{credential}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_that_is_the_resource_is_not_repeated() {
        assert_eq!(
            finding_id("1", "KEY001", "AKIA1", Some("AKIA1"), None),
            "iam-audit/1/KEY001/AKIA1"
        );
        assert_eq!(
            finding_id("1", "X", "arn:aws:iam::1:user/a", Some("AKIA1"), Some("d")),
            "iam-audit/1/X/arn:aws:iam::1:user/a/AKIA1/d"
        );
        assert_eq!(credential_id("1", "a", "AKIA1"), "1/a/AKIA1");
    }
}

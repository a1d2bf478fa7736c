//! The organization's tree and tags: organizational units under the root, by path
//! (`Production/Cards` is the OU Cards inside the OU Production), the OU (or the root) each account
//! sits in, and the tags on accounts and IAM users. Their checks live here.

use std::collections::{BTreeMap, BTreeSet};

use super::AccountSpec;

/// Checks the OU paths and each account's OU; `units` are the organization's OU paths.
pub(super) fn validate(units: &[String], accounts: &[AccountSpec]) -> Result<(), String> {
    let mut known = BTreeSet::new();
    for path in units {
        let names: Vec<&str> = path.split('/').collect();
        if names
            .iter()
            .any(|name| name.trim().is_empty() || name.len() > 128)
        {
            return Err(format!(
                "organizational unit `{path}`: every name of the path must be 1–128 characters"
            ));
        }
        if let Some((parent, _)) = path.rsplit_once('/')
            && !known.contains(parent)
        {
            return Err(format!(
                "organizational unit `{path}`: its parent `{parent}` must be listed before it"
            ));
        }
        if !known.insert(path.as_str()) {
            return Err(format!("organizational unit `{path}` appears twice"));
        }
    }
    for account in accounts {
        if let Some(unit) = &account.organizational_unit
            && !known.contains(unit.as_str())
        {
            return Err(format!(
                "account {}: organizational unit `{unit}` is not among organization.organizational_units",
                account.id
            ));
        }
        validate_tags(&account.tags, &format!("account {}", account.id))?;
        for user in &account.users {
            validate_tags(
                &user.tags,
                &format!("account {} user {}", account.id, user.name),
            )?;
        }
    }
    Ok(())
}

/// Checks tags as AWS limits them: keys of 1–128 characters, values of at most 256, 50 tags.
fn validate_tags(tags: &BTreeMap<String, String>, owner: &str) -> Result<(), String> {
    if tags.len() > 50 {
        return Err(format!("{owner}: at most 50 tags"));
    }
    if let Some((key, _)) = tags
        .iter()
        .find(|(key, value)| key.is_empty() || key.len() > 128 || value.len() > 256)
    {
        return Err(format!(
            "{owner}: tag `{key}`: keys are 1–128 characters, values at most 256"
        ));
    }
    Ok(())
}

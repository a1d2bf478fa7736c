//! `suggested_policies_<stamp>/<account>-<user>.json`: for each user whose usage was judged, the
//! identity policy that allows only what it used, never more than it holds today (proven by the
//! access crate). A folder of plain policy documents, ready for `aws iam create-policy
//! --policy-document file://…`; the same documents are `users[].usage.suggested_policy` in the
//! JSON report.

use iam_audit_model::{AuditRun, Observed, SuggestedPolicy};

use crate::files::{FolderWriter, ReportError};

/// Every suggested policy of the run, with its file name, in account and user order.
pub fn suggested_policies(run: &AuditRun) -> impl Iterator<Item = (String, &SuggestedPolicy)> {
    run.accounts.iter().flat_map(|snapshot| {
        snapshot
            .users
            .known()
            .into_iter()
            .flatten()
            .filter_map(move |user| {
                let Some(Observed::Known(usage)) = &user.usage else {
                    return None;
                };
                let policy = usage.grants.as_ref()?.suggested_policy.as_ref()?;
                Some((file_name(&snapshot.account.id, &user.name), policy))
            })
    })
}

/// `<account>-<user>.json`, any character a file name should not hold replaced by `_` (IAM user
/// names hold only letters, digits and `+=,.@_-`; this is for data that does not).
pub fn file_name(account_id: &str, user_name: &str) -> String {
    let safe: String = user_name
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || "+=,.@_-".contains(character) {
                character
            } else {
                '_'
            }
        })
        .collect();
    format!("{account_id}-{safe}.json")
}

/// Writes each suggested policy as its own file.
pub fn write_policies(run: &AuditRun, folder: &mut FolderWriter) -> Result<(), ReportError> {
    for (name, policy) in suggested_policies(run) {
        folder.file(&name, |out| {
            out.write_all(policy.document.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
                .map_err(|source| ReportError::Write {
                    path: name.clone(),
                    source,
                })
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_the_account_and_the_user() {
        assert_eq!(
            file_name("123456789012", "carol.ops"),
            "123456789012-carol.ops.json"
        );
        assert_eq!(
            file_name("123456789012", "a+b=c,d@e-f_g"),
            "123456789012-a+b=c,d@e-f_g.json"
        );
        assert_eq!(file_name("1", "../x/y"), "1-.._x_y.json");
    }
}

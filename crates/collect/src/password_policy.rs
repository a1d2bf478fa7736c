//! The account's password policy (GetAccountPasswordPolicy). `NoSuchEntity` means no policy is
//! set (IAM's defaults apply); any other failure leaves the policy unknown, never "none".

use iam_audit_model::{CollectionError, PasswordPolicy};

use crate::error::{malformed_answer, unless_no_such_entity};
use crate::limits::Limiter;
use crate::session::{Iam, as_account};

/// The policy, `None` when none is set.
pub(crate) async fn password_policy(
    iam: &Iam,
    limiter: &Limiter,
    account_id: &str,
) -> Result<Option<PasswordPolicy>, CollectionError> {
    const API: &str = "iam:GetAccountPasswordPolicy";
    let _turn = limiter.ready().await;
    let answer = as_account!(iam.get_account_password_policy()).await;
    let Some(output) = unless_no_such_entity(answer, account_id, API, None)? else {
        return Ok(None);
    };
    let count = |value: Option<i32>| {
        value
            .and_then(|value| u32::try_from(value).ok())
            .filter(|value| *value > 0)
    };
    output
        .password_policy()
        .map(|policy| PasswordPolicy {
            minimum_length: count(policy.minimum_password_length()),
            require_symbols: policy.require_symbols(),
            require_numbers: policy.require_numbers(),
            require_uppercase: policy.require_uppercase_characters(),
            require_lowercase: policy.require_lowercase_characters(),
            allow_users_to_change: policy.allow_users_to_change_password(),
            max_age_days: count(policy.max_password_age()),
            reuse_prevention: count(policy.password_reuse_prevention()),
            hard_expiry: policy.hard_expiry().unwrap_or(false),
        })
        // An answer without the policy is malformed: "no policy" is only ever NoSuchEntity.
        .map(Some)
        .ok_or_else(|| {
            malformed_answer(
                account_id,
                API,
                None,
                "the answer holds no PasswordPolicy; the policy is unknown",
            )
        })
}

//! A user's policies one list at a time: ListAttachedUserPolicies, ListUserPolicies,
//! ListGroupsForUser. They answer from the same grants as GetAccountAuthorizationDetails, so a
//! client may read either way and find the same.

use super::authorization::write_attached_policy;
use super::{Context, user, write_page};
use crate::protocol::{AwsError, Xml};
use crate::world::{AttachedPolicy, Group};

/// IAM's default page for these lists (MaxItems may ask for fewer).
const LARGEST_PAGE: usize = 100;

/// ListAttachedUserPolicies: the managed policies attached to a user directly, under an optional
/// path prefix, paged.
pub(super) fn list_attached_user_policies(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        request, account, ..
    } = *context;
    let user = user(request, account)?;
    let prefix = request.param("PathPrefix").unwrap_or("/");
    let policies: Vec<&AttachedPolicy> = user
        .grants
        .attached
        .iter()
        .filter(|policy| policy_path(&policy.arn).starts_with(prefix))
        .collect();
    write_page(
        request,
        xml,
        "AttachedPolicies",
        &policies,
        LARGEST_PAGE,
        |xml, policy| write_attached_policy(xml, policy),
    )
}

/// The path of a policy ARN (`arn:aws:iam::aws:policy/job-function/X` is `/job-function/`).
fn policy_path(arn: &str) -> &str {
    let resource = arn.split_once(":policy").map_or("/", |(_, rest)| rest);
    match resource.rfind('/') {
        Some(end) => &resource[..=end],
        None => "/",
    }
}

/// ListUserPolicies: the names of a user's inline policies, paged.
pub(super) fn list_user_policies(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        request, account, ..
    } = *context;
    let user = user(request, account)?;
    write_page(
        request,
        xml,
        "PolicyNames",
        &user.grants.inline,
        LARGEST_PAGE,
        |xml, policy| {
            xml.text("member", &policy.name);
        },
    )
}

/// ListGroupsForUser: the groups a user belongs to, paged.
pub(super) fn list_groups_for_user(context: &Context<'_>, xml: &mut Xml) -> Result<(), AwsError> {
    let Context {
        request, account, ..
    } = *context;
    let user = user(request, account)?;
    let groups: Vec<&Group> = account
        .groups
        .iter()
        .filter(|group| user.grants.groups.contains(&group.name))
        .collect();
    write_page(
        request,
        xml,
        "Groups",
        &groups,
        LARGEST_PAGE,
        |xml, group| {
            xml.open("member")
                .text("Path", &group.path)
                .text("GroupName", &group.name)
                .text("GroupId", &group.group_id)
                .text("Arn", &group.arn)
                .time("CreateDate", group.created)
                .close("member");
        },
    )
}

#[cfg(test)]
mod tests {
    use super::policy_path;

    #[test]
    fn a_policy_arn_has_the_path_before_its_name() {
        assert_eq!(policy_path("arn:aws:iam::aws:policy/ReadOnlyAccess"), "/");
        assert_eq!(
            policy_path("arn:aws:iam::1:policy/team/data/Writer"),
            "/team/data/"
        );
    }
}

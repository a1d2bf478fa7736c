//! GetAccountAuthorizationDetails: every user, group, role and managed policy of the account with
//! their policies, in one paged answer, as a privilege evaluator reads an account.
//!
//! As IAM does, the four lists are paged together (a page may end inside any of them), every
//! policy document is percent-encoded (RFC 3986), and `Policies` holds the account's customer
//! managed policies and only those AWS managed policies that something in the account uses
//! (attached, or capping a user or role as its permissions boundary).

use super::{Context, page, truncation};
use crate::protocol::{AwsError, Xml};
use crate::world::{AttachedPolicy, Group, InlinePolicy, ManagedPolicy, Role, User};

/// One entry of the combined list the pages walk.
enum Entry<'a> {
    User(&'a User),
    Group(&'a Group),
    Role(&'a Role),
    Policy(&'a ManagedPolicy),
}

/// The entity types `Filter.member.N` may name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EntityType {
    User,
    Role,
    Group,
    LocalManagedPolicy,
    AwsManagedPolicy,
}

impl EntityType {
    fn parse(text: &str) -> Option<EntityType> {
        Some(match text {
            "User" => EntityType::User,
            "Role" => EntityType::Role,
            "Group" => EntityType::Group,
            "LocalManagedPolicy" => EntityType::LocalManagedPolicy,
            "AWSManagedPolicy" => EntityType::AwsManagedPolicy,
            _ => return None,
        })
    }
}

/// Percent-encodes every byte but RFC 3986's unreserved characters, as IAM encodes documents.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len() * 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The entity types the request's `Filter.member.N` names; all when there is none.
fn requested_types(context: &Context<'_>) -> Result<Vec<EntityType>, AwsError> {
    let request = context.request;
    let mut types = Vec::new();
    for index in 1.. {
        let Some(value) = request.param(&format!("Filter.member.{index}")) else {
            break;
        };
        let entity = EntityType::parse(value).ok_or_else(|| {
            AwsError::validation(
                request.protocol,
                format!(
                    "1 validation error detected: Value '{value}' at 'filter' failed to satisfy \
                     constraint: Member must satisfy enum value set: [User, Role, Group, \
                     LocalManagedPolicy, AWSManagedPolicy]"
                ),
            )
        })?;
        types.push(entity);
    }
    if types.is_empty() {
        types = vec![
            EntityType::User,
            EntityType::Role,
            EntityType::Group,
            EntityType::LocalManagedPolicy,
            EntityType::AwsManagedPolicy,
        ];
    }
    Ok(types)
}

/// GetAccountAuthorizationDetails: the account's users, groups, roles and policies, filtered by
/// entity type and paged across the four lists with `MaxItems`/`Marker`.
pub(super) fn get_account_authorization_details(
    context: &Context<'_>,
    xml: &mut Xml,
) -> Result<(), AwsError> {
    let Context {
        shared,
        request,
        account,
    } = *context;
    let types = requested_types(context)?;
    let wants = |entity: EntityType| types.contains(&entity);
    let mut entries: Vec<Entry<'_>> = Vec::new();
    if wants(EntityType::User) {
        entries.extend(account.users.iter().map(Entry::User));
    }
    if wants(EntityType::Group) {
        entries.extend(account.groups.iter().map(Entry::Group));
    }
    if wants(EntityType::Role) {
        entries.extend(account.roles.iter().map(Entry::Role));
    }
    entries.extend(
        account
            .policies
            .iter()
            .filter(|policy| {
                if policy.aws_managed {
                    wants(EntityType::AwsManagedPolicy)
                } else {
                    wants(EntityType::LocalManagedPolicy)
                }
            })
            .map(Entry::Policy),
    );
    let (items, next) = page(
        request,
        &entries,
        shared
            .world
            .scenario
            .settings
            .page_size
            .get_account_authorization_details,
    )?;
    xml.open("UserDetailList");
    for entry in items {
        if let Entry::User(user) = entry {
            write_user_detail(xml, user);
        }
    }
    xml.close("UserDetailList").open("GroupDetailList");
    for entry in items {
        if let Entry::Group(group) = entry {
            write_group_detail(xml, group);
        }
    }
    xml.close("GroupDetailList").open("RoleDetailList");
    for entry in items {
        if let Entry::Role(role) = entry {
            write_role_detail(xml, role);
        }
    }
    xml.close("RoleDetailList").open("Policies");
    for entry in items {
        if let Entry::Policy(policy) = entry {
            write_policy_detail(xml, policy);
        }
    }
    xml.close("Policies");
    truncation(xml, next);

    Ok(())
}

fn write_user_detail(xml: &mut Xml, user: &User) {
    xml.open("member")
        .text("Path", &user.path)
        .text("UserName", &user.name)
        .text("UserId", &user.user_id)
        .text("Arn", &user.arn)
        .time("CreateDate", user.created);
    write_inline_policies(xml, "UserPolicyList", &user.grants.inline);
    xml.open("GroupList");
    for group in &user.grants.groups {
        xml.text("member", group);
    }
    xml.close("GroupList");
    write_attached_policies(xml, &user.grants.attached);
    write_permissions_boundary(xml, user.grants.permissions_boundary.as_ref());
    super::write_tags(xml, &user.tags);
    xml.close("member");
}

fn write_group_detail(xml: &mut Xml, group: &Group) {
    xml.open("member")
        .text("Path", &group.path)
        .text("GroupName", &group.name)
        .text("GroupId", &group.group_id)
        .text("Arn", &group.arn)
        .time("CreateDate", group.created);
    write_inline_policies(xml, "GroupPolicyList", &group.inline);
    write_attached_policies(xml, &group.attached);
    xml.close("member");
}

fn write_role_detail(xml: &mut Xml, role: &Role) {
    xml.open("member")
        .text("Path", &role.path)
        .text("RoleName", &role.name)
        .text("RoleId", &role.role_id)
        .text("Arn", &role.arn)
        .time("CreateDate", role.created)
        .text("AssumeRolePolicyDocument", &percent_encode(&role.trust))
        .open("InstanceProfileList")
        .close("InstanceProfileList");
    write_inline_policies(xml, "RolePolicyList", &role.inline);
    write_attached_policies(xml, &role.attached);
    write_permissions_boundary(xml, role.permissions_boundary.as_ref());
    xml.close("member");
}

fn write_policy_detail(xml: &mut Xml, policy: &ManagedPolicy) {
    xml.open("member")
        .text("PolicyName", &policy.name)
        .text("PolicyId", &policy.policy_id)
        .text("Arn", &policy.arn)
        .text("Path", &policy.path)
        .text("DefaultVersionId", policy.default_version_id())
        .text("AttachmentCount", &policy.attachment_count.to_string())
        .text(
            "PermissionsBoundaryUsageCount",
            &policy.permissions_boundary_usage_count.to_string(),
        )
        .text("IsAttachable", "true");
    if let Some(description) = &policy.description {
        xml.text("Description", description);
    }
    xml.time("CreateDate", policy.created)
        .time("UpdateDate", policy.updated)
        .open("PolicyVersionList");
    for version in &policy.versions {
        xml.open("member")
            .text("Document", &percent_encode(&version.document))
            .text("VersionId", &version.id)
            .text(
                "IsDefaultVersion",
                if version.default { "true" } else { "false" },
            )
            .time("CreateDate", version.created)
            .close("member");
    }
    xml.close("PolicyVersionList").close("member");
}

fn write_inline_policies(xml: &mut Xml, tag: &str, policies: &[InlinePolicy]) {
    xml.open(tag);
    for policy in policies {
        xml.open("member")
            .text("PolicyName", &policy.name)
            .text("PolicyDocument", &percent_encode(&policy.document))
            .close("member");
    }
    xml.close(tag);
}

pub(super) fn write_attached_policies(xml: &mut Xml, policies: &[AttachedPolicy]) {
    xml.open("AttachedManagedPolicies");
    for policy in policies {
        write_attached_policy(xml, policy);
    }
    xml.close("AttachedManagedPolicies");
}

pub(super) fn write_attached_policy(xml: &mut Xml, policy: &AttachedPolicy) {
    xml.open("member")
        .text("PolicyName", &policy.name)
        .text("PolicyArn", &policy.arn)
        .close("member");
}

fn write_permissions_boundary(xml: &mut Xml, boundary: Option<&AttachedPolicy>) {
    if let Some(boundary) = boundary {
        xml.open("PermissionsBoundary")
            .text("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
            .text("PermissionsBoundaryArn", &boundary.arn)
            .close("PermissionsBoundary");
    }
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn documents_are_percent_encoded_as_rfc_3986_says() {
        assert_eq!(
            percent_encode("{\"Action\": \"s3:Get*\", \"x\": \"a-b.c_d~é\"}\n"),
            "%7B%22Action%22%3A%20%22s3%3AGet%2A%22%2C%20%22x%22%3A%20%22a-b.c_d~%C3%A9%22%7D%0A"
        );
    }
}

//! The organization's tree, account tags and IAM user tags (issue 25).

use aws_sdk_organizations::types::{ChildType, ParentType};
use iam_audit_emulator::RunningEmulator;

use crate::support::{caller, config, fixture};

/// The SDK walks the tree with its paginators, reads an account's parent OU and tags, and reads
/// user tags from ListUserTags and GetAccountAuthorizationDetails.
#[tokio::test]
async fn the_sdk_walks_the_tree_and_reads_tags() {
    let mut scenario = fixture("organization.toml");
    scenario.settings.organizations_empty_pages = true;
    let emulator = RunningEmulator::start(scenario, 0).await.expect("emulator");
    let sdk = config(&emulator, "us-east-1", caller());
    let organizations = aws_sdk_organizations::Client::new(&sdk);
    let roots: Vec<_> = organizations
        .list_roots()
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListRoots");
    let root = roots
        .iter()
        .flat_map(|page| page.roots())
        .next()
        .and_then(|root| root.id())
        .expect("a root")
        .to_string();
    let units: Vec<_> = organizations
        .list_organizational_units_for_parent()
        .parent_id(&root)
        .max_results(1)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListOrganizationalUnitsForParent");
    let names: Vec<&str> = units
        .iter()
        .flat_map(|page| page.organizational_units())
        .filter_map(|unit| unit.name())
        .collect();
    assert_eq!(names, ["Production", "Development", "Security", "Sandbox"]);
    let children: Vec<_> = organizations
        .list_children()
        .parent_id(&root)
        .child_type(ChildType::Account)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListChildren");
    let ids: Vec<&str> = children
        .iter()
        .flat_map(|page| page.children())
        .filter_map(|child| child.id())
        .collect();
    assert_eq!(ids, ["111111111111"]);
    let parents = organizations
        .list_parents()
        .child_id("222222222222")
        .send()
        .await
        .expect("ListParents");
    let parents = if parents.parents().is_empty() {
        // The empty page first: follow its NextToken.
        organizations
            .list_parents()
            .child_id("222222222222")
            .set_next_token(parents.next_token().map(str::to_string))
            .send()
            .await
            .expect("ListParents")
    } else {
        parents
    };
    let parent = &parents.parents()[0];
    assert_eq!(parent.r#type(), Some(&ParentType::OrganizationalUnit));
    let unit = organizations
        .describe_organizational_unit()
        .organizational_unit_id(parent.id().unwrap_or_default())
        .send()
        .await
        .expect("DescribeOrganizationalUnit");
    assert_eq!(
        unit.organizational_unit().and_then(|unit| unit.name()),
        Some("Production")
    );
    let tags: Vec<_> = organizations
        .list_tags_for_resource()
        .resource_id("222222222222")
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListTagsForResource");
    let tags: Vec<(&str, &str)> = tags
        .iter()
        .flat_map(|page| page.tags())
        .map(|tag| (tag.key(), tag.value()))
        .collect();
    assert_eq!(
        tags,
        [
            ("cost-center", "CC-1001"),
            ("owner", "payments-team@example.com")
        ]
    );
    let iam = aws_sdk_iam::Client::new(&sdk);
    let user_tags: Vec<_> = iam
        .list_user_tags()
        .user_name("alice")
        .max_items(1)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListUserTags");
    let keys: Vec<&str> = user_tags.iter().map(|tag| tag.key()).collect();
    assert_eq!(keys, ["owner", "team"]);
    let details = iam
        .get_account_authorization_details()
        .send()
        .await
        .expect("GetAccountAuthorizationDetails");
    let alice = details
        .user_detail_list()
        .iter()
        .find(|user| user.user_name() == Some("alice"))
        .expect("alice");
    assert_eq!(alice.tags().len(), 2);
    emulator.shutdown().await;
}

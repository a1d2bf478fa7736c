//! The organization's tree, account tags and IAM user tags (issue 25), through boto3's
//! Organizations paginators (which follow NextToken through empty pages) and IAM.

use crate::support::{run_boto3, start};

#[test]
fn boto3_walks_the_tree_and_reads_account_and_user_tags() {
    let folder = tempfile::tempdir().expect("temporary folder");
    // The fixture, with Organizations answering an empty page before each page of items.
    let fixture = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/organization.toml"),
    )
    .expect("the fixture");
    let scenario = folder.path().join("organization.toml");
    std::fs::write(
        &scenario,
        fixture.replace(
            "[organization]",
            "[settings]\norganizations_empty_pages = true\n\n[organization]",
        ),
    )
    .expect("scenario written");
    let (_server, endpoint) = start(folder.path(), &scenario.to_string_lossy());
    let script = r#"
import boto3, botocore

organizations = boto3.client("organizations")
def every(operation, key, **parameters):
    # ListTagsForResource pages by NextToken alone: no PageSize.
    config = {} if operation == "list_tags_for_resource" else {"PageSize": 1}
    pages = list(organizations.get_paginator(operation).paginate(PaginationConfig=config, **parameters))
    assert any(page[key] == [] for page in pages), "empty pages are followed"
    return [item for page in pages for item in page[key]]

root = every("list_roots", "Roots")[0]
assert root["Name"] == "Root" and root["Id"].startswith("r-"), root

def tree(parent, depth=0):
    lines = []
    for unit in every("list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent):
        accounts = sorted(account["Name"] for account in every("list_accounts_for_parent", "Accounts", ParentId=unit["Id"]))
        lines.append(("  " * depth) + unit["Name"] + ": " + ",".join(accounts))
        lines.extend(tree(unit["Id"], depth + 1))
    return lines

assert tree(root["Id"]) == ["Production: Production", "  Cards: Cards", "Development: Development",
                            "Security: Security,Security-Logs", "Sandbox: "], tree(root["Id"])
parents = every("list_parents", "Parents", ChildId="333333333333")
assert parents[0]["Type"] == "ORGANIZATIONAL_UNIT"
assert organizations.describe_organizational_unit(OrganizationalUnitId=parents[0]["Id"])["OrganizationalUnit"]["Name"] == "Cards"
children = every("list_children", "Children", ParentId=root["Id"], ChildType="ACCOUNT")
assert [child["Id"] for child in children] == ["111111111111"], children
tags = {tag["Key"]: tag["Value"] for tag in every("list_tags_for_resource", "Tags", ResourceId="444444444444")}
assert tags == {"owner": "dev-leads@example.com"}, tags
try:
    organizations.list_parents(ChildId="999999999999")
    raise SystemExit("expected ChildNotFoundException")
except organizations.exceptions.ChildNotFoundException:
    pass
try:
    organizations.list_organizational_units_for_parent(ParentId=root["Id"], MaxResults=21)
    raise SystemExit("expected InvalidInputException")
except organizations.exceptions.InvalidInputException as error:
    assert error.response["Reason"] == "MAX_VALUE_EXCEEDED", error.response

iam = boto3.client("iam")
user_tags = [tag for page in iam.get_paginator("list_user_tags").paginate(UserName="alice", PaginationConfig={"PageSize": 1}) for tag in page["Tags"]]
assert user_tags == [{"Key": "owner", "Value": "alice@example.com"}, {"Key": "team", "Value": "platform"}], user_tags
details = {user["UserName"]: user for page in iam.get_paginator("get_account_authorization_details").paginate(Filter=["User"])
           for user in page["UserDetailList"]}
assert details["alice"]["Tags"] == user_tags and "Tags" not in details["bob"], details
assert iam.get_user(UserName="alice")["User"]["Tags"] == user_tags
print("ok")
"#;
    run_boto3(script, &endpoint);
}

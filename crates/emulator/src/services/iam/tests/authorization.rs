//! GetAccountAuthorizationDetails and the user policy lists, on the demo organization: paging
//! across the four lists, the entity filter, percent-encoded documents, which policies are
//! listed, the roles only named in `roles`, faults, and the size of a generated account's answer.

use super::{Answer, Emulator};
use crate::aws_managed_policies;
use crate::scenario::Scenario;
use crate::world::management_trust;
use crate::{GeneratorOptions, demo_scenario, generate};

const GAAD: &str = "GetAccountAuthorizationDetails";
const PRODUCTION: &str = "123456789012";
const DEVELOPMENT: &str = "234567890123";
const SECURITY: &str = "345678901234";

/// Decodes RFC 3986 percent-encoding, refusing any character IAM would have encoded.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let hex = text.get(index + 1..index + 3).unwrap_or("zz");
            decoded.push(u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad %{hex}")));
            index += 3;
        } else {
            assert!(
                byte.is_ascii_alphanumeric() || b"-._~".contains(&byte),
                "`{}` left unencoded in {text}",
                char::from(byte)
            );
            decoded.push(byte);
            index += 1;
        }
    }
    String::from_utf8(decoded).unwrap_or_default()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

/// The demo's account `id` as its own scenario, documents and all.
fn demo_account(id: &str) -> crate::scenario::AccountSpec {
    demo_scenario()
        .accounts
        .into_iter()
        .find(|account| account.id == id)
        .unwrap_or_else(|| panic!("the demo has account {id}"))
}

/// Every entity name of a page, list by list: users, groups, roles, policies.
fn names(answer: &Answer) -> Vec<String> {
    [
        ("UserDetailList", "UserName"),
        ("GroupDetailList", "GroupName"),
        ("RoleDetailList", "RoleName"),
        ("Policies", "PolicyName"),
    ]
    .iter()
    .flat_map(|(list, name)| answer.section(list).values(name))
    .collect()
}

#[tokio::test]
async fn pages_of_one_item_walk_users_groups_roles_and_policies_in_turn() {
    let emulator = Emulator::new(demo_scenario());
    let production = emulator.assume(PRODUCTION);
    let whole = emulator.call(&production, GAAD, &[]).await;
    assert_eq!(whole.status, 200, "{}", whole.body);
    assert_eq!(whole.value("IsTruncated"), "false");
    let everything = names(&whole);
    // 14 users, 3 groups, the audit role, 7 AWS managed policies in use (github-actions'
    // quarantine policy among them) and 1 customer managed.
    assert_eq!(everything.len(), 14 + 3 + 1 + 8, "{everything:?}");
    let pages = emulator.pages(&production, GAAD, &[], "1").await;
    assert_eq!(pages.len(), everything.len());
    assert!(pages.iter().all(|page| names(page).len() == 1));
    assert!(
        pages[..pages.len() - 1]
            .iter()
            .all(|page| page.value("IsTruncated") == "true" && !page.value("Marker").is_empty())
    );
    let walked: Vec<String> = pages.iter().flat_map(names).collect();
    assert_eq!(walked, everything);
    // A page may end inside a list: the fifth page of three holds the last two users and the
    // first group.
    let threes = emulator.pages(&production, GAAD, &[], "3").await;
    assert_eq!(
        threes[4].section("UserDetailList").values("UserName").len(),
        2
    );
    assert_eq!(
        threes[4]
            .section("GroupDetailList")
            .values("GroupName")
            .len(),
        1
    );
    let bad = emulator
        .call(&production, GAAD, &[("Marker", "nonsense")])
        .await;
    assert_eq!(bad.error_code(), "InvalidInput");
}

#[tokio::test]
async fn the_filter_keeps_the_named_entity_types_only() {
    let emulator = Emulator::new(demo_scenario());
    let development = emulator.assume(DEVELOPMENT);
    let roles = emulator
        .call(&development, GAAD, &[("Filter.member.1", "Role")])
        .await;
    assert_eq!(
        roles.section("RoleDetailList").values("RoleName"),
        ["AWSControlTowerExecution", "lambda-admin"]
    );
    assert!(roles.section("UserDetailList").body.is_empty());
    assert!(roles.section("Policies").body.is_empty());
    let local = emulator
        .call(
            &development,
            GAAD,
            &[
                ("Filter.member.1", "LocalManagedPolicy"),
                ("Filter.member.2", "Group"),
            ],
        )
        .await;
    assert_eq!(
        local.section("Policies").values("PolicyName"),
        ["LegacyFullAccess"]
    );
    assert_eq!(
        local.section("GroupDetailList").values("GroupName"),
        ["Developers", "Legacy", "ReadOnly"]
    );
    let aws = emulator
        .call(
            &development,
            GAAD,
            &[("Filter.member.1", "AWSManagedPolicy")],
        )
        .await;
    assert_eq!(
        aws.section("Policies").values("PolicyName"),
        [
            "AdministratorAccess",
            "AmazonS3ReadOnlyAccess",
            "IAMFullAccess",
            "PowerUserAccess",
            "ReadOnlyAccess"
        ]
    );
    let wrong = emulator
        .call(&development, GAAD, &[("Filter.member.1", "Users")])
        .await;
    assert_eq!(
        (wrong.status, wrong.error_code().as_str()),
        (400, "ValidationError")
    );
}

#[tokio::test]
async fn every_document_is_percent_encoded_and_decodes_to_the_scenarios_json() {
    let emulator = Emulator::new(demo_scenario());
    let production = emulator.assume(PRODUCTION);
    let answer = emulator.call(&production, GAAD, &[]).await;
    let spec = demo_account(PRODUCTION);
    // Inline user policies.
    let users = answer.section("UserDetailList");
    let inline: Vec<(String, String)> = users
        .values("UserPolicyList")
        .into_iter()
        .map(|list| Answer {
            status: 200,
            body: list,
        })
        .filter(|list| !list.body.is_empty())
        .map(|list| (list.value("PolicyName"), list.value("PolicyDocument")))
        .collect();
    let expected: Vec<(String, String)> = {
        let mut users = spec.users.clone();
        users.sort_by(|left, right| left.name.cmp(&right.name));
        users
            .iter()
            .flat_map(|user| &user.inline)
            .map(|policy| (policy.name.clone(), policy.document.clone()))
            .collect()
    };
    assert_eq!(inline.len(), expected.len());
    for ((name, encoded), (expected_name, document)) in inline.iter().zip(&expected) {
        assert_eq!(name, expected_name);
        assert!(
            encoded.starts_with("%7B%22Version%22%3A%222012-10-17%22"),
            "{encoded}"
        );
        assert_eq!(percent_decode(encoded), *document);
    }
    // The customer managed policy's version and each AWS managed policy's document.
    let policies = answer.section("Policies");
    for (name, document) in policies
        .values("PolicyName")
        .iter()
        .zip(policies.values("Document"))
    {
        let decoded = percent_decode(&document);
        match aws_managed_policies::find(name) {
            Some(policy) => assert_eq!(decoded, policy.document),
            None => assert_eq!(
                Some(decoded),
                spec.policies
                    .iter()
                    .find(|policy| &policy.name == name)
                    .and_then(|policy| policy.document.clone())
            ),
        }
    }
    // The trust policy.
    let trust = answer
        .section("RoleDetailList")
        .value("AssumeRolePolicyDocument");
    assert_eq!(
        json(&percent_decode(&trust)),
        json(&management_trust("111111111111"))
    );
}

#[tokio::test]
async fn a_policy_lists_its_versions_and_marks_its_default() {
    let emulator = Emulator::new(demo_scenario());
    let development = emulator.assume(DEVELOPMENT);
    let answer = emulator
        .call(
            &development,
            GAAD,
            &[("Filter.member.1", "LocalManagedPolicy")],
        )
        .await;
    let policy = answer.section("Policies");
    assert_eq!(policy.value("DefaultVersionId"), "v2");
    assert_eq!(policy.values("VersionId"), ["v1", "v2"]);
    assert_eq!(policy.values("IsDefaultVersion"), ["false", "true"]);
    let documents: Vec<serde_json::Value> = policy
        .values("Document")
        .iter()
        .map(|document| json(&percent_decode(document)))
        .collect();
    assert_eq!(documents[1]["Statement"][0]["Action"], "*");
    assert_eq!(documents[1]["Statement"][0]["Resource"], "*");
    assert_eq!(documents[0]["Statement"][0]["Action"][0], "ec2:*");
    assert_eq!(policy.value("AttachmentCount"), "1");
    assert_eq!(
        policy.value("Arn"),
        "arn:aws:iam::234567890123:policy/LegacyFullAccess"
    );
}

#[tokio::test]
async fn only_the_aws_managed_policies_the_account_uses_are_listed_with_their_counts() {
    let emulator = Emulator::new(demo_scenario());
    let production = emulator.assume(PRODUCTION);
    let answer = emulator.call(&production, GAAD, &[]).await;
    let policies = answer.section("Policies");
    let listed: Vec<(String, String, String)> = policies
        .values("PolicyName")
        .into_iter()
        .zip(policies.values("AttachmentCount"))
        .zip(policies.values("PermissionsBoundaryUsageCount"))
        .map(|((name, attachments), boundaries)| (name, attachments, boundaries))
        .collect();
    let expected = [
        // github-actions, whose key leaked.
        ("AWSCompromisedKeyQuarantineV3", "1", "0"),
        ("AWSLambda_FullAccess", "1", "0"),
        // The Admins group and the audit role.
        ("AdministratorAccess", "2", "0"),
        // legacy-reporting and s3-sync.
        ("AmazonS3FullAccess", "2", "0"),
        ("EtlPipelineAccess", "1", "0"),
        ("PowerUserAccess", "1", "0"),
        ("ReadOnlyAccess", "1", "0"),
        ("SecurityAudit", "1", "0"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(name, attachments, boundaries)| {
            (
                name.to_string(),
                attachments.to_string(),
                boundaries.to_string(),
            )
        })
        .collect();
    assert_eq!(listed, expected);
    assert!(!policies.body.contains("IAMFullAccess"));
    // A policy used only as a boundary is listed too: its document caps grace.dev.
    let development = emulator.assume(DEVELOPMENT);
    let answer = emulator
        .call(
            &development,
            GAAD,
            &[("Filter.member.1", "AWSManagedPolicy")],
        )
        .await;
    let body = &answer.section("Policies").body;
    let boundary = body
        .split("<member><PolicyName>")
        .find(|member| member.starts_with("AmazonS3ReadOnlyAccess<"))
        .unwrap_or_default();
    assert!(boundary.contains("<AttachmentCount>0</AttachmentCount>"));
    assert!(boundary.contains("<PermissionsBoundaryUsageCount>1</PermissionsBoundaryUsageCount>"));
    let users = emulator
        .call(&development, GAAD, &[("Filter.member.1", "User")])
        .await;
    assert!(users.body.contains(
        "<PermissionsBoundary><PermissionsBoundaryType>PermissionsBoundaryPolicy</PermissionsBoundaryType>\
         <PermissionsBoundaryArn>arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\
         </PermissionsBoundaryArn></PermissionsBoundary>"
    ));
}

#[tokio::test]
async fn roles_only_named_are_what_control_tower_creates_and_the_security_one_has_drifted() {
    let emulator = Emulator::new(demo_scenario());
    for (account, foreign) in [(PRODUCTION, false), (DEVELOPMENT, false), (SECURITY, true)] {
        let session = emulator.assume(account);
        let answer = emulator
            .call(&session, GAAD, &[("Filter.member.1", "Role")])
            .await;
        let roles = answer.section("RoleDetailList");
        let index = roles
            .values("RoleName")
            .iter()
            .position(|name| name == "AWSControlTowerExecution")
            .unwrap_or(usize::MAX);
        let trust = json(&percent_decode(
            &roles.values("AssumeRolePolicyDocument")[index],
        ));
        let principals = &trust["Statement"][0]["Principal"]["AWS"];
        if foreign {
            assert_eq!(
                *principals,
                serde_json::json!([
                    "arn:aws:iam::111111111111:root",
                    "arn:aws:iam::999999999999:root"
                ])
            );
        } else {
            assert_eq!(*principals, "arn:aws:iam::111111111111:root");
        }
        let attached = Answer {
            status: 200,
            body: roles.values("AttachedManagedPolicies")[index].clone(),
        };
        assert_eq!(
            attached.values("PolicyArn"),
            ["arn:aws:iam::aws:policy/AdministratorAccess"]
        );
        assert_eq!(
            roles.values("RoleId")[index],
            crate::world::role_id(account, "AWSControlTowerExecution")
        );
        assert_eq!(
            roles.values("Arn")[index],
            format!("arn:aws:iam::{account}:role/AWSControlTowerExecution")
        );
    }
}

/// AssumeRole (which reads these flags) may take the audit role, never a role only Lambda may
/// assume.
#[test]
fn a_role_trusting_only_a_service_cannot_be_assumed() {
    let emulator = Emulator::new(demo_scenario());
    let assumable: Vec<(&str, bool)> = emulator.shared.world.accounts[DEVELOPMENT]
        .roles
        .iter()
        .map(|role| (role.name.as_str(), role.assumable))
        .collect();
    assert_eq!(
        assumable,
        [("AWSControlTowerExecution", true), ("lambda-admin", false)]
    );
    let security = &emulator.shared.world.accounts[SECURITY].roles;
    assert!(security.iter().all(|role| role.assumable));
}

#[tokio::test]
async fn a_fault_on_gaad_denies_one_account_and_is_logged() {
    let mut scenario = demo_scenario();
    let faults = Scenario::from_toml_str(&format!(
        "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n\
         [[accounts]]\nid = \"111111111111\"\nname = \"M\"\n\
         [[faults]]\naccount = \"{DEVELOPMENT}\"\naction = \"{GAAD}\"\nkind = \"access_denied\"\n"
    ));
    scenario.faults = faults.map(|parsed| parsed.faults).unwrap_or_default();
    let emulator = Emulator::new(scenario);
    let development = emulator.assume(DEVELOPMENT);
    let denied = emulator.call(&development, GAAD, &[]).await;
    assert_eq!(
        (denied.status, denied.error_code().as_str()),
        (403, "AccessDenied")
    );
    assert!(
        denied
            .value("Message")
            .contains("iam:GetAccountAuthorizationDetails")
    );
    let production = emulator.assume(PRODUCTION);
    assert_eq!(emulator.call(&production, GAAD, &[]).await.status, 200);
    let logged: Vec<(String, u16, Option<String>)> = emulator
        .shared
        .calls()
        .into_iter()
        .map(|call| (call.iam_action, call.status, call.error_code))
        .collect();
    assert_eq!(
        logged,
        [
            (
                "iam:GetAccountAuthorizationDetails".to_string(),
                403,
                Some("AccessDenied".to_string())
            ),
            ("iam:GetAccountAuthorizationDetails".to_string(), 200, None),
        ]
    );
}

#[tokio::test]
async fn gaad_shares_the_accounts_rate_limit() {
    let mut scenario = demo_scenario();
    scenario.settings.rate_limits.iam = Some(1.0);
    let emulator = Emulator::new(scenario);
    let production = emulator.assume(PRODUCTION);
    assert_eq!(
        emulator.call(&production, "ListUsers", &[]).await.status,
        200
    );
    let throttled = emulator.call(&production, GAAD, &[]).await;
    assert_eq!(throttled.error_code(), "Throttling");
}

#[tokio::test]
async fn the_user_policy_lists_agree_with_gaad() {
    let emulator = Emulator::new(demo_scenario());
    let production = emulator.assume(PRODUCTION);
    let user = [("UserName", "legacy-reporting")];
    let attached = emulator
        .call(&production, "ListAttachedUserPolicies", &user)
        .await;
    assert_eq!(
        attached.values("PolicyArn"),
        ["arn:aws:iam::aws:policy/AmazonS3FullAccess"]
    );
    let groups = emulator.call(&production, "ListGroupsForUser", &user).await;
    assert_eq!(groups.values("GroupName"), ["Admins"]);
    assert!(groups.value("GroupId").starts_with("AGPA"));
    let inline = emulator.call(&production, "ListUserPolicies", &user).await;
    assert!(inline.section("PolicyNames").body.is_empty());
    let deploy = [("UserName", "ci-deploy")];
    let inline = emulator
        .call(&production, "ListUserPolicies", &deploy)
        .await;
    assert_eq!(inline.values("member"), ["deploy-pipeline"]);
    let prefixed = emulator
        .call(
            &emulator.assume(SECURITY),
            "ListAttachedUserPolicies",
            &[("UserName", "log-archiver"), ("PathPrefix", "/logging/")],
        )
        .await;
    assert_eq!(prefixed.values("PolicyName"), ["LogArchiveWriter"]);
    let missing = emulator
        .call(&production, "ListGroupsForUser", &[("UserName", "nobody")])
        .await;
    assert_eq!(missing.error_code(), "NoSuchEntity");
}

/// A generated member of the benchmark's shape (20 users) answers in one page of tens of
/// kilobytes: enough weight to measure, far from the megabytes whole AWS documents would make.
#[tokio::test]
async fn a_generated_accounts_answer_is_tens_of_kilobytes() {
    let scenario = generate(&GeneratorOptions {
        accounts: 3,
        ..GeneratorOptions::default()
    });
    let emulator = Emulator::new(scenario);
    for account in ["200000000000", "200000000001", "200000000002"] {
        let session = emulator.assume(account);
        let answer = emulator.call(&session, GAAD, &[]).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.value("IsTruncated"), "false");
        let users = answer.section("UserDetailList").values("UserName").len();
        assert_eq!(users, 20);
        assert_eq!(
            answer.section("RoleDetailList").values("RoleName"),
            ["AWSControlTowerExecution"]
        );
        let size = answer.body.len();
        eprintln!("GetAccountAuthorizationDetails of {account}: {size} bytes");
        assert!((10_000..100_000).contains(&size), "{size}");
    }
}

"""Builds an organization with a tree, account tags and user tags in a moto server (issue 25).

Usage: setup_owners.py ENDPOINT_URL WEBHOOK_A WEBHOOK_B -> prints JSON describing what it made.

The tree: Root/Production/Cards holds the Payments account (tagged owner=payments-team),
Root/Development holds Sandbox (no tags). In Payments, `ci-deploy` carries owner=carol and
team=platform (the owner tag wins), `alice` only team=platform, `legacy` no tag at all (the
account's owner answers); in Sandbox, `dev` carries email=dave@example.com and `tester` nothing
(no owner). Each user has a console password without MFA, so each has findings of its own. Two
Secrets Manager secrets hold the two Slack webhooks. Written with boto3; moto's IAM authorization
stays off (the caller is the management account's root).
"""
import json
import sys

import boto3

ENDPOINT = sys.argv[1]
REGION = "us-east-1"
KEYS = {"aws_access_key_id": "AKIAMANAGEMENTSETUP1", "aws_secret_access_key": "setup-secret"}


def client(service, **credentials):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION, **(credentials or KEYS))


def member_iam(account_id):
    answer = client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole", RoleSessionName="setup")
    credentials = answer["Credentials"]
    return client("iam", aws_access_key_id=credentials["AccessKeyId"],
                  aws_secret_access_key=credentials["SecretAccessKey"],
                  aws_session_token=credentials["SessionToken"])


def user(iam, name, tags):
    iam.create_user(UserName=name, Tags=[{"Key": key, "Value": value} for key, value in tags.items()])
    iam.create_login_profile(UserName=name, Password="Correct-Horse-9")


def main():
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    root = organizations.list_roots()["Roots"][0]["Id"]
    production = organizations.create_organizational_unit(ParentId=root, Name="Production")
    production = production["OrganizationalUnit"]["Id"]
    cards = organizations.create_organizational_unit(ParentId=production, Name="Cards")["OrganizationalUnit"]["Id"]
    development = organizations.create_organizational_unit(ParentId=root, Name="Development")
    development = development["OrganizationalUnit"]["Id"]
    made = {"accounts": {}}
    for name, parent, tags in [("Payments", cards, {"owner": "payments-team", "cost-center": "CC-1"}),
                               ("Sandbox", development, {})]:
        status = organizations.create_account(Email=f"{name.lower()}@example.com", AccountName=name)
        account_id = status["CreateAccountStatus"]["AccountId"]
        organizations.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=parent)
        if tags:
            organizations.tag_resource(ResourceId=account_id,
                                       Tags=[{"Key": key, "Value": value} for key, value in tags.items()])
        made["accounts"][name] = account_id
        iam = member_iam(account_id)
        if name == "Payments":
            user(iam, "ci-deploy", {"team": "platform", "owner": "carol"})
            user(iam, "alice", {"team": "platform"})
            user(iam, "legacy", {})
        else:
            user(iam, "dev", {"email": "dave@example.com"})
            user(iam, "tester", {})
    secrets = client("secretsmanager")
    for label, url in [("ou", sys.argv[2]), ("owner", sys.argv[3])]:
        made[f"secret_{label}"] = secrets.create_secret(
            Name=f"iam-audit/{label}", SecretString=json.dumps({"webhook_url": url}))["ARN"]
    print(json.dumps(made))


if __name__ == "__main__":
    main()

"""The privilege oracle (issue 16): builds users in a moto account whose privilege is known, then
runs cloudsplaining (PyPI) on the account's authorization details as boto3 reads them.

Usage:
  privilege_oracle.py setup ENDPOINT_URL          -> prints JSON: {"expected": {user: class}}
  privilege_oracle.py cloudsplaining ENDPOINT_URL -> prints JSON: {user: [escalation methods]}

cloudsplaining judges one policy document at a time (PolicyDocument.allows_privilege_escalation);
a user's methods here are the union over the documents that apply to the user: inline, attached
managed (default version), and the groups' inline and attached.
"""
import json
import sys
import urllib.parse

import boto3

ENDPOINT = sys.argv[2]
REGION = "us-east-1"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
SECURITY_AUDIT = "arn:aws:iam::aws:policy/SecurityAudit"


def iam():
    return boto3.client("iam", endpoint_url=ENDPOINT, region_name=REGION,
                        aws_access_key_id="AKIAORACLESETUP00001", aws_secret_access_key="x")


def document(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(actions, resources="*", **extra):
    statement = {"Effect": "Allow", "Action": actions, "Resource": resources}
    statement.update(extra)
    return statement


def setup():
    client = iam()
    expected = {}

    def user(name, klass, attached=(), inline=(), groups=()):
        client.create_user(UserName=name)
        for arn in attached:
            client.attach_user_policy(UserName=name, PolicyArn=arn)
        for index, policy in enumerate(inline):
            client.put_user_policy(UserName=name, PolicyName=f"{name}-{index}", PolicyDocument=policy)
        for group in groups:
            client.add_user_to_group(GroupName=group, UserName=name)
        expected[name] = klass

    client.create_group(GroupName="Admins")
    client.attach_group_policy(GroupName="Admins", PolicyArn=ADMIN)
    client.create_group(GroupName="Auditors")
    client.attach_group_policy(GroupName="Auditors", PolicyArn=SECURITY_AUDIT)
    # A customer managed policy that a CreatePolicyVersion user could rewrite.
    client.create_policy(PolicyName="TeamPolicy", PolicyDocument=document(allow("s3:GetObject")))
    client.create_role(RoleName="lambda-runner", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))

    user("admin-direct", "admin", attached=[ADMIN])
    user("admin-group", "admin", groups=["Admins"])
    user("inline-star", "admin", inline=[document(allow("*"))])
    user("escalate-policy-version", "privilege_escalation",
         inline=[document(allow("iam:CreatePolicyVersion"))])
    user("escalate-passrole-lambda", "privilege_escalation",
         inline=[document(allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]))])
    user("reader", "read_only", attached=[READ_ONLY])
    user("auditor", "read_only", groups=["Auditors"])
    user("s3-writer", "write",
         inline=[document(allow(["s3:PutObject", "s3:DeleteObject"], "arn:aws:s3:::uploads/*"))])
    # AdministratorAccess with an explicit Deny of everything but S3: no longer admin, no
    # escalation left, but it can write to S3.
    user("denied-admin", "write", attached=[ADMIN],
         inline=[document({"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"})])
    # Everything but IAM: still escalates through what it leaves allowed (an existing Lambda
    # function's code, a Glue development endpoint...), judged by what it allows.
    user("not-action", "privilege_escalation",
         inline=[document({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})])
    user("nobody", "none")
    print(json.dumps({"expected": expected}))


def pages():
    paginator = iam().get_paginator("get_account_authorization_details")
    for page in paginator.paginate():
        yield page


def as_json(text):
    """boto3 hands documents over decoded (a dict), moto sometimes as a string."""
    if isinstance(text, dict):
        return text
    return json.loads(urllib.parse.unquote(text))


def run_cloudsplaining():
    from cloudsplaining.scan.policy_document import PolicyDocument

    users, groups, policies = [], {}, {}
    for page in pages():
        users.extend(page.get("UserDetailList", []))
        for group in page.get("GroupDetailList", []):
            groups[group["GroupName"]] = group
        for policy in page.get("Policies", []):
            for version in policy.get("PolicyVersionList", []):
                if version.get("IsDefaultVersion"):
                    policies[policy["Arn"]] = as_json(version["Document"])

    def methods(documents):
        found = set()
        for body in documents:
            found.update(entry["type"] for entry in PolicyDocument(body).allows_privilege_escalation)
        return found

    out = {}
    for user in users:
        documents = [as_json(policy["PolicyDocument"]) for policy in user.get("UserPolicyList", [])]
        documents += [policies[attached["PolicyArn"]] for attached in user.get("AttachedManagedPolicies", [])
                      if attached["PolicyArn"] in policies]
        for name in user.get("GroupList", []):
            group = groups.get(name, {})
            documents += [as_json(policy["PolicyDocument"]) for policy in group.get("GroupPolicyList", [])]
            documents += [policies[attached["PolicyArn"]] for attached in group.get("AttachedManagedPolicies", [])
                          if attached["PolicyArn"] in policies]
        out[user["UserName"]] = sorted(methods(documents))
    print(json.dumps(out))


if __name__ == "__main__":
    {"setup": setup, "cloudsplaining": run_cloudsplaining}[sys.argv[1]]()

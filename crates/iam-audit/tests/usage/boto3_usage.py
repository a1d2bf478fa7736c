"""An independent client's view of the demo's usage (issue 24): boto3 reads each account's
service last accessed reports and authorization details from the emulator, as AWS's own SDK for
Python would from AWS.

usage ENDPOINT DAYS ACCOUNT:USER... : for each user, the services whose LastAuthenticated falls
    within the last DAYS days (GenerateServiceLastAccessedDetails at ACTION_LEVEL, then
    GetServiceLastAccessedDetails polled until COMPLETED, every page).
details ENDPOINT ACCOUNT... : each account's GetAccountAuthorizationDetails (every page), in the
    shape of the access crate's AuthorizationDetails.

Prints one JSON object. The caller's credentials come from the environment; member accounts are
reached with AssumeRole of AWSControlTowerExecution, the management account directly.
"""

import json
import sys
import time
from datetime import datetime, timedelta, timezone

import boto3

MANAGEMENT = "111111111111"


def iam_of(endpoint, account):
    if account == MANAGEMENT:
        return boto3.client("iam", endpoint_url=endpoint)
    sts = boto3.client("sts", endpoint_url=endpoint)
    credentials = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/AWSControlTowerExecution",
        RoleSessionName="boto3-oracle",
    )["Credentials"]
    return boto3.client(
        "iam",
        endpoint_url=endpoint,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def services_used(iam, arn, days):
    job = iam.generate_service_last_accessed_details(Arn=arn, Granularity="ACTION_LEVEL")["JobId"]
    for _ in range(100):
        page = iam.get_service_last_accessed_details(JobId=job)
        if page["JobStatus"] != "IN_PROGRESS":
            break
        time.sleep(0.1)
    assert page["JobStatus"] == "COMPLETED", page
    services = list(page["ServicesLastAccessed"])
    while page.get("IsTruncated"):
        page = iam.get_service_last_accessed_details(JobId=job, Marker=page["Marker"])
        services.extend(page["ServicesLastAccessed"])
    since = datetime.now(timezone.utc) - timedelta(days=days)
    return sorted(
        {
            service["ServiceNamespace"]
            for service in services
            if service.get("LastAuthenticated") and service["LastAuthenticated"] >= since
        }
    )


def usage(endpoint, days, subjects):
    answer = {}
    clients = {}
    for subject in subjects:
        account, user = subject.split(":", 1)
        iam = clients.setdefault(account, iam_of(endpoint, account))
        arn = iam.get_user(UserName=user)["User"]["Arn"]
        answer.setdefault(account, {})[user] = services_used(iam, arn, days)
    return answer


def document(value):
    return value if isinstance(value, str) else json.dumps(value)


def attached(policies):
    return [{"name": p["PolicyName"], "arn": p["PolicyArn"]} for p in policies or []]


def inline(policies):
    return [{"name": p["PolicyName"], "document": document(p["PolicyDocument"])} for p in policies or []]


def details(endpoint, accounts):
    answer = {}
    for account in accounts:
        iam = iam_of(endpoint, account)
        result = {"users": [], "groups": [], "roles": [], "policies": []}
        for page in iam.get_paginator("get_account_authorization_details").paginate():
            for user in page.get("UserDetailList", []):
                result["users"].append({
                    "name": user["UserName"], "arn": user["Arn"], "user_id": user.get("UserId"),
                    "inline_policies": inline(user.get("UserPolicyList")),
                    "attached_policies": attached(user.get("AttachedManagedPolicies")),
                    "groups": user.get("GroupList", []),
                    "permissions_boundary": (user.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn"),
                })
            for group in page.get("GroupDetailList", []):
                result["groups"].append({
                    "name": group["GroupName"], "arn": group["Arn"],
                    "inline_policies": inline(group.get("GroupPolicyList")),
                    "attached_policies": attached(group.get("AttachedManagedPolicies")),
                })
            for policy in page.get("Policies", []):
                default = [v for v in policy.get("PolicyVersionList", []) if v.get("IsDefaultVersion")]
                result["policies"].append({
                    "name": policy.get("PolicyName") or policy["Arn"].rsplit("/", 1)[-1],
                    "arn": policy["Arn"],
                    "default_version_document": document(default[0]["Document"]) if default else None,
                    "attachment_count": policy.get("AttachmentCount"),
                })
        answer[account] = result
    return answer


if __name__ == "__main__":
    command, endpoint = sys.argv[1], sys.argv[2]
    if command == "usage":
        print(json.dumps(usage(endpoint, int(sys.argv[3]), sys.argv[4:])))
    elif command == "details":
        print(json.dumps(details(endpoint, sys.argv[3:])))
    else:
        sys.exit(f"unknown command {command}")

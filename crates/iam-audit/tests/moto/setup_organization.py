"""Builds a test organization in a moto server, then switches moto's IAM authorization on.

Usage: setup_organization.py ENDPOINT_URL  -> prints JSON describing what it made.

The organization: the management account (moto's default 123456789012) with an `auditor` user
allowed everything (the caller of the audit); three members, each with an `AuditRole` that may
read IAM, except the `Denied` member whose AuditRole may not; users with and without keys, a
virtual MFA device, console passwords, a key that has signed a request (so it has a last use), an
inactive key; SSH public keys (one inactive), X.509 signing certificates (one active and expired,
one inactive and valid, each with its notAfter) and password policies (a strong one in Production,
none in Development, a weak one in the management account). Written with boto3 (the audit itself
never writes).
"""
import datetime
import json
import sys

import boto3
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

ENDPOINT = sys.argv[1]
REGION = "us-east-1"
MANAGEMENT_KEYS = {"aws_access_key_id": "AKIAMANAGEMENTSETUP1", "aws_secret_access_key": "setup-secret"}


def client(service, **credentials):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION, **(credentials or MANAGEMENT_KEYS))


def member_credentials(account_id):
    answer = client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole", RoleSessionName="setup")
    credentials = answer["Credentials"]
    return {"aws_access_key_id": credentials["AccessKeyId"],
            "aws_secret_access_key": credentials["SecretAccessKey"],
            "aws_session_token": credentials["SessionToken"]}


READ_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:List*", "iam:Get*", "iam:GenerateCredentialReport", "sts:GetCallerIdentity"],
     "Resource": "*"}]})
DENY_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["sts:GetCallerIdentity"], "Resource": "*"}]})
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]})


def certificate(not_after):
    """A self-signed certificate (PEM) valid until `not_after`."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "iam-audit-moto")])
    body = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
            .not_valid_after(not_after).sign(key, hashes.SHA256()))
    return body.public_bytes(serialization.Encoding.PEM).decode()


def ssh_public_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                         serialization.PublicFormat.OpenSSH).decode()


def add_credentials(iam, account_id, name, made):
    """SSH keys and signing certificates for the member's users, recorded for the test."""
    credentials = made.setdefault("credentials", {})
    for user, status in [(f"{name.lower()}-service", "Active"), (f"{name.lower()}-admin", "Inactive")]:
        key = iam.upload_ssh_public_key(UserName=user, SSHPublicKeyBody=ssh_public_key())["SSHPublicKey"]
        if status == "Inactive":
            iam.update_ssh_public_key(UserName=user, SSHPublicKeyId=key["SSHPublicKeyId"], Status="Inactive")
        credentials[key["SSHPublicKeyId"]] = {
            "account": account_id, "user": user, "kind": "ssh_public_key", "status": status, "expires": ""}
    # Production: active and expired (CRT002); Development: inactive and valid until 2035.
    expired = name == "Production"
    not_after = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc) if expired \
        else datetime.datetime(2035, 6, 30, 12, 0, tzinfo=datetime.timezone.utc)
    user = f"{name.lower()}-service"
    uploaded = iam.upload_signing_certificate(UserName=user, CertificateBody=certificate(not_after))["Certificate"]
    status = "Active" if expired else "Inactive"
    if status == "Inactive":
        iam.update_signing_certificate(UserName=user, CertificateId=uploaded["CertificateId"], Status="Inactive")
    credentials[uploaded["CertificateId"]] = {
        "account": account_id, "user": user, "kind": "signing_certificate", "status": status,
        "expires": not_after.strftime("%Y-%m-%dT%H:%M:%SZ")}


def make_audit_role(iam, policy):
    iam.create_role(RoleName="AuditRole", AssumeRolePolicyDocument=TRUST)
    iam.put_role_policy(RoleName="AuditRole", PolicyName="audit", PolicyDocument=policy)


def main():
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    management_iam = client("iam")
    management_iam.create_user(UserName="auditor")
    management_iam.put_user_policy(UserName="auditor", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    auditor_key = management_iam.create_access_key(UserName="auditor")["AccessKey"]
    management_iam.create_user(UserName="console-only")
    management_iam.create_login_profile(UserName="console-only", Password="Correct-Horse-9")

    management_iam.update_account_password_policy(MinimumPasswordLength=8, PasswordReusePrevention=5)
    made = {"management_account": "123456789012", "accounts": {}, "keys": {}, "users": {},
            "password_policies": {"123456789012": "set"}}
    for name in ["Production", "Development", "Denied"]:
        status = organizations.create_account(Email=f"{name.lower()}@example.com", AccountName=name)
        account_id = status["CreateAccountStatus"]["AccountId"]
        made["accounts"][name] = account_id
        iam = client("iam", **member_credentials(account_id))
        make_audit_role(iam, DENY_POLICY if name == "Denied" else READ_POLICY)

        # A console user with a virtual MFA device and one key that has signed a request.
        iam.create_user(UserName=f"{name.lower()}-admin")
        iam.create_login_profile(UserName=f"{name.lower()}-admin", Password="Correct-Horse-9")
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{name.lower()}-admin")
        serial = device["VirtualMFADevice"]["SerialNumber"]
        iam.enable_mfa_device(UserName=f"{name.lower()}-admin", SerialNumber=serial,
                              AuthenticationCode1="123456", AuthenticationCode2="654321")
        used = iam.create_access_key(UserName=f"{name.lower()}-admin")["AccessKey"]
        boto3.client("sts", endpoint_url=ENDPOINT, region_name=REGION,
                      aws_access_key_id=used["AccessKeyId"],
                      aws_secret_access_key=used["SecretAccessKey"]).get_caller_identity()
        made["keys"][used["AccessKeyId"]] = {
            "account": account_id, "user": f"{name.lower()}-admin", "status": "Active",
            "mfa": "Virtual", "password": "Configured", "used": True}

        # A service user with two keys, one inactive, no password, no MFA.
        iam.create_user(UserName=f"{name.lower()}-service")
        for status_wanted in ["Active", "Inactive"]:
            key = iam.create_access_key(UserName=f"{name.lower()}-service")["AccessKey"]
            if status_wanted == "Inactive":
                iam.update_access_key(UserName=f"{name.lower()}-service", AccessKeyId=key["AccessKeyId"],
                                      Status="Inactive")
            made["keys"][key["AccessKeyId"]] = {
                "account": account_id, "user": f"{name.lower()}-service", "status": status_wanted,
                "mfa": "None", "password": "Not configured", "used": False}

        # A user with nothing: only the users report shows it.
        iam.create_user(UserName=f"{name.lower()}-nothing")
        if name != "Denied":
            add_credentials(iam, account_id, name, made)
        if name == "Production":
            iam.update_account_password_policy(
                MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True,
                RequireUppercaseCharacters=True, RequireLowercaseCharacters=True,
                AllowUsersToChangePassword=True, MaxPasswordAge=90, PasswordReusePrevention=24)
        made["password_policies"][account_id] = "set" if name == "Production" else "not_set"
        made["users"][account_id] = sorted(
            u["UserName"] for u in iam.list_users()["Users"])

    # From now on moto checks IAM policies on every request.
    requests.post(f"{ENDPOINT}/moto-api/reset-auth", data="0", headers={"Content-Type": "text/plain"}).raise_for_status()
    made["auditor"] = {"access_key_id": auditor_key["AccessKeyId"], "secret_access_key": auditor_key["SecretAccessKey"]}
    print(json.dumps(made))


if __name__ == "__main__":
    main()

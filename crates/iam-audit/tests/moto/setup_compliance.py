"""Builds the compliance test organization in a moto server (AWS managed policies loaded), then
switches moto's IAM authorization on and clears moto's request recording.

Usage: setup_compliance.py ENDPOINT_URL  -> prints JSON describing what it made.

The members:
- `Compliant`: a password policy meeting every control, a support role (AWSSupportAccess), no
  server certificate;
- `Failing`: no password policy, a server certificate (moto lists every server certificate with
  the expiry 2012-05-08, so it is expired), a role with AWSCloudShellFullAccess;
- `Limited`: like `Compliant`, but its audit role is denied GetAccountPasswordPolicy and
  ListServerCertificates.
Written with boto3 (the audit itself never writes).
"""
import datetime
import json
import sys

import boto3
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ENDPOINT = sys.argv[1]
REGION = "us-east-1"
MANAGEMENT_KEYS = {"aws_access_key_id": "AKIAMANAGEMENTSETUP1", "aws_secret_access_key": "setup-secret"}
READ = ["iam:List*", "iam:Get*", "iam:GenerateCredentialReport", "sts:GetCallerIdentity",
        "access-analyzer:ListAnalyzers"]
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]})

def client(service, **credentials):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION, **(credentials or MANAGEMENT_KEYS))


def member_credentials(account_id):
    answer = client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole", RoleSessionName="setup")
    credentials = answer["Credentials"]
    return {"aws_access_key_id": credentials["AccessKeyId"],
            "aws_secret_access_key": credentials["SecretAccessKey"],
            "aws_session_token": credentials["SessionToken"]}


def audit_policy(denied):
    statements = [{"Effect": "Allow", "Action": READ, "Resource": "*"}]
    if denied:
        statements.append({"Effect": "Deny", "Action": denied, "Resource": "*"})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def certificate_pem():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shop.example.com")])
    body = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(datetime.datetime(2011, 1, 1, tzinfo=datetime.timezone.utc))
            .not_valid_after(datetime.datetime(2012, 5, 8, tzinfo=datetime.timezone.utc))
            .sign(key, hashes.SHA256()))
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return body.public_bytes(serialization.Encoding.PEM).decode(), private.decode()


def compliant_password_policy(iam):
    iam.update_account_password_policy(
        MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True,
        RequireUppercaseCharacters=True, RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True, MaxPasswordAge=90, PasswordReusePrevention=24)


def support_role(iam):
    iam.create_role(RoleName="support-case-managers", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="support-case-managers",
                           PolicyArn="arn:aws:iam::aws:policy/AWSSupportAccess")


def main():
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    management_iam = client("iam")
    management_iam.create_user(UserName="auditor")
    management_iam.put_user_policy(UserName="auditor", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    auditor_key = management_iam.create_access_key(UserName="auditor")["AccessKey"]
    made = {"accounts": {}}
    for name in ["Compliant", "Failing", "Limited"]:
        status = organizations.create_account(Email=f"{name.lower()}@example.com", AccountName=name)
        account_id = status["CreateAccountStatus"]["AccountId"]
        made["accounts"][name] = account_id
        iam = client("iam", **member_credentials(account_id))
        denied = ["iam:GetAccountPasswordPolicy", "iam:ListServerCertificates"] if name == "Limited" else []
        iam.create_role(RoleName="AuditRole", AssumeRolePolicyDocument=TRUST)
        iam.put_role_policy(RoleName="AuditRole", PolicyName="audit", PolicyDocument=audit_policy(denied))
        if name in ("Compliant", "Limited"):
            compliant_password_policy(iam)
            support_role(iam)
        else:
            body, private = certificate_pem()
            iam.upload_server_certificate(ServerCertificateName="shop-example-2012",
                                          CertificateBody=body, PrivateKey=private)
            iam.create_role(RoleName="cloudshell-users", AssumeRolePolicyDocument=TRUST)
            iam.attach_role_policy(RoleName="cloudshell-users",
                                   PolicyArn="arn:aws:iam::aws:policy/AWSCloudShellFullAccess")

    # From now on moto checks IAM policies on every request; what it records from here on is the
    # audit's.
    requests.post(f"{ENDPOINT}/moto-api/reset-auth", data="0",
                  headers={"Content-Type": "text/plain"}).raise_for_status()
    requests.post(f"{ENDPOINT}/moto-api/recorder/reset-recording").raise_for_status()
    made["auditor"] = {"access_key_id": auditor_key["AccessKeyId"],
                       "secret_access_key": auditor_key["SecretAccessKey"]}
    print(json.dumps(made))


if __name__ == "__main__":
    main()

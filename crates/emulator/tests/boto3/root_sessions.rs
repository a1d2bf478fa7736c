//! STS AssumeRoot and the root session's IAM reads (issue 23), through boto3 (botocore's model
//! of AssumeRoot, with `TaskPolicyArn={"arn": ...}` serialized as `TaskPolicyArn.arn`).

use crate::support::{run_boto3, start_fixture};

#[test]
fn boto3_opens_root_sessions_and_reads_each_members_root_user() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let (_server, endpoint) = start_fixture(folder.path(), "root-sessions.toml");
    let script = r#"
import datetime
import boto3, botocore

AUDIT = {"arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}
sts = boto3.client("sts")
assert boto3.client("iam").list_organizations_features()["EnabledFeatures"] == ["RootSessions"]

def root(principal):
    account_id = principal.split(":")[4] if principal.startswith("arn:") else principal
    answer = sts.assume_root(TargetPrincipal=principal, TaskPolicyArn=AUDIT, DurationSeconds=900)
    credentials = answer["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert credentials["Expiration"] - datetime.datetime.now(datetime.timezone.utc) <= datetime.timedelta(seconds=900)
    assert "SourceIdentity" not in answer, answer
    session = boto3.Session(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"], region_name="us-east-1")
    assert session.client("sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{account_id}:root"
    return session.client("iam")

development = root("222222222222")
keys = development.list_access_keys()["AccessKeyMetadata"]
assert [key["Status"] for key in keys] == ["Active"] and "CreateDate" in keys[0], keys
last = development.get_access_key_last_used(AccessKeyId=keys[0]["AccessKeyId"])["AccessKeyLastUsed"]
assert last["ServiceName"] == "N/A" and "LastUsedDate" not in last, last
assert development.list_mfa_devices()["MFADevices"] == []
assert development.list_signing_certificates()["Certificates"] == []
assert development.get_login_profile()["LoginProfile"]["PasswordResetRequired"] is False
assert development.get_user()["User"]["Arn"] == "arn:aws:iam::222222222222:root"
assert development.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 0
try:
    development.list_users()
    raise SystemExit("expected AccessDenied")
except botocore.exceptions.ClientError as error:
    assert error.response["Error"]["Code"] == "AccessDenied", error.response
    assert "explicit deny in a session policy" in error.response["Error"]["Message"]
try:
    development.list_access_keys(UserName="alice")
    raise SystemExit("expected AccessDenied")
except botocore.exceptions.ClientError as error:
    assert error.response["Error"]["Code"] == "AccessDenied", error.response

production = root("arn:aws:iam::333333333333:root")
devices = [device["SerialNumber"] for device in production.list_mfa_devices()["MFADevices"]]
assert devices == ["GAHT10002000"], devices
assert not devices[0].startswith("arn:aws:iam::"), "a hardware token, not a virtual device"
assert [(k["AccessKeyId"], k["Status"]) for k in production.list_access_keys()["AccessKeyMetadata"]] == [("AKIAPRODUCTIONROOT01", "Inactive")]
assert [c["CertificateId"] for c in production.list_signing_certificates()["Certificates"]] == ["PRODUCTIONROOTSIGNINGCERTIFICATE01"]
try:
    production.get_login_profile()
    raise SystemExit("expected NoSuchEntity")
except production.exceptions.NoSuchEntityException:
    pass

for target, policy, code in [
    ("111111111111", AUDIT, "AccessDenied"),
    ("222222222222", {"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, "ValidationError"),
]:
    try:
        sts.assume_root(TargetPrincipal=target, TaskPolicyArn=policy)
        raise SystemExit(f"expected {code}")
    except botocore.exceptions.ClientError as error:
        assert error.response["Error"]["Code"] == code, error.response
print("ok")
"#;
    run_boto3(script, &endpoint);
}

//! IAM service last accessed reports (issue 24), through boto3 1.35's model of
//! GenerateServiceLastAccessedDetails and GetServiceLastAccessedDetails.

use crate::support::{run_boto3, start_fixture};

#[test]
fn boto3_polls_a_report_job_and_reads_services_and_actions() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let (_server, endpoint) = start_fixture(folder.path(), "last-accessed.toml");
    let script = r#"
import datetime, time
import boto3

def session():
    credentials = boto3.client("sts").assume_role(
        RoleArn="arn:aws:iam::222222222222:role/AWSControlTowerExecution", RoleSessionName="boto3")["Credentials"]
    return boto3.Session(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"], region_name="us-east-1").client("iam")

iam = session()
def report(user, granularity):
    job = iam.generate_service_last_accessed_details(Arn=f"arn:aws:iam::222222222222:user/{user}", Granularity=granularity)["JobId"]
    assert len(job) == 36, job
    statuses = []
    while True:
        answer = iam.get_service_last_accessed_details(JobId=job, MaxItems=20)
        statuses.append(answer["JobStatus"])
        if answer["JobStatus"] != "IN_PROGRESS":
            break
    services = list(answer["ServicesLastAccessed"])
    while answer.get("IsTruncated"):
        answer = iam.get_service_last_accessed_details(JobId=job, MaxItems=20, Marker=answer["Marker"])
        services.extend(answer["ServicesLastAccessed"])
    return job, statuses, answer, {service["ServiceNamespace"]: service for service in services}

job, statuses, answer, services = report("admin", "ACTION_LEVEL")
assert statuses == ["IN_PROGRESS", "COMPLETED"], statuses
assert answer["JobType"] == "ACTION_LEVEL" and isinstance(answer["JobCompletionDate"], datetime.datetime)
now = datetime.datetime.now(datetime.timezone.utc)
s3 = services["s3"]
assert s3["ServiceName"] == "Amazon S3" and s3["TotalAuthenticatedEntities"] == 1, s3
assert now - s3["LastAuthenticated"] < datetime.timedelta(days=4), s3
assert sorted(action["ActionName"] for action in s3["TrackedActionsLastAccessed"]) == ["GetObject", "ListBucket"], s3
assert all(action["LastAccessedEntity"] == "arn:aws:iam::222222222222:user/admin" for action in s3["TrackedActionsLastAccessed"])
used = sorted(namespace for namespace, service in services.items() if "LastAuthenticated" in service)
assert used == ["s3"], used
assert "TrackedActionsLastAccessed" not in services["dynamodb"]

# Another session cannot read the job: NoSuchEntity, as for a job that does not exist.
other = session()
try:
    other.get_service_last_accessed_details(JobId=job)
    raise SystemExit("expected NoSuchEntity")
except other.exceptions.NoSuchEntityException:
    pass

_, _, _, idle = report("idle", "SERVICE_LEVEL")
assert sorted(idle) == ["s3", "s3-object-lambda"] and all("LastAuthenticated" not in s for s in idle.values()), idle
_, statuses, failed, _ = report("broken", "SERVICE_LEVEL")
assert failed["JobStatus"] == "FAILED" and failed["Error"]["Code"], failed
print("ok")
"#;
    run_boto3(script, &endpoint);
}

//! IAM service last accessed reports (issue 24).

use aws_sdk_iam::types::{AccessAdvisorUsageGranularityType, JobStatusType};
use iam_audit_emulator::RunningEmulator;

use crate::support::{assume, config, fixture};

/// The SDK generates a job, polls it past IN_PROGRESS, and reads the deploy user's services and
/// tracked actions; required fields the emulator leaves out while in progress do not fail it.
#[tokio::test]
async fn the_sdk_polls_a_report_and_reads_tracked_actions() {
    let emulator = RunningEmulator::start(fixture("last-accessed.toml"), 0)
        .await
        .expect("emulator");
    let member = assume(&emulator, "222222222222").await;
    let iam = aws_sdk_iam::Client::new(&config(&emulator, "us-east-1", member));
    let job = iam
        .generate_service_last_accessed_details()
        .arn("arn:aws:iam::222222222222:user/deploy")
        .granularity(AccessAdvisorUsageGranularityType::ActionLevel)
        .send()
        .await
        .expect("GenerateServiceLastAccessedDetails");
    let job_id = job.job_id().expect("a job id").to_string();
    let mut statuses = Vec::new();
    let report = loop {
        let report = iam
            .get_service_last_accessed_details()
            .job_id(&job_id)
            .send()
            .await
            .expect("GetServiceLastAccessedDetails");
        statuses.push(report.job_status().clone());
        if report.job_status() != &JobStatusType::InProgress {
            break report;
        }
    };
    assert_eq!(
        statuses,
        [JobStatusType::InProgress, JobStatusType::Completed]
    );
    let namespaces: Vec<&str> = report
        .services_last_accessed()
        .iter()
        .map(|service| service.service_namespace())
        .collect();
    assert_eq!(namespaces, ["cloudformation", "iam", "lambda", "s3"]);
    let s3 = &report.services_last_accessed()[3];
    assert!(s3.last_authenticated().is_some());
    assert_eq!(s3.total_authenticated_entities(), Some(1));
    let actions: Vec<(Option<&str>, bool)> = s3
        .tracked_actions_last_accessed()
        .iter()
        .map(|action| (action.action_name(), action.last_accessed_time().is_some()))
        .collect();
    assert_eq!(
        actions,
        [(Some("GetObject"), false), (Some("PutObject"), true)]
    );
    emulator.shutdown().await;
}

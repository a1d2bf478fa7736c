//! Per-team routes (`[[routes]]`): each route's own digest, of its own findings (the new ones
//! when there is a baseline, else all), sent to its own Slack webhooks and SNS topics. Which
//! findings a route takes is decided in `iam-audit-rules` (`Route::matches`); here they are sent
//! and every attempt recorded like the run-wide `--notify` (a failure is exit code 4). A webhook
//! URL is read at delivery from Secrets Manager or the environment, and never printed.

use iam_audit_report::Judged;
use iam_audit_report::json::Notified;
use iam_audit_report::notification::{Digest, plain_text, slack_message};
use iam_audit_rules::{Finding, Route, RouteTarget};

use super::{Deliveries, post_slack};
use crate::Secret;

impl Deliveries {
    /// Sends each route's digest; a route with nothing to say sends nothing unless
    /// `notify_empty`.
    pub async fn notify_routes(&mut self, judged: &Judged<'_>) {
        let routes = self.plan.routes.clone();
        let location = self.reports_location();
        for route in &routes {
            let findings = route_findings(route, judged);
            if findings.is_empty() && !route.notify_empty {
                continue;
            }
            let name = route.name();
            let digest = Digest {
                judged: Judged {
                    findings: &findings,
                    ..*judged
                },
                language: self.plan.language,
                report_url: self.record.html_url.as_deref(),
                reports_location: Some(location.as_str()),
                route: Some(name.as_str()),
            };
            let payload = slack_message(&digest);
            let (subject, body) = plain_text(&digest);
            for target in &route.notify {
                let mut notified = match target {
                    RouteTarget::SlackSecret(secret_id) => {
                        post_slack(self.secret_webhook(secret_id).await, &payload).await
                    }
                    RouteTarget::SlackEnvironment(variable) => {
                        let webhook = std::env::var(variable)
                            .ok()
                            .filter(|value| !value.trim().is_empty())
                            .map(Secret::new)
                            .ok_or_else(|| {
                                format!("the environment variable {variable} is not set")
                            });
                        post_slack(webhook, &payload).await
                    }
                    RouteTarget::Sns(topic) => {
                        let outcome = self.publish_sns(topic, &subject, &body).await;
                        Notified {
                            target: String::new(),
                            delivered: outcome.is_ok(),
                            attempts: 1,
                            error: outcome.err(),
                            route: None,
                            findings: 0,
                        }
                    }
                };
                notified.target = target.label();
                notified.route = Some(route.line);
                notified.findings = findings.len();
                if let Some(error) = &notified.error {
                    self.fail(format!("{name} {}: {error}", notified.target));
                }
                self.record.notifications.push(notified);
            }
        }
    }
}

/// A route's findings: those it matches, only the new ones when there is a baseline.
fn route_findings(route: &Route, judged: &Judged<'_>) -> Vec<Finding> {
    judged
        .findings
        .iter()
        .filter(|finding| route.matches(finding))
        .filter(|finding| {
            judged.comparison.is_none() || judged.history_of(finding).0 == Some("new")
        })
        .cloned()
        .collect()
}

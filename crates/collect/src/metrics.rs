//! Counts every API call attempt and retry through an SDK interceptor, for the run metadata,
//! `-v` output and the benchmark's `api_calls`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// Counters shared by every client of a run.
#[derive(Debug, Default)]
pub struct CallMetrics {
    operations: AtomicU64,
    attempts: AtomicU64,
}

impl CallMetrics {
    /// Operations started (one per API call, however many attempts it took).
    pub fn operations(&self) -> u64 {
        self.operations.load(Ordering::Relaxed)
    }

    /// HTTP attempts made (operations plus retries).
    pub fn attempts(&self) -> u64 {
        self.attempts.load(Ordering::Relaxed)
    }

    /// Attempts beyond the first of each operation.
    pub fn retries(&self) -> u64 {
        self.attempts().saturating_sub(self.operations())
    }
}

/// The interceptor that feeds [`CallMetrics`].
#[derive(Debug, Clone)]
pub(crate) struct CountingInterceptor(pub Arc<CallMetrics>);

impl Intercept for CountingInterceptor {
    fn name(&self) -> &'static str {
        "iam-audit-call-counter"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _configuration: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.operations.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        configuration: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.attempts.fetch_add(1, Ordering::Relaxed);
        let attempt = configuration
            .load::<RequestAttempts>()
            .map_or(1, RequestAttempts::attempts);
        if let Some(metadata) = configuration.load::<Metadata>() {
            if attempt > 1 {
                tracing::debug!(
                    "retrying {}:{} (attempt {attempt})",
                    metadata.service().to_ascii_lowercase(),
                    metadata.name()
                );
            } else {
                tracing::trace!(
                    "calling {}:{}",
                    metadata.service().to_ascii_lowercase(),
                    metadata.name()
                );
            }
        }
        Ok(())
    }
}

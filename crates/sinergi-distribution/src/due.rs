//! The due-job: distributions waiting for an embargo or a schedule to lift
//! are expanded at their second. It sleeps until the next run is due (or
//! a write wakes it: a new embargo may be due sooner), never longer than
//! `max_wait`, so a run planned by another node is picked up too.

use std::sync::Arc;
use std::time::Duration;

use sinergi_store::StoreError;
use sinergi_store::contacts::{DigestReport, RunReport};
use tokio::sync::Notify;

use crate::Distribution;

/// Wakes the due-job after a write.
#[derive(Clone, Default)]
pub struct Waker(Arc<Notify>);

impl Waker {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

impl Distribution {
    /// Expands every run due now; wakes the mail worker (through the
    /// notifier) when it queued anything.
    pub async fn run_due(&self) -> Result<RunReport, StoreError> {
        let report = self.store.run_due_distributions(self.now()).await?;
        if report.queued > 0 {
            self.notifier.notify();
        }
        Ok(report)
    }

    /// Makes the daily digests due now (run at least once a minute under a lease
    /// by the server; the day's row and the outbox key make a second run
    /// send nothing); wakes the mail worker when it queued anything.
    pub async fn run_digests(&self) -> Result<DigestReport, StoreError> {
        let report = self.store.run_daily_digests(self.now()).await?;
        if report.queued > 0 {
            self.notifier.notify();
        }
        Ok(report)
    }

    /// Runs the due-job until `shutdown` completes.
    pub async fn run_due_until(
        &self,
        max_wait: Duration,
        waker: Waker,
        shutdown: impl std::future::Future<Output = ()>,
    ) {
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let wait = match self.run_due().await {
                Ok(report) => {
                    if report.runs > 0 {
                        tracing::info!(
                            runs = report.runs,
                            queued = report.queued,
                            "embargoed releases distributed"
                        );
                    }
                    match self.store.next_distribution_due().await {
                        Ok(Some(at)) => {
                            let micros = u64::try_from((at - self.now()).max(0)).unwrap_or(0);
                            Duration::from_micros(micros).min(max_wait)
                        }
                        Ok(None) => max_wait,
                        Err(_) => max_wait,
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "distribution due-job: trying again soon");
                    max_wait
                }
            };
            tokio::select! {
                biased;
                () = &mut shutdown => break,
                () = waker.0.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }
}

//! The outbox worker: claim a due message, send it, mark it sent.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sinergi_domain::clock::Clock;
use sinergi_store::{ClaimedEmail, Store, StoreError};
use tokio::sync::Notify;

use crate::Mailer;

/// When to try again after a failed attempt: `first`, then `factor` times
/// longer each time, never longer than `max`. The default waits 30 s, 2 min,
/// 8 min, 32 min, 2 h 8 min, then 6 h.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first: Duration,
    pub factor: u32,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            first: Duration::from_secs(30),
            factor: 4,
            max: Duration::from_secs(6 * 3600),
        }
    }
}

impl Backoff {
    /// The wait after the `attempts`-th failed attempt (1 for the first), in
    /// microseconds; at least one.
    pub fn delay_micros(&self, attempts: i64) -> i64 {
        let max = micros(self.max).max(1);
        let mut delay = micros(self.first).max(1);
        for _ in 1..attempts.max(1) {
            delay = delay.saturating_mul(i64::from(self.factor.max(1)));
            if delay >= max {
                return max;
            }
        }
        delay.min(max)
    }
}

fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

/// How the worker behaves.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// How long a claimed message is held. A worker that dies mid-send
    /// leaves it to another worker after this long. Keep it well above the
    /// mailer's own timeout.
    pub lease: Duration,
    /// Attempts (claims) after which a message is given up ("dead").
    pub max_attempts: u32,
    pub backoff: Backoff,
    /// The longest sleep when nothing is due (a [`WorkerWaker`] ends it sooner).
    pub idle_wait: Duration,
    /// The sleep after the database failed.
    pub error_wait: Duration,
    /// At most this many messages a minute to one recipient domain (0: no
    /// limit), with exceptions per domain (`("gmail.com", 20)`). A message
    /// over the limit waits, untried, for the window to free. Counted per
    /// worker: with several nodes, each keeps its own count.
    pub per_domain_per_minute: u32,
    pub domain_limits: Vec<(String, u32)>,
    /// Messages in flight at once, each over its own SMTP connection
    /// (at least 1). Each claim and each mark is a commit: on PostgreSQL
    /// with durable commits, one message at a time waits on them.
    pub concurrency: usize,
}

impl Default for WorkerConfig {
    fn default() -> WorkerConfig {
        WorkerConfig {
            lease: Duration::from_secs(120),
            max_attempts: 10,
            backoff: Backoff::default(),
            idle_wait: Duration::from_secs(10),
            error_wait: Duration::from_secs(5),
            concurrency: 4,
            per_domain_per_minute: 0,
            domain_limits: Vec::new(),
        }
    }
}

/// What one [`Worker::drain_once`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainReport {
    pub sent: u32,
    /// Failed, to be tried again later.
    pub retried: u32,
    /// Given up.
    pub dead: u32,
    /// Over a domain's sending limit: waiting, untried, for a later minute.
    pub deferred: u32,
}

/// Wakes a sleeping worker, e.g. right after a transaction that enqueued
/// mail committed. A wake while the worker is busy is kept for its next
/// sleep, so none is lost.
#[derive(Debug, Clone)]
pub struct WorkerWaker(Arc<Notify>);

impl WorkerWaker {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

enum Step {
    Idle,
    Sent,
    Retried,
    Dead,
    Deferred,
}

const MINUTE: i64 = 60_000_000;

/// When each recent message to a domain went out, to keep within the
/// per-minute limits.
#[derive(Default)]
struct DomainWindows(Mutex<HashMap<String, VecDeque<i64>>>);

impl DomainWindows {
    /// Takes a slot for `domain` at `now` under `limit` a minute; when the
    /// minute is full, `Err(when a slot frees)`.
    fn take(&self, domain: &str, limit: u32, now: i64) -> Result<(), i64> {
        let mut all = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let times = all.entry(domain.to_owned()).or_default();
        while times.front().is_some_and(|t| *t <= now - MINUTE) {
            times.pop_front();
        }
        if times.len() >= limit as usize {
            return Err(times.front().map_or(now, |t| t + MINUTE));
        }
        times.push_back(now);
        Ok(())
    }
}

/// Keeps each recipient's messages in claim order across the lanes.
#[derive(Default)]
struct RecipientOrder {
    claiming: tokio::sync::Mutex<()>,
    sending: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// A lane's turn to send to one recipient; the last one out forgets them.
struct Turn<'a> {
    order: &'a RecipientOrder,
    recipient: String,
    _guard: tokio::sync::OwnedMutexGuard<()>,
}

impl RecipientOrder {
    async fn turn(&self, recipient: &str) -> Turn<'_> {
        let lock = self
            .sending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(recipient.to_owned())
            .or_default()
            .clone();
        Turn {
            order: self,
            recipient: recipient.to_owned(),
            _guard: lock.lock_owned().await,
        }
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut sending = self
            .order
            .sending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Held by the map and this turn's guard only: nobody waits.
        if sending
            .get(&self.recipient)
            .is_some_and(|l| Arc::strong_count(l) <= 2)
        {
            sending.remove(&self.recipient);
        }
    }
}

/// Runs `futures` together on this task, until all are done.
async fn join_all<F: Future<Output = ()>>(futures: Vec<F>) {
    let mut futures: Vec<Option<std::pin::Pin<Box<F>>>> =
        futures.into_iter().map(|f| Some(Box::pin(f))).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for slot in &mut futures {
            if let Some(f) = slot {
                if f.as_mut().poll(cx).is_ready() {
                    *slot = None;
                } else {
                    pending = true;
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
}

/// The domain of an address, lower-cased.
fn domain_of(address: &str) -> String {
    address
        .rsplit_once('@')
        .map_or(address, |(_, d)| d)
        .trim_end_matches('>')
        .to_lowercase()
}

/// Empties the outbox through a [`Mailer`]. Several workers, in one process
/// or on several nodes, may run on the same database.
pub struct Worker {
    store: Store,
    mailer: Mailer,
    clock: Arc<dyn Clock>,
    config: WorkerConfig,
    notify: Arc<Notify>,
    windows: DomainWindows,
    order: RecipientOrder,
}

impl Worker {
    pub fn new(
        store: Store,
        mailer: Mailer,
        clock: Arc<dyn Clock>,
        config: WorkerConfig,
    ) -> Worker {
        Worker {
            store,
            mailer,
            clock,
            config,
            notify: Arc::new(Notify::new()),
            windows: DomainWindows::default(),
            order: RecipientOrder::default(),
        }
    }

    /// A handle that wakes this worker when it sleeps.
    pub fn waker(&self) -> WorkerWaker {
        WorkerWaker(self.notify.clone())
    }

    /// Sends everything due now, then returns. A message that fails is
    /// scheduled for later (or given up) and not tried again in this call.
    pub async fn drain_once(&self) -> Result<DrainReport, StoreError> {
        let report = Mutex::new(DrainReport::default());
        let failed = Mutex::new(None);
        let lane = || async {
            loop {
                let step = match self.step().await {
                    Ok(Step::Idle) => return,
                    Ok(step) => step,
                    Err(e) => {
                        failed.lock().map(|mut f| *f = Some(e)).ok();
                        return;
                    }
                };
                let Ok(mut r) = report.lock() else { return };
                match step {
                    Step::Idle => {}
                    Step::Sent => r.sent += 1,
                    Step::Retried => r.retried += 1,
                    Step::Dead => r.dead += 1,
                    Step::Deferred => r.deferred += 1,
                }
            }
        };
        join_all(
            (0..self.config.concurrency.max(1))
                .map(|_| lane())
                .collect(),
        )
        .await;
        if let Some(e) = failed.into_inner().ok().flatten() {
            return Err(e);
        }
        Ok(report.into_inner().unwrap_or_default())
    }

    /// Runs until `shutdown` completes, with `concurrency` messages in
    /// flight at most. A message being sent when it does is finished (sent
    /// and marked) first; the worker stops between messages.
    pub async fn run_until(&self, shutdown: impl Future<Output = ()>) {
        tracing::info!(
            mailer = %self.mailer.describe(),
            concurrency = self.config.concurrency.max(1),
            "mail worker started"
        );
        let stop = Notify::new();
        let stopping = std::sync::atomic::AtomicBool::new(false);
        let lanes = join_all(
            (0..self.config.concurrency.max(1))
                .map(|_| self.lane(&stop, &stopping))
                .collect(),
        );
        let mut lanes = std::pin::pin!(lanes);
        tokio::select! {
            () = shutdown => {}
            () = &mut lanes => {}
        }
        stopping.store(true, std::sync::atomic::Ordering::SeqCst);
        stop.notify_waiters();
        lanes.await;
        tracing::info!("mail worker stopped");
    }

    /// One message at a time until `stopping`; sleeps when nothing is due.
    async fn lane(&self, stop: &Notify, stopping: &std::sync::atomic::AtomicBool) {
        let stopped = || stopping.load(std::sync::atomic::Ordering::SeqCst);
        while !stopped() {
            let wait = match self.step().await {
                Ok(Step::Idle) => self.config.idle_wait,
                Ok(_) => {
                    // Work came: the lanes asleep join in.
                    self.notify.notify_waiters();
                    continue;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "mail worker cannot reach the outbox; trying again soon");
                    self.config.error_wait
                }
            };
            // Registered before the flag is read, so a stop between the
            // two is not missed.
            let mut stopped_now = std::pin::pin!(stop.notified());
            stopped_now.as_mut().enable();
            if stopped() {
                break;
            }
            tokio::select! {
                biased;
                () = stopped_now => break,
                () = self.notify.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    async fn step(&self) -> Result<Step, StoreError> {
        // Claims one lane at a time; a message to a recipient another lane
        // is sending to waits for it, so each person gets their messages
        // in the order they were claimed (an invitation before its update).
        let (email, _turn) = {
            let _claiming = self.order.claiming.lock().await;
            let now = self.clock.now();
            let Some(email) = self
                .store
                .claim_due_email(now, micros(self.config.lease))
                .await?
            else {
                return Ok(Step::Idle);
            };
            let turn = self.order.turn(&email.recipient).await;
            (email, turn)
        };
        let now = self.clock.now();
        let max = i64::from(self.config.max_attempts.max(1));
        if email.attempts > max {
            // Claimed again and again without a result: each worker that
            // tried died mid-send. Do not let it take more workers down.
            let error = format!(
                "gave up: claimed {} times without a result",
                email.attempts - 1
            );
            return self.give_up(&email, &error).await;
        }
        // Distribution mail (releases, daily digests, pitches) to an
        // address that bounced hard since it was queued is not sent;
        // account mail still is.
        let distribution = email.idempotency_key.starts_with("release:")
            || email.idempotency_key.starts_with("digest:contact:")
            || email.idempotency_key.starts_with("pitch:");
        if distribution && let Some(s) = self.store.suppression(&email.recipient).await? {
            let error = format!("not sent: the address bounced ({})", s.reason);
            return self.give_up(&email, &error).await;
        }
        let domain = domain_of(&email.recipient);
        let limit = self
            .config
            .domain_limits
            .iter()
            .find(|(d, _)| d.eq_ignore_ascii_case(&domain))
            .map_or(self.config.per_domain_per_minute, |(_, l)| *l);
        if limit > 0
            && let Err(free) = self.windows.take(&domain, limit, now)
        {
            self.store.defer_email(email.id, free).await?;
            tracing::debug!(id = email.id, domain = %domain, "over the domain's sending limit; later");
            return Ok(Step::Deferred);
        }
        match self.mailer.send(&email).await {
            Ok(()) => {
                self.store
                    .mark_email_sent(email.id, self.clock.now())
                    .await?;
                tracing::info!(id = email.id, key = %email.idempotency_key, attempts = email.attempts, "e-mail sent");
                Ok(Step::Sent)
            }
            Err(e) if e.permanent => {
                if let Some(code) = &e.bounce {
                    // Only the code: the server's words may repeat the address.
                    self.store
                        .suppress_address(&email.recipient, code, self.clock.now())
                        .await?;
                }
                self.give_up(&email, &format!("permanent failure: {e}"))
                    .await
            }
            Err(e) if email.attempts >= max => {
                self.give_up(
                    &email,
                    &format!("gave up after {} attempts: {e}", email.attempts),
                )
                .await
            }
            Err(e) => {
                let now = self.clock.now();
                let next = now.saturating_add(self.config.backoff.delay_micros(email.attempts));
                self.store
                    .mark_email_failed(email.id, now, &e.to_string(), next)
                    .await?;
                tracing::info!(
                    id = email.id, key = %email.idempotency_key, attempts = email.attempts,
                    retry_in_s = (next - now) / 1_000_000, error = %e, "e-mail not sent; will retry"
                );
                Ok(Step::Retried)
            }
        }
    }

    async fn give_up(&self, email: &ClaimedEmail, error: &str) -> Result<Step, StoreError> {
        self.store
            .mark_email_dead(email.id, self.clock.now(), error)
            .await?;
        tracing::warn!(id = email.id, key = %email.idempotency_key, error, "e-mail given up");
        Ok(Step::Dead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let b = Backoff::default();
        let s = |n| b.delay_micros(n) / 1_000_000;
        assert_eq!([s(1), s(2), s(3), s(4), s(5)], [30, 120, 480, 1920, 7680]);
        assert_eq!(s(6), 6 * 3600);
        assert_eq!(s(1000), 6 * 3600);
    }
}

//! One memory budget for every image being processed in the process. Each
//! job reserves its estimated peak (`memory.rs`, known from the header)
//! before it decodes anything and holds it until its last buffer is freed,
//! so eight bomb-sized uploads at once wait their turn instead of adding up.
//! Jobs are admitted first come, first served: a large job at the head of
//! the queue is not overtaken by small ones behind it.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::{Checked, Processed, UploadError, UploadLimits, check};

const MIB: u64 = 1 << 20;

/// The memory budget, and how many jobs may run at once. Clones share it.
#[derive(Debug, Clone)]
pub struct ImageBudget {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// One permit a mebibyte.
    memory: Arc<Semaphore>,
    total_mib: u32,
    /// Decoding and encoding are CPU-bound: this many at once at most, so
    /// uploads cannot take every core from page requests.
    jobs: Arc<Semaphore>,
    max_jobs: u32,
    held_mib: AtomicU32,
    most_held_mib: AtomicU32,
}

/// The default budget: 256 MiB.
pub const DEFAULT_BUDGET_MIB: u32 = 256;

impl ImageBudget {
    /// `total_mib` mebibytes for all jobs together (at least 1), and at most
    /// `max_jobs` jobs at once (at least 1).
    pub fn new(total_mib: u32, max_jobs: u32) -> ImageBudget {
        let (total_mib, max_jobs) = (total_mib.max(1), max_jobs.max(1));
        ImageBudget {
            inner: Arc::new(Inner {
                memory: Arc::new(Semaphore::new(total_mib as usize)),
                total_mib,
                jobs: Arc::new(Semaphore::new(max_jobs as usize)),
                max_jobs,
                held_mib: AtomicU32::new(0),
                most_held_mib: AtomicU32::new(0),
            }),
        }
    }

    /// The budget shared by everything in the process that does not bring
    /// its own: [`DEFAULT_BUDGET_MIB`], and half the cores (at least one) as jobs.
    pub fn shared() -> ImageBudget {
        static SHARED: OnceLock<ImageBudget> = OnceLock::new();
        SHARED
            .get_or_init(|| ImageBudget::new(DEFAULT_BUDGET_MIB, default_jobs()))
            .clone()
    }

    pub fn total_mib(&self) -> u32 {
        self.inner.total_mib
    }

    pub fn total_bytes(&self) -> u64 {
        u64::from(self.inner.total_mib) * MIB
    }

    pub fn max_jobs(&self) -> u32 {
        self.inner.max_jobs
    }

    /// Mebibytes reserved by running jobs now.
    pub fn held_mib(&self) -> u32 {
        self.inner.held_mib.load(Ordering::SeqCst)
    }

    /// The most mebibytes ever reserved at once: never above [`Self::total_mib`].
    pub fn most_held_mib(&self) -> u32 {
        self.inner.most_held_mib.load(Ordering::SeqCst)
    }

    /// Waits until `bytes` (rounded up to whole mebibytes) and a job slot
    /// are free, and holds them until the [`Reservation`] is dropped.
    /// `None` when `bytes` is more than the whole budget: waiting would never end.
    pub async fn reserve(&self, bytes: u64) -> Option<Reservation> {
        let mib = u32::try_from(bytes.div_ceil(MIB)).ok()?;
        if mib > self.inner.total_mib {
            return None;
        }
        let job = self.inner.jobs.clone().acquire_owned().await.ok()?;
        let memory = self
            .inner
            .memory
            .clone()
            .acquire_many_owned(mib)
            .await
            .ok()?;
        let held = self.inner.held_mib.fetch_add(mib, Ordering::SeqCst) + mib;
        self.inner.most_held_mib.fetch_max(held, Ordering::SeqCst);
        Some(Reservation {
            budget: self.clone(),
            mib,
            _memory: memory,
            _job: job,
        })
    }
}

impl Default for ImageBudget {
    fn default() -> Self {
        ImageBudget::shared()
    }
}

/// Half the cores, at least one: the other half keeps serving pages.
pub fn default_jobs() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    u32::try_from(cores / 2).unwrap_or(u32::MAX).max(1)
}

/// A job's share of the budget, given back when dropped.
#[derive(Debug)]
pub struct Reservation {
    budget: ImageBudget,
    mib: u32,
    _memory: OwnedSemaphorePermit,
    _job: OwnedSemaphorePermit,
}

impl Reservation {
    pub fn mib(&self) -> u32 {
        self.mib
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        // Before the permits go back (fields drop after this), so the count
        // never shows more than the semaphore allows.
        self.budget
            .inner
            .held_mib
            .fetch_sub(self.mib, Ordering::SeqCst);
    }
}

/// Checking and processing uploads within a budget: what a service holds.
#[derive(Debug, Clone, Default)]
pub struct Uploads {
    pub limits: UploadLimits,
    pub budget: ImageBudget,
}

impl Uploads {
    pub fn new(limits: UploadLimits, budget: ImageBudget) -> Uploads {
        Uploads { limits, budget }
    }

    /// [`crate::process`] off the async threads, within the budget: the
    /// header is read first, then the job waits for its estimated peak and
    /// decodes only once it has it. An image whose peak is more than the
    /// per-image cap or the whole budget is refused without being decoded.
    pub async fn process(
        &self,
        bytes: Vec<u8>,
        filename: &str,
        declared_type: &str,
    ) -> Result<Processed, UploadError> {
        let mut limits = self.limits.clone();
        limits.max_image_memory = limits.max_image_memory.min(self.budget.total_bytes());
        let (filename, declared) = (filename.to_owned(), declared_type.to_owned());
        let header_limits = limits.clone();
        let (checked, bytes) = blocking(move || {
            let checked = check(&bytes, &filename, &declared, &header_limits);
            (checked, bytes)
        })
        .await?;
        let checked: Checked = checked?;
        let reservation = match checked.peak_bytes() {
            0 => None,
            peak => Some(
                self.budget
                    .reserve(peak)
                    .await
                    .ok_or_else(|| checked.too_large_for(self.budget.total_bytes(), &limits))?,
            ),
        };
        // The reservation moves into the blocking job: if the request goes
        // away meanwhile, the memory stays counted until the job is done.
        blocking(move || {
            let processed = checked.finish(&bytes, &limits);
            drop(bytes);
            drop(reservation);
            processed
        })
        .await?
    }
}

async fn blocking<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, UploadError> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| UploadError::Encode {
            detail: format!("the image job stopped: {e}"),
        })
}

#[cfg(test)]
mod tests;

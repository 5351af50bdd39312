//! Who follows the change feed and the outbox in this process: the search
//! projector, the campaign projector, the mail worker. The services call
//! [`Notifier::notify`] after each write they commit, so a follower picks
//! the change up at once instead of at its next poll; handlers never wake
//! anything. Followers poll anyway, so a missed wake only costs latency.

use std::fmt;
use std::sync::{Arc, RwLock};

/// What wakes one follower.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// A shared list of followers to wake. Clones share the list, so the
/// binary can add followers after the services are built.
#[derive(Clone, Default)]
pub struct Notifier {
    followers: Arc<RwLock<Vec<Wake>>>,
}

impl Notifier {
    /// Wakes `wake` after every committed write from now on.
    pub fn follow(&self, wake: Wake) {
        self.followers
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(wake);
    }

    /// Tells every follower that the change feed or the outbox grew.
    pub fn notify(&self) {
        let followers = self.followers.read().unwrap_or_else(|e| e.into_inner());
        for wake in followers.iter() {
            wake();
        }
    }
}

impl fmt::Debug for Notifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.followers.read().map(|v| v.len()).unwrap_or(0);
        f.debug_struct("Notifier").field("followers", &n).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn clones_share_their_followers() {
        let notifier = Notifier::default();
        let later = notifier.clone();
        let woken = Arc::new(AtomicUsize::new(0));
        let w = woken.clone();
        later.follow(Arc::new(move || {
            w.fetch_add(1, Ordering::SeqCst);
        }));
        notifier.notify();
        notifier.notify();
        assert_eq!(woken.load(Ordering::SeqCst), 2);
    }
}

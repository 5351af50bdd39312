use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::super::Kind;
use super::super::tests::black_png;
use super::*;

/// Eight jobs of 100 MiB against 256 MiB: two hold memory at a time, and
/// each one that finishes lets exactly one more in, in the order they came.
#[tokio::test]
async fn jobs_hold_at_most_the_budget_and_queue_in_order() {
    let budget = ImageBudget::new(256, 8);
    let (admitted_tx, mut admitted) = mpsc::unbounded_channel();
    let mut release = Vec::new();
    for job in 0..8 {
        let (tx, rx) = oneshot::channel::<()>();
        release.push(Some(tx));
        let (budget, admitted_tx) = (budget.clone(), admitted_tx.clone());
        tokio::spawn(async move {
            let reservation = budget.reserve(100 << 20).await.unwrap();
            admitted_tx.send((job, budget.held_mib())).unwrap();
            rx.await.ok();
            drop(reservation);
        });
        // Let it queue before the next one comes.
        tokio::task::yield_now().await;
    }
    let mut order = Vec::new();
    for (job, held) in [
        admitted.recv().await.unwrap(),
        admitted.recv().await.unwrap(),
    ] {
        assert!(held <= 256, "{held}");
        order.push(job);
    }
    for next in 0..6 {
        // Nobody else can be in: 56 MiB are left and every job needs 100.
        assert_eq!(budget.held_mib(), 200);
        assert!(admitted.try_recv().is_err());
        let _ = release[order[next]].take().unwrap().send(());
        let (job, held) = admitted.recv().await.unwrap();
        assert!(held <= 256, "{held}");
        order.push(job);
    }
    assert_eq!(order, (0..8).collect::<Vec<_>>());
    for tx in release.iter_mut().filter_map(Option::take) {
        let _ = tx.send(());
    }
    while budget.held_mib() > 0 {
        tokio::task::yield_now().await;
    }
    assert_eq!(budget.most_held_mib(), 200);
}

#[tokio::test]
async fn a_job_larger_than_the_whole_budget_is_refused_at_once() {
    let budget = ImageBudget::new(48, 2);
    assert!(budget.reserve(49 << 20).await.is_none());
    assert_eq!(budget.reserve(48 << 20).await.unwrap().mib(), 48);
    // Through `Uploads`, the refusal names the limit the budget allows.
    let uploads = Uploads::new(UploadLimits::default(), budget.clone());
    let e = uploads
        .process(black_png(3000), "hitam.png", "image/png")
        .await
        .unwrap_err();
    assert!(
        matches!(e, UploadError::TooManyPixels { width: 3000, height: 3000, max } if max < 9_000_000),
        "{e:?}"
    );
    assert_eq!(budget.most_held_mib(), 48);
}

/// Eight bomb uploads at once, each a 3200 × 3200 all-black PNG (31 MB
/// decoded, about 72 MiB at its estimated peak), against a 160 MiB budget
/// and eight job slots: all are processed, and the memory reserved at once
/// never passed the budget (counted by the budget, no timing involved).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_parallel_bomb_uploads_stay_within_the_budget() {
    let budget = ImageBudget::new(160, 8);
    let uploads = Arc::new(Uploads::new(UploadLimits::default(), budget.clone()));
    let bomb = black_png(3200);
    let one = check(&bomb, "b.png", "", &UploadLimits::default())
        .unwrap()
        .peak_bytes()
        .div_ceil(1 << 20);
    assert!((40..=80).contains(&one), "{one} MiB");
    let jobs: Vec<_> = (0..8)
        .map(|i| {
            let (uploads, bomb) = (uploads.clone(), bomb.clone());
            tokio::spawn(async move { uploads.process(bomb, &format!("{i}.png"), "").await })
        })
        .collect();
    for job in jobs {
        let p = job.await.unwrap().unwrap();
        assert_eq!(p.width, Some(3200));
    }
    let most = u64::from(budget.most_held_mib());
    assert!(most <= 160 && most >= one, "{most} MiB");
    assert_eq!(budget.held_mib(), 0);
}

#[tokio::test]
async fn attachments_take_no_budget() {
    let uploads = Uploads::new(UploadLimits::default(), ImageBudget::new(1, 1));
    let p = uploads
        .process(b"a,b\n".to_vec(), "data.csv", "text/csv")
        .await
        .unwrap();
    assert_eq!(p.kind, Kind::Attachment);
    assert_eq!(uploads.budget.most_held_mib(), 0);
}

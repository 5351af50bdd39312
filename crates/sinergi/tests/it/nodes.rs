//! Several nodes on one database: two real `sinergi serve` processes with
//! short leases (`SINERGI_LEASE_TTL_SECS=2`). One node runs the kinerja and
//! campaign projections; when it is killed with `kill -9`, the other takes
//! both jobs over after the lease and brings them to the end of the feed,
//! writes made through it included. Any node answers any request.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use sinergi_store::Store;
use sinergi_testkit::app::Setup;
use sinergi_testkit::fixtures::cast::REDAKSI_BALI;
use sinergi_testkit::smtp::free_port;

const JOBS: [&str; 2] = ["kinerja", "campaigns"];

struct Node {
    child: Child,
    base: String,
}

impl Node {
    fn start(db_url: &str) -> Node {
        let port = free_port();
        let data = std::env::temp_dir().join(format!("sinergi-node-{port}-{}", std::process::id()));
        let child = Command::new(env!("CARGO_BIN_EXE_sinergi"))
            .args([
                "serve",
                "--database",
                db_url,
                "--data-dir",
                data.to_str().unwrap(),
                "--listen",
                &format!("127.0.0.1:{port}"),
            ])
            .env_remove("SINERGI_DATABASE_URL")
            .env_remove("SINERGI_INDEX_DIR")
            .env("SINERGI_LEASE_TTL_SECS", "2")
            .env("SINERGI_MONITOR_POLL", "false")
            .env("SINERGI_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        Node {
            child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    /// How the node names itself as a lease holder: `host:pid:random`.
    fn holds(&self, holder: &str) -> bool {
        holder.split(':').nth(1) == Some(&self.child.id().to_string())
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn wait_for<F: AsyncFnMut() -> bool>(what: &str, secs: u64, mut check: F) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !check().await {
        assert!(Instant::now() < deadline, "{what}: not within {secs} s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn holder(store: &Store, job: &str) -> Option<String> {
    store.lease_holder(job).await.unwrap().map(|(h, _)| h)
}

/// Both projections stand at the end of the change feed.
async fn caught_up(store: &Store) -> bool {
    let head = store.last_change_seq().await.unwrap();
    let kinerja = store.kinerja_position().await.unwrap();
    let campaigns = store.campaign_projection_position().await.unwrap();
    kinerja == Some(head) && campaigns.map(|(seq, _)| seq) == Some(head)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_nodes_jobs_are_taken_over_after_its_lease() {
    let mut setup = Setup::for_router(&["51"]).await;
    setup.people_with_tokens(&[REDAKSI_BALI]).await;
    let token = setup.members[0].token.clone();
    let store = setup.db.store.clone();
    let url = setup.db.url.clone();
    sinergi_testkit::app::install_tls_provider();
    let client = reqwest::Client::new();
    let ready = async |node: &Node| {
        let url = format!("{}/healthz", node.base);
        wait_for("the node starts", 60, async || {
            client
                .get(&url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
        })
        .await;
    };

    let a = Node::start(&url);
    ready(&a).await;
    for job in JOBS {
        wait_for("the first node takes the job", 20, async || {
            holder(&store, job).await.is_some_and(|h| a.holds(&h))
        })
        .await;
    }
    wait_for("the projections catch up", 60, async || {
        caught_up(&store).await
    })
    .await;
    let b = Node::start(&url);
    ready(&b).await;
    // The second node waits while the first renews.
    tokio::time::sleep(Duration::from_secs(3)).await;
    for job in JOBS {
        let h = holder(&store, job).await.unwrap();
        assert!(a.holds(&h), "{job} moved to {h} while its holder lived");
    }

    drop(a); // kill -9
    let killed = Instant::now();
    for job in JOBS {
        wait_for("the second node takes the job over", 20, async || {
            holder(&store, job).await.is_some_and(|h| b.holds(&h))
        })
        .await;
    }
    eprintln!(
        "nodes: jobs taken over {:?} after the kill",
        killed.elapsed()
    );

    // A release published through the surviving node is projected by it.
    let (s, created) = call(
        &client,
        &b,
        &token,
        "/api/v1/releases",
        json!({
            "unit": "51.71",
            "title": "Pelayanan terpadu satu pintu",
            "lead": "Kota Denpasar membuka layanan baru.",
            "body": "Isi rilis.",
        }),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    let moves = format!("/api/v1/releases/{}/transitions", created["id"]);
    for op in ["submit", "approve", "release"] {
        let body = json!({"op": op, "version": created["version"]});
        let (s, r) = call(&client, &b, &token, &moves, body).await;
        assert_eq!(s, 200, "{op}: {r}");
    }
    wait_for("the survivor projects the new writes", 30, async || {
        caught_up(&store).await
    })
    .await;
}

async fn call(
    client: &reqwest::Client,
    node: &Node,
    token: &str,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let r = client
        .post(format!("{}{path}", node.base))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or_default())
}

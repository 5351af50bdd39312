//! The OpenAPI document as its readers take it, over a real port on SQLite
//! or PostgreSQL (SINERGI_TEST_DATABASE_URL). Python's
//! `openapi-spec-validator` must accept the document the server serves, and
//! a client generated from it by `openapi-python-client` must call the API
//! and read its answers into its own models (`tests/openapi/call_client.py`).
//! `scripts/test` installs both, pinned.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use sinergi_indexer::{Projector, ProjectorConfig};
use sinergi_search::SearchIndex;
use sinergi_web::SearchHandle;

use sinergi_testkit::app::{BALI_AND_SURABAYA, Setup, TestApp};
use sinergi_testkit::fixtures::cast;
use sinergi_testkit::fixtures::release;
use sinergi_testkit::repo_file;

const TITLE: &str = "Denpasar membuka mal pelayanan publik";

struct Running {
    app: TestApp,
    release_id: sinergi_domain::ReleaseId,
    /// The served document, written where the Python tools read it.
    document: PathBuf,
    work: tempfile::TempDir,
}

/// Kota Denpasar publishes one release; the search index follows the
/// database; the server serves over a free port, and its document is saved.
async fn start() -> Running {
    let mut setup = Setup::new(BALI_AND_SURABAYA).await;
    setup.people(&[cast::HUMAS_BALI]).await;
    let bali = setup.principal("humas@baliprov.go.id").await;
    let release_id = release("51.71", TITLE)
        .lead("Dua puluh layanan di satu gedung.")
        .tags("pelayanan publik")
        .published(&setup.state.newsroom, &bali)
        .await;

    let index_dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(index_dir.path()).unwrap();
    let mut projector = Projector::new(
        setup.db.store.clone(),
        index.clone(),
        ProjectorConfig::default(),
    )
    .unwrap();
    projector.catch_up().await.unwrap();
    projector.close().unwrap();
    setup.state.search = Some(SearchHandle { index, waker: None });
    setup.keep(index_dir);
    let app = setup.serve();

    let served = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    let work = tempfile::tempdir().unwrap();
    let document = work.path().join("openapi.json");
    std::fs::write(&document, served.bytes().await.unwrap()).unwrap();
    Running {
        app,
        release_id,
        document,
        work,
    }
}

/// Runs `python3 args…` off the async threads, so the server keeps serving.
async fn python(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .args(&args)
            .output()
            .expect("python3 runs (scripts/test installs the OpenAPI tools)")
    })
    .await
    .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn arg(p: &Path) -> String {
    p.to_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_document_passes_openapi_spec_validator() {
    let app = start().await;
    let out = python(vec![
        "-m".into(),
        "openapi_spec_validator".into(),
        "--validation-errors".into(),
        "all".into(),
        "--schema".into(),
        "3.1".into(),
        arg(&app.document),
    ])
    .await;
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.trim_end().ends_with(": OK"), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_generated_from_the_document_reads_the_api() {
    let app = start().await;
    let config = app.work.path().join("generator.yaml");
    // No formatting pass (ruff) over the generated code: the test reads it.
    std::fs::write(&config, "post_hooks: []\n").unwrap();
    let package = app.work.path().join("sinergi_api_client");
    let out = python(vec![
        "-m".into(),
        "openapi_python_client".into(),
        "generate".into(),
        "--path".into(),
        arg(&app.document),
        "--meta".into(),
        "none".into(),
        "--config".into(),
        arg(&config),
        "--output-path".into(),
        arg(&package),
    ])
    .await;
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    // The generator leaves out what it cannot read and says so.
    assert!(!said.contains("Warning"), "{said}");

    let out = python(vec![
        arg(&repo_file("tests/openapi/call_client.py")),
        arg(app.work.path()),
        app.app.base.clone(),
        "mal pelayanan".into(),
    ])
    .await;
    assert!(out.status.success(), "{}", text(&out));
    let read: Value = serde_json::from_slice(&out.stdout).unwrap();

    // Units: a page of Bali's regencies and cities, then the rest by cursor.
    assert_eq!(read["units"]["class"], "UnitPage");
    let codes = |page: &Value| -> Vec<String> {
        page["fields"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut all = codes(&read["units"]);
    assert_eq!(all.len(), 5);
    all.extend(codes(&read["units_next"]));
    all.sort();
    assert_eq!(
        all,
        [
            "51.01", "51.02", "51.03", "51.04", "51.05", "51.06", "51.07", "51.08", "51.71"
        ]
    );
    assert_eq!(read["unit"]["class"], "UnitDetail");
    let chain: Vec<&str> = read["unit"]["fields"]["parent_chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap())
        .collect();
    assert_eq!(chain, ["51", "51.71"]);

    // Releases: `unit` and `subtree` travel in the query string.
    assert_eq!(read["releases"]["class"], "ReleasePageDto");
    let items = read["releases"]["fields"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["id"], app.release_id.get());
    assert_eq!(items[0]["title"], TITLE);
    assert_eq!(items[0]["status"], "published");
    assert_eq!(
        read["releases_own"]["fields"]["items"],
        Value::Array(vec![]),
        "the province itself published nothing"
    );

    // Search: the release, found by words of its title.
    assert_eq!(read["search"]["class"], "SearchPageDto");
    let hits = read["search"]["fields"]["results"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["id"], format!("release:{}", app.release_id));
    assert_eq!(hits[0]["title"], TITLE);

    // A refusal is read as the documented problem details.
    let refused = &read["refused"];
    assert_eq!(refused["status"], 400);
    assert_eq!(refused["content_type"], "application/problem+json");
    assert_eq!(refused["class"], "Problem");
    assert_eq!(refused["fields"]["title"], "Bad Request");
    assert!(
        refused["fields"]["detail"]
            .as_str()
            .unwrap()
            .contains("kingdom"),
        "{refused}"
    );
}

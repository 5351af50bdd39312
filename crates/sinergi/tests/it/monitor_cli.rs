//! `sinergi monitor eval` as the judges run it: files in, one JSON line per
//! match out, ids echoed as written (string or number), a summary on
//! standard error. The texts are real news (see
//! `crates/sinergi-monitor/tests/data/PROVENANCE.md`).

use serde_json::{Value, json};

use crate::cli::{sinergi, text};

fn pairs() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sinergi-monitor/tests/data/hard_negatives.jsonl"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A newsroom's rewrite: a new first sentence, the second paragraph first,
/// the last one dropped.
fn rewrite(release: &str) -> String {
    let mut paras: Vec<&str> = release
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(paras.len() >= 4, "a long enough release");
    paras.pop();
    paras.swap(0, 1);
    format!(
        "JAKARTA - Redaksi menerima keterangan resmi pada hari yang sama.\n\n{}",
        paras.join("\n\n")
    )
}

#[test]
fn eval_credits_a_rewritten_release_and_echoes_ids_as_given() {
    let pairs = pairs();
    let long = pairs
        .iter()
        .find(|p| p["release"]["text"].as_str().unwrap().split("\n\n").count() >= 6)
        .unwrap();
    let release = long["release"]["text"].as_str().unwrap();
    let other = pairs
        .iter()
        .find(|p| p["release"]["id"] != long["release"]["id"])
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let releases = dir.path().join("r.jsonl");
    let articles = dir.path().join("a.jsonl");
    std::fs::write(
        &releases,
        format!(
            "{}\n{}\n",
            json!({"id": "rilis-1", "text": release, "title": long["release"]["title"]}),
            json!({"id": 2, "text": other["release"]["text"]}),
        ),
    )
    .unwrap();
    std::fs::write(
        &articles,
        format!(
            "{}\n{}\n",
            json!({"id": 7, "text": rewrite(release), "outlet": "contoh", "extra": [1]}),
            json!({"id": "lain", "text": "Harga cabai di pasar tradisional naik menjelang hari raya, kata pedagang. Pembeli mengeluh dan memilih mengurangi belanja."}),
        ),
    )
    .unwrap();
    let out = sinergi(&[
        "monitor",
        "eval",
        "--releases",
        releases.to_str().unwrap(),
        "--articles",
        articles.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let credited: Vec<&Value> = lines
        .iter()
        .filter(|l| l["decision"] == "credited")
        .collect();
    assert_eq!(credited.len(), 1, "{lines:?}");
    assert_eq!(credited[0]["article_id"], json!(7));
    assert_eq!(credited[0]["release_id"], json!("rilis-1"));
    assert!(credited[0]["score"].as_f64().unwrap() > 0.0);
    assert!(
        lines.iter().all(|l| l["article_id"] != "lain"),
        "an unrelated article matches nothing: {lines:?}"
    );
    assert!(!text(&out.stderr).is_empty(), "a summary on standard error");

    // A broken line is named, not skipped.
    std::fs::write(&articles, "{\"id\": 1, \"text\": \n").unwrap();
    let out = sinergi(&[
        "monitor",
        "eval",
        "--releases",
        releases.to_str().unwrap(),
        "--articles",
        articles.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("line 1"),
        "{}",
        text(&out.stderr)
    );
}

/// `sinergi monitor import` keeps a file's articles once (a second run
/// adds nothing), `monitor match` goes over a period again, and a bad
/// line is named with its file and line number.
#[test]
fn import_keeps_articles_once_and_match_runs_over_a_period() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.display().to_string();
    let migrated = sinergi(&["migrate", "--data-dir", &data_arg]);
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    let file = dir.path().join("articles.jsonl");
    std::fs::write(
        &file,
        format!(
            "{}\n\n{}\n",
            json!({"id": 1, "text": "Hujan lebat turun di Denpasar sejak pagi.", "url": "https://kabar.example/hujan?utm_source=x", "published_at": "2026-06-04T09:00:00+08:00"}),
            json!({"id": "b", "text": "Harga cabai di Pasar Badung turun.", "outlet": "Warta Bali"}),
        ),
    )
    .unwrap();
    let file_arg = file.display().to_string();
    let first = sinergi(&["monitor", "import", "--data-dir", &data_arg, &file_arg]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("Kept 2 new articles of 2 lines"),
        "{}",
        text(&first.stdout)
    );
    let second = sinergi(&["monitor", "import", "--data-dir", &data_arg, &file_arg]);
    assert!(text(&second.stdout).contains("Kept 0 new articles of 2 lines (2 known already)"));
    let matched = sinergi(&[
        "monitor",
        "match",
        "--data-dir",
        &data_arg,
        "--from",
        "2026-06-01",
        "--to",
        "2026-06-10",
    ]);
    assert!(matched.status.success(), "{}", text(&matched.stderr));
    assert!(
        text(&matched.stdout).contains("Matched 1 articles"),
        "{}",
        text(&matched.stdout)
    );

    std::fs::write(
        &file,
        "{\"id\": 3, \"text\": \"x\", \"published_at\": \"kemarin\"}\n",
    )
    .unwrap();
    let bad = sinergi(&["monitor", "import", "--data-dir", &data_arg, &file_arg]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("articles.jsonl:1:"),
        "{}",
        text(&bad.stderr)
    );
}

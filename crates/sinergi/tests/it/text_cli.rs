//! `sinergi text stem` and `sinergi text tokens`, run as a person would.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn sinergi(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sinergi"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn stem_prints_word_tab_stem_with_sastrawi_by_default() {
    let out = sinergi(
        &["text", "stem"],
        "pembangunan\nmenyampaikan\n\nPemerintah\nmempertanggungjawabkan\nanak-anak\nménjadi\n",
    );
    assert_eq!(
        stdout(&out),
        "pembangunan\tbangun\nmenyampaikan\tsampai\nPemerintah\tperintah\n\
         mempertanggungjawabkan\tmempertanggungjawabkan\nanak-anak\tanak\nménjadi\tjadi\n"
    );
}

#[test]
fn stem_with_snowball() {
    let out = sinergi(
        &["text", "stem", "--stemmer", "snowball"],
        "berkelanjutan\r\n",
    );
    assert_eq!(stdout(&out), "berkelanjutan\tkelanjut\n");
    let bad = sinergi(&["text", "stem", "--stemmer", "porter"], "");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown stemmer"));
}

#[test]
fn tokens_of_an_argument() {
    let out = sinergi(
        &[
            "text",
            "tokens",
            "Pembangunan jalan dan #InfrastrukturKita 2019",
        ],
        "",
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "# position\tbytes\tkind\ttext\tterm",
            "0\t0..11\tword\tPembangunan\tbangun",
            "1\t12..17\tword\tjalan\tjalan",
            "2\t18..21\tword\tdan\t(stop word)",
            "3\t22..40\thashtag\t#InfrastrukturKita\t#infrastrukturkita",
            "4\t41..45\tnumber\t2019\t2019",
        ]
    );
}

#[test]
fn tokens_from_standard_input_never_fail() {
    let out = sinergi(&["text", "tokens"], "Anak-anak bermain &amp; İstanbul\n");
    let text = stdout(&out);
    assert!(text.contains("0\t0..9\tword\tAnak-anak\tanak\n"), "{text}");
    assert!(text.contains("\tİstanbul\t"), "{text}");
    let empty = sinergi(&["text", "tokens"], "");
    assert_eq!(stdout(&empty), "# position\tbytes\tkind\ttext\tterm\n");
}

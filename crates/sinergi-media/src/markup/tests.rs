use super::*;
use proptest::prelude::*;

/// The OWASP filter-evasion vectors, one per line; also typed into every
/// text field by the browser tests.
const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/xss-vectors.txt"
));

/// Markdown-level attacks the HTML vectors do not cover.
const MARKDOWN_VECTORS: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&#x3A;alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](//evil.example/)",
    "[x](/\\evil.example/)",
    "[x](\"onmouseover=alert(1))",
    "[x](https://example.org \"title\\\" onmouseover=\\\"alert(1)\")",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x\" onerror=\"alert(1)](https://example.org/a.png)",
    "![x](/rilis/../../etc/passwd)",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "[ref]\n\n[ref]: data:text/html,<script>alert(1)</script>",
    "<div>\n<script>alert(1)</script>\n</div>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
];

/// Every Markdown construct a vector could hide in.
fn wrappings(v: &str) -> Vec<String> {
    vec![
        v.to_owned(),
        format!("[x]({v})"),
        format!("[x](<{v}>)"),
        format!("![x]({v})"),
        format!("![{v}](https://example.org/a.png)"),
        format!("[{v}](https://example.org/)"),
        format!("> {v}"),
        format!("- {v}"),
        format!("# {v}"),
        format!("**{v}**"),
        format!("`{v}`"),
        format!("```\n{v}\n```"),
        format!("<div>\n{v}\n</div>"),
        format!("| a |\n|---|\n| {v} |"),
        format!("[x]\n\n[x]: {v}"),
        format!("text {v} text"),
    ]
}

const ALLOWED_ATTRS: &[(&str, &str)] = &[
    ("a", "href"),
    ("a", "title"),
    ("a", "rel"),
    ("img", "src"),
    ("img", "alt"),
    ("img", "title"),
    ("ol", "start"),
];

/// A deliberately small reader of ammonia's normalised output (html5ever's
/// serialiser: text escapes `<`, attributes are always `name="value"`), so the
/// test does not trust the very parser it is checking.
/// A tag's name and its attributes (name, decoded value), in order.
type ParsedTag = (String, Vec<(String, String)>);

fn tags_of(html: &str) -> Result<Vec<ParsedTag>, String> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        if b.get(i) == Some(&b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let name = html[start..i].to_owned();
        if name.is_empty() {
            return Err(format!("`<` not starting a tag at byte {start}"));
        }
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
            match b.get(i) {
                None => return Err("unterminated tag".into()),
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(_) => {}
            }
            let s = i;
            while i < b.len() && !matches!(b[i], b'=' | b' ' | b'>') {
                i += 1;
            }
            let attr = html[s..i].to_owned();
            if b.get(i) != Some(&b'=') || b.get(i + 1) != Some(&b'"') {
                return Err(format!("attribute {attr:?} without a quoted value"));
            }
            i += 2;
            let vs = i;
            while i < b.len() && b[i] != b'"' {
                i += 1;
            }
            if i == b.len() {
                return Err("unterminated attribute value".into());
            }
            let value = html[vs..i]
                .replace("&quot;", "\"")
                .replace("&nbsp;", "\u{a0}")
                .replace("&amp;", "&");
            i += 1;
            attrs.push((attr, value));
        }
        out.push((name, attrs));
    }
    Ok(out)
}

fn unsafe_reason(html: &str) -> Option<String> {
    let lower = html.to_lowercase();
    for bad in [
        "<script", "<svg", "<math", "<iframe", "<style", "<object", "<embed", "<form", "<meta",
        "<link", "<base", "<body", "<input", "<!--",
    ] {
        if lower.contains(bad) {
            return Some(format!("contains {bad}"));
        }
    }
    let tags = match tags_of(&lower) {
        Ok(tags) => tags,
        Err(e) => return Some(e),
    };
    for (tag, attrs) in tags {
        if !TAGS.contains(&tag.as_str()) {
            return Some(format!("tag <{tag}>"));
        }
        for (attr, value) in attrs {
            if attr.starts_with("on") || attr == "style" {
                return Some(format!("attribute {attr} on <{tag}>"));
            }
            if !ALLOWED_ATTRS.contains(&(tag.as_str(), attr.as_str())) {
                return Some(format!("attribute {attr} not allowed on <{tag}>"));
            }
            // `alt` and `title` are text: a quoted "javascript:" there is inert.
            let is_url = attr == "href" || attr == "src";
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .flat_map(char::to_lowercase)
                .collect();
            // A URL's scheme is what comes before its first `:`, if no `/`,
            // `?` or `#` comes first: `/javascript:` is a path on this site.
            let scheme = squeezed
                .split_once(':')
                .map(|(s, _)| s)
                .filter(|s| !s.contains(['/', '?', '#']));
            for bad in ["javascript", "vbscript", "data", "livescript"] {
                if is_url && scheme == Some(bad) {
                    return Some(format!("{attr}={value:?} has {bad}:"));
                }
            }
            let ok = match attr.as_str() {
                "href" => {
                    ["http://", "https://", "mailto:", "#"]
                        .iter()
                        .any(|p| value.starts_with(p))
                        || (value.starts_with('/') && !value.starts_with("//"))
                }
                "src" => ["http://", "https://", "/media/"]
                    .iter()
                    .any(|p| value.starts_with(p)),
                "rel" => value == LINK_REL,
                _ => true,
            };
            if !ok {
                return Some(format!("{attr}={value:?} on <{tag}>"));
            }
        }
    }
    None
}

#[test]
fn the_vectors_file_has_enough_real_vectors() {
    let lines: Vec<&str> = VECTORS.lines().collect();
    assert!(lines.len() >= 60, "only {} vectors", lines.len());
    assert!(
        lines.iter().all(|l| !l.trim().is_empty()),
        "blank line in the vectors file"
    );
}

#[test]
fn no_owasp_vector_survives_in_any_markdown_construct() {
    let mut failures = Vec::new();
    let mut rendered = 0;
    for v in VECTORS.lines().chain(MARKDOWN_VECTORS.iter().copied()) {
        for md in wrappings(v) {
            let html = render_markdown(&md);
            rendered += 1;
            if let Some(why) = unsafe_reason(&html) {
                failures.push(format!("{why}\n  input:  {md:?}\n  output: {html:?}"));
            }
        }
    }
    assert!(rendered > 1000);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sanitising_twice_changes_nothing() {
    for v in VECTORS.lines() {
        let once = render_markdown(v);
        assert_eq!(sanitize_html(&once), once, "input {v:?}");
    }
}

#[test]
fn the_checker_itself_catches_what_it_should() {
    for bad in [
        "<script>x</script>",
        "<p onclick=\"x\">a</p>",
        "<a href=\"javascript:x\">a</a>",
        "<a href=\"java\tscript:x\">a</a>",
        "<img src=\"data:image/png;base64,AA\">",
        "<img src=\"/upload/x.png\">",
        "<a href=\"//evil\">a</a>",
        "<p style=\"x\">a</p>",
        "<div>a</div>",
    ] {
        assert!(unsafe_reason(bad).is_some(), "missed {bad}");
    }
    assert_eq!(unsafe_reason("<p>a &lt;script&gt; b</p>"), None);
}

#[test]
fn ordinary_articles_keep_their_markup() {
    let md = "# Judul\n\nParagraf dengan **tebal**, *miring* dan ~~coret~~.\n\n\
              ## Sub\n\n- satu\n- dua\n\n3. tiga\n4. empat\n\n> kutipan\n\n\
              `kode` dan\n\n```\nblok\n```\n\n\
              [situs](https://example.go.id/a?b=1&c=2) [surel](mailto:humas@example.go.id) \
              [rilis](/rilis/42) [bagian](#lampiran)\n\n\
              ![foto](/media/ab/cd.jpg \"Keterangan\") ![luar](https://cdn.example.org/x.png)\n\n\
              | a | b |\n|---|:-:|\n| 1 | 2 |\n";
    let html = render_markdown(md);
    for expected in [
        "<h2>Judul</h2>",
        "<h2>Sub</h2>",
        "<strong>tebal</strong>",
        "<em>miring</em>",
        "<del>coret</del>",
        "<ul>",
        "<ol start=\"3\">",
        "<blockquote>",
        "<code>kode</code>",
        "<pre><code>blok\n</code></pre>",
        "<a href=\"https://example.go.id/a?b=1&amp;c=2\" rel=\"noopener noreferrer nofollow\">situs</a>",
        "<a href=\"mailto:humas@example.go.id\" rel=\"noopener noreferrer nofollow\">surel</a>",
        "<a href=\"/rilis/42\" rel=\"noopener noreferrer nofollow\">rilis</a>",
        "<a href=\"#lampiran\" rel=\"noopener noreferrer nofollow\">bagian</a>",
        "<img src=\"/media/ab/cd.jpg\" alt=\"foto\" title=\"Keterangan\">",
        "<img src=\"https://cdn.example.org/x.png\" alt=\"luar\">",
        "<table>",
        "<th>a</th>",
        "<td>2</td>",
    ] {
        assert!(html.contains(expected), "missing {expected:?} in\n{html}");
    }
    assert_eq!(unsafe_reason(&html), None);
}

#[test]
fn images_from_elsewhere_on_the_site_lose_their_source() {
    let html = render_markdown("![x](/uploads/x.png) ![y](mailto:a@b.c)");
    assert!(!html.contains("src="), "{html}");
}

#[test]
fn raw_html_is_sanitised_not_escaped() {
    let html = render_markdown("Teks <b>tebal</b> <span>biasa</span> <script>alert(1)</script>");
    assert_eq!(html, "<p>Teks <b>tebal</b> biasa </p>\n");
}

#[test]
fn plain_text_drops_markup_and_keeps_blocks() {
    let md = "# Judul\n\nParagraf **tebal** dengan [tautan](https://x.id) dan `kode`.\n\
              Baris lanjut.\n\n- satu\n- dua &amp; tiga\n\n\
              <div>\n<p>Teks HTML</p><script>alert(1)</script>\n</div>\n\n\
              | a | b |\n|---|---|\n| 1 | 2 |\n";
    assert_eq!(
        plain_text(md),
        "Judul\nParagraf tebal dengan tautan dan kode. Baris lanjut.\nsatu\ndua & tiga\n\
         Teks HTML\na b\n1 2"
    );
    assert_eq!(plain_text(""), "");
    assert_eq!(plain_text("a <b>b</b> c"), "a b c");
}

#[test]
fn excerpts_cut_at_words_and_count_the_ellipsis() {
    let md = "Pemerintah Kota Bandung meluncurkan aplikasi layanan publik.";
    assert_eq!(excerpt(md, 200), md);
    let e = excerpt(md, 30);
    assert_eq!(e, "Pemerintah Kota Bandung…");
    assert!(e.chars().count() <= 30);
    assert_eq!(excerpt("Satu dua tiga", 9), "Satu dua…");
    assert_eq!(excerpt("Supercalifragilistik", 6), "Super…");
    assert_eq!(excerpt("Satu, dua", 7), "Satu…");
    assert_eq!(excerpt("abc", 0), "");
    assert_eq!(excerpt("# A\n\nB", 10), "A B");
    assert_eq!(excerpt("éééééééééé", 5).chars().count(), 5);
}

const FRAGMENTS: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "\"",
    "'",
    "`",
    "=",
    " ",
    "\t",
    "\n",
    "\n\n",
    "script",
    "SCRIPT",
    "img",
    "svg",
    "math",
    "iframe",
    "style",
    "a",
    "src",
    "href",
    "onerror",
    "onload",
    "on",
    "javascript:",
    "java",
    "script:",
    "vbscript:",
    "data:",
    "&#",
    "x09;",
    "106;",
    "&#x3A;",
    "&colon;",
    "alert(1)",
    "[",
    "]",
    "(",
    ")",
    "!",
    "](",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "#",
    "|",
    "---",
    "*",
    "_",
    "~~",
    "```",
    "> ",
    "- ",
    "1. ",
    "/",
    "\\",
    ":",
    ";",
    "&",
    "%0a",
    "\u{0}",
    "\u{a0}",
    "ſ",
    "İ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_renders_safely(md in "\\PC{0,300}") {
        let html = render_markdown(&md);
        prop_assert_eq!(unsafe_reason(&html), None, "input {:?} gave {:?}", md, html);
        let _ = plain_text(&md);
        let _ = excerpt(&md, 40);
    }

    #[test]
    fn hostile_fragments_render_safely(
        parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40)
    ) {
        let md = parts.concat();
        let html = render_markdown(&md);
        prop_assert_eq!(unsafe_reason(&html), None, "input {:?} gave {:?}", md, html);
        let e = excerpt(&md, 25);
        prop_assert!(e.chars().count() <= 25);
    }
}

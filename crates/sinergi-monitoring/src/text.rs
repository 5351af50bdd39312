//! Texts as monitoring reads them: HTML reduced to plain text, the
//! normalised text that finds syndicated copies, and canonical URLs.

use sha2::{Digest, Sha256};

/// Plain text of an HTML fragment: tags dropped (block ends become line
/// breaks), script and style contents dropped, common entities decoded,
/// spaces collapsed within lines.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = after[..gt].trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &after[gt + 1..];
        if (name == "script" || name == "style") && !after.starts_with('/') {
            let close = format!("</{name}");
            match rest.to_ascii_lowercase().find(&close) {
                Some(end) => {
                    rest = &rest[end..];
                    if let Some(gt) = rest.find('>') {
                        rest = &rest[gt + 1..];
                    }
                }
                None => rest = "",
            }
            continue;
        }
        if matches!(
            name.as_str(),
            "p" | "br"
                | "div"
                | "li"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "blockquote"
                | "tr"
        ) {
            out.push('\n');
        }
    }
    out.push_str(&decode_entities(rest));
    tidy(&out)
}

/// Collapses spaces within lines and drops empty lines.
pub fn tidy(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "hellip" => Some('…'),
                "lsquo" => Some('‘'),
                "rsquo" => Some('’'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The hash of a text's words, lowercased, without punctuation: the same
/// story carried by several outlets (with other spacing, quotes or
/// capitals) hashes alike, and is grouped.
pub fn text_hash(text: &str) -> String {
    let mut hasher = Sha256::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        hasher.update(word.to_lowercase().as_bytes());
        hasher.update(b" ");
    }
    hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Query parameters that only say where a reader came from.
fn is_tracking(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("utm_")
        || matches!(
            n.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "gbraid"
                | "wbraid"
                | "msclkid"
                | "yclid"
                | "igshid"
                | "mc_cid"
                | "mc_eid"
                | "_ga"
                | "_gl"
                | "ref"
                | "ref_src"
                | "spm"
                | "share"
                | "s_cid"
                | "cmpid"
        )
}

/// The canonical form of an article's address: http(s) only, host
/// lowercased, default port and fragment dropped, tracking parameters
/// stripped (the others kept in order). `None` for what is no web address.
pub fn canonical_url(raw: &str) -> Option<String> {
    let mut url = url::Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_lines_of_text() {
        let html = "<p>Warga &amp; pemerintah <b>bersama</b>.</p><script>var x = '<p>';</script>\
                    <p>Jembatan&nbsp;120&#160;meter &#x2014; selesai.</p>";
        assert_eq!(
            html_to_text(html),
            "Warga & pemerintah bersama.\nJembatan 120 meter — selesai."
        );
        assert_eq!(html_to_text("A &bogus; & B"), "A &bogus; & B");
    }

    #[test]
    fn syndicated_copies_hash_alike() {
        let a = "Gubernur meresmikan jembatan, Senin (1/12).";
        let b = "  gubernur   meresmikan JEMBATAN  senin 1 12 ";
        assert_eq!(text_hash(a), text_hash(b));
        assert_ne!(text_hash(a), text_hash("Gubernur meresmikan jalan."));
    }

    #[test]
    fn tracking_parameters_are_stripped() {
        assert_eq!(
            canonical_url("HTTPS://News.Example.co.id:443/a/b?id=7&utm_source=x&fbclid=1#top")
                .as_deref(),
            Some("https://news.example.co.id/a/b?id=7")
        );
        assert_eq!(
            canonical_url("https://x.example/a?utm_medium=rss").as_deref(),
            Some("https://x.example/a")
        );
        assert_eq!(canonical_url("ftp://x.example/a"), None);
        assert_eq!(canonical_url("not a url"), None);
        assert_eq!(
            canonical_url("http://user:pw@x.example/a?b=1&ref=tw").as_deref(),
            Some("http://x.example/a?b=1")
        );
    }
}

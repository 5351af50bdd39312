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

/// Texts shorter than this many words get no simhash: too few shingles
/// to tell a copy from a text on the same subject.
pub const SIMHASH_MIN_WORDS: usize = 40;

/// A 64-bit simhash of the text's word 3-shingles (lowercased, without
/// punctuation), as a signed integer for the database. A syndicated copy
/// with a changed dateline, an added sentence or other quotes differs in
/// a few bits; two outlets writing on the same event differ in about
/// half. `None` for short texts.
pub fn simhash(text: &str) -> Option<i64> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < SIMHASH_MIN_WORDS {
        return None;
    }
    let mut weights = [0i32; 64];
    for shingle in words.windows(3) {
        // FNV-1a: stable across builds and versions, unlike std's hasher.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for w in shingle {
            for b in w.bytes().chain(std::iter::once(b' ')) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        // Mix the bits (FNV's low bits are weak for short keys).
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        for (bit, weight) in weights.iter_mut().enumerate() {
            *weight += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    let hash = weights
        .iter()
        .enumerate()
        .filter(|(_, w)| **w > 0)
        .fold(0u64, |acc, (bit, _)| acc | 1 << bit);
    Some(hash as i64)
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
    fn near_identical_copies_have_close_simhashes() {
        let story = "Pemerintah Kota Denpasar meresmikan jembatan gantung Tukad Badung yang \
            menghubungkan Banjar Sesetan dengan Banjar Pedungan pada Rabu pagi. Jembatan \
            sepanjang seratus dua puluh meter itu dibangun selama enam bulan dengan dana \
            kelurahan dan gotong royong warga kedua banjar. Wali kota mengatakan jembatan \
            tersebut memangkas waktu tempuh anak sekolah menuju SD Negeri 7 Sesetan dari empat \
            puluh menit menjadi sepuluh menit. Dinas Pekerjaan Umum akan memeriksa kekuatan \
            kabel baja jembatan setiap tiga bulan dan memasang lampu penerangan tenaga surya di \
            kedua ujungnya bulan depan. Warga berharap jembatan itu juga membuka jalan bagi \
            pedagang sayur dari Pedungan yang selama ini harus memutar lewat jalan raya \
            Sesetan yang padat pada pagi hari, terutama menjelang hari raya.";
        // The wire's copy: a dateline and a credit line added, one word changed.
        let copy = format!(
            "DENPASAR (ANTARA) - {} (ANTARA/Redaksi)",
            story.replace("Rabu pagi", "Rabu (2/12) pagi")
        );
        let other = "Warga Banjar Kaja menyambut jembatan baru yang diresmikan wali kota. \
            Menurut warga, selama ini mereka harus memutar sejauh lima kilometer untuk \
            mencapai pasar. Kepala desa berharap pemerintah juga memperbaiki jalan desa yang \
            rusak, terutama menjelang musim hujan, agar anak-anak dapat berangkat sekolah \
            dengan aman setiap hari. Para pedagang juga meminta lampu jalan dipasang.";
        let a = simhash(story).unwrap();
        let b = simhash(&copy).unwrap();
        let c = simhash(other).unwrap();
        let near = sinergi_store::monitor::NEAR_BITS;
        assert!(
            (a ^ b).count_ones() <= near,
            "copy: {} bits",
            (a ^ b).count_ones()
        );
        assert!(
            (a ^ c).count_ones() > 2 * near,
            "other: {} bits",
            (a ^ c).count_ones()
        );
        assert_eq!(simhash("terlalu pendek"), None);
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

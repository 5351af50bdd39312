//! What a file really is, from its first bytes. The name and the declared
//! type come from the client and are only compared against this, never used
//! to decide how to read the file.

/// The content types we can tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    Png,
    Jpeg,
    Webp,
    Pdf,
    /// UTF-8 without NUL that does not look like markup.
    Text,
    /// Looks like text but is not UTF-8 (a Windows-1252 CSV, say).
    NotUtf8Text,
    /// Recognised and refused; the name is for the message.
    Refused(&'static str),
    Unknown,
}

pub(crate) fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Png;
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Jpeg;
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Sniffed::Webp;
    }
    if bytes.starts_with(b"%PDF-") {
        return Sniffed::Pdf;
    }
    if let Some(name) = binary_signature(bytes) {
        return Sniffed::Refused(name);
    }
    if bytes.contains(&0) {
        return Sniffed::Unknown;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => match markup_kind(text) {
            Some(name) => Sniffed::Refused(name),
            None => Sniffed::Text,
        },
        Err(_) if looks_like_8bit_text(bytes) => Sniffed::NotUtf8Text,
        Err(_) => Sniffed::Unknown,
    }
}

/// Formats people upload by mistake or on purpose, named so the refusal can
/// say what was seen. Only signatures that cannot start ordinary text.
fn binary_signature(b: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"II*\0", "TIFF"),
        (b"MM\0*", "TIFF"),
        (b"PK\x03\x04", "ZIP/Office"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "legacy Office"),
        (b"Rar!\x1A\x07", "RAR"),
        (b"7z\xBC\xAF\x27\x1C", "7-Zip"),
        (b"\x1F\x8B", "gzip"),
        (b"\x7FELF", "ELF (program)"),
        (b"\xCA\xFE\xBA\xBE", "Mach-O/Java (program)"),
        (b"\xCF\xFA\xED\xFE", "Mach-O (program)"),
        (b"\0asm", "WebAssembly"),
    ];
    if let Some((_, name)) = SIGNATURES.iter().find(|(sig, _)| b.starts_with(sig)) {
        return Some(name);
    }
    // "MZ" and "BM" can start a word; refuse them only with binary bytes after.
    let binary_after = |n: usize| b.len() > n && b[n..b.len().min(64)].contains(&0);
    if b.starts_with(b"MZ") && binary_after(2) {
        return Some("EXE (program)");
    }
    if b.starts_with(b"BM") && binary_after(2) {
        return Some("BMP");
    }
    if b.len() >= 12 && &b[4..8] == b"ftyp" {
        let brand = &b[8..12];
        return Some(
            if brand.starts_with(b"avi") || brand.starts_with(b"hei") || brand.starts_with(b"mif") {
                "HEIC/AVIF"
            } else {
                "video"
            },
        );
    }
    None
}

/// Text a browser might render as a page or a drawing. Served as text/plain
/// with `nosniff` it would be harmless, but nobody uploads a press-release
/// attachment that begins with a tag, so we refuse rather than rely on headers.
fn markup_kind(text: &str) -> Option<&'static str> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if !start.starts_with('<') {
        return None;
    }
    let head: String = start
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    Some(if head.contains("<svg") {
        "SVG"
    } else if head.starts_with("<?xml") && !head.contains("<html") {
        "XML"
    } else {
        "HTML"
    })
}

/// Non-UTF-8 bytes with no control characters but tab, CR and LF: most
/// likely text saved in a legacy code page.
fn looks_like_8bit_text(b: &[u8]) -> bool {
    b.iter()
        .take(8192)
        .all(|&c| c >= 0x20 || matches!(c, b'\t' | b'\n' | b'\r'))
}

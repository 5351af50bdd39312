//! Why an upload was refused, worded for the person who uploaded it, in
//! Bahasa Indonesia and English. `Display` is the English text plus any
//! technical detail, for logs; [`UploadError::message`] is for people.

/// The formats we accept, named the way the messages list them.
const ACCEPTED_ID: &str = "gambar PNG, JPEG atau WebP, PDF, atau teks/CSV";
const ACCEPTED_EN: &str = "a PNG, JPEG or WebP image, a PDF, or a text/CSV file";

/// An upload refused before anything was stored.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UploadError {
    #[error("The file is empty.")]
    Empty,
    #[error("File too large: {}; the limit is {}.", size_over(*.size, *.max, "en"), size_text(*.max, "en"))]
    TooLarge { size: u64, max: u64 },
    /// Recognised, but not a kind we take (HTML, SVG, a program, …).
    #[error("{found} files are not allowed.")]
    Disallowed { found: &'static str },
    #[error("Unrecognised file type.")]
    Unknown,
    /// Named `.txt`/`.csv` and text-like, but not UTF-8.
    #[error("The text file is not UTF-8.")]
    TextNotUtf8,
    /// The content is one accepted format, the name or declared type another.
    #[error("The file contains {found} but its name or type says {declared}.")]
    Disguised {
        found: &'static str,
        declared: String,
    },
    #[error("Image side too long: {width}×{height} pixels; at most {max} pixels a side.")]
    DimensionTooLarge { width: u32, height: u32, max: u32 },
    #[error("Image has too many pixels: {width}×{height}; the limit is {max} pixels.")]
    TooManyPixels { width: u32, height: u32, max: u64 },
    #[error("The {found} file is damaged or incomplete: {detail}")]
    Corrupt { found: &'static str, detail: String },
    /// Decoding worked, writing the normalised copy did not: our fault.
    #[error("The image could not be re-encoded: {detail}")]
    Encode { detail: String },
}

impl UploadError {
    /// The message to show, in `lang` ("id" for Bahasa Indonesia; anything
    /// else gives English).
    pub fn message(&self, lang: &str) -> String {
        let id = lang.eq_ignore_ascii_case("id") || lang.to_ascii_lowercase().starts_with("id-");
        match (self, id) {
            (Self::Empty, true) => "Berkas kosong.".into(),
            (Self::Empty, false) => "The file is empty.".into(),
            (Self::TooLarge { size, max }, true) => {
                format!("Berkas terlalu besar: {}; batasnya {}.", size_over(*size, *max, "id"), size_text(*max, "id"))
            }
            (Self::TooLarge { .. }, false) => self.to_string(),
            (Self::Disallowed { found }, true) => {
                format!("Berkas {found} tidak diizinkan. Unggah {ACCEPTED_ID}.")
            }
            (Self::Disallowed { found }, false) => {
                format!("{found} files are not allowed. Upload {ACCEPTED_EN}.")
            }
            (Self::Unknown, true) => format!("Jenis berkas tidak dikenali. Unggah {ACCEPTED_ID}."),
            (Self::Unknown, false) => format!("Unrecognised file type. Upload {ACCEPTED_EN}."),
            (Self::TextNotUtf8, true) => {
                "Berkas teks harus berenkode UTF-8. Simpan ulang sebagai \"CSV UTF-8\" atau \"Teks UTF-8\".".into()
            }
            (Self::TextNotUtf8, false) => {
                "Text files must be UTF-8. Save it again as \"CSV UTF-8\" or \"UTF-8 text\".".into()
            }
            (Self::Disguised { found, declared }, true) => format!(
                "Isi berkas adalah {found}, tetapi nama atau jenisnya menyebut {declared}. \
                 Ubah nama berkas sesuai isinya."
            ),
            (Self::Disguised { found, declared }, false) => format!(
                "The file contains {found} but its name or type says {declared}. \
                 Rename it to match its content."
            ),
            (Self::DimensionTooLarge { width, height, max }, true) => format!(
                "Gambar terlalu besar: {width}×{height} piksel; sisi terpanjang paling banyak {max} piksel."
            ),
            (Self::DimensionTooLarge { .. }, false) => self.to_string(),
            (Self::TooManyPixels { width, height, max }, true) => format!(
                "Gambar terlalu besar: {width}×{height} piksel ({}); batasnya {}.",
                megapixels(u64::from(*width) * u64::from(*height), "id"),
                megapixels(*max, "id")
            ),
            (Self::TooManyPixels { width, height, max }, false) => format!(
                "Image too large: {width}×{height} pixels ({}); the limit is {}.",
                megapixels(u64::from(*width) * u64::from(*height), "en"),
                megapixels(*max, "en")
            ),
            (Self::Corrupt { found, .. }, true) => {
                format!("Berkas {found} rusak atau tidak lengkap sehingga tidak dapat dibaca.")
            }
            (Self::Corrupt { found, .. }, false) => {
                format!("The {found} file is damaged or incomplete and cannot be read.")
            }
            (Self::Encode { .. }, true) => {
                "Gambar tidak dapat diproses. Coba simpan ulang dalam format lain.".into()
            }
            (Self::Encode { .. }, false) => {
                "The image could not be processed. Try saving it again in another format.".into()
            }
        }
    }
}

/// One decimal, rounded to nearest (or up, when `up`), with the decimal
/// comma in Indonesian; a whole number shows no decimal.
fn one_decimal(value: f64, lang: &str, up: bool) -> String {
    let tenths = if up {
        (value * 10.0).ceil()
    } else {
        (value * 10.0).round()
    } as u64;
    let sep = if lang == "id" { ',' } else { '.' };
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}{sep}{}", tenths / 10, tenths % 10)
    }
}

/// Sizes as people read them: MB and KB in binary units, like file managers.
fn size_text_rounded(bytes: u64, lang: &str, up: bool) -> String {
    const KB: f64 = 1024.0;
    const MB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if b >= MB {
        format!("{} MB", one_decimal(b / MB, lang, up))
    } else if b >= KB {
        format!("{} KB", one_decimal(b / KB, lang, up))
    } else {
        format!(
            "{bytes} byte{}",
            if lang == "id" || bytes == 1 { "" } else { "s" }
        )
    }
}

fn size_text(bytes: u64, lang: &str) -> String {
    size_text_rounded(bytes, lang, false)
}

/// A size over `max`, never shown equal to it ("10,1 MB", not "10 MB", for a
/// file one byte over a 10 MB limit).
fn size_over(size: u64, max: u64, lang: &str) -> String {
    let shown = size_text(size, lang);
    if size > max && shown == size_text(max, lang) {
        size_text_rounded(size, lang, true)
    } else {
        shown
    }
}

fn megapixels(pixels: u64, lang: &str) -> String {
    let unit = if lang == "id" {
        "megapiksel"
    } else {
        "megapixels"
    };
    format!(
        "{} {unit}",
        one_decimal(pixels as f64 / 1_000_000.0, lang, false)
    )
}

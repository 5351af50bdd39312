//! Checking and normalising an uploaded file before anything is stored.
//!
//! The type comes from the bytes (`sniff.rs`); the client's file name and
//! declared type must agree with it or the upload is refused as disguised, so
//! a stored file is always exactly what its extension and MIME type say.
//! Images are decoded within limits and re-encoded (`images.rs`, in the steps
//! of `checked.rs`); attachments
//! (PDF, UTF-8 text/CSV) are kept byte for byte.
//!
//! Memory: an image's peak while processed is estimated from its header
//! (`memory.rs`) before any pixel is decoded. Above the per-image cap it is
//! refused; below it, [`Uploads::process`] waits for that much of the
//! process-wide [`ImageBudget`] (`budget.rs`) and then decodes, with the
//! cap also given to `image` as its allocation limit.

mod budget;
mod checked;
mod error;
mod images;
mod jpeg;
mod memory;
mod sniff;

use image::ImageFormat;

pub use budget::{DEFAULT_BUDGET_MIB, ImageBudget, Reservation, Uploads, default_jobs};
pub use checked::Checked;
pub use error::UploadError;
use sniff::{Sniffed, sniff};

/// Limits for one upload. The defaults suit press photos from phones and
/// cameras (a 48 MP phone shot is refused; its 12 MP default is not, nor is
/// a 24 MP camera JPEG).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadLimits {
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    /// Largest image by pixel count (width × height).
    pub max_pixels: u64,
    /// Longest side of an image, in pixels.
    pub max_dimension: u32,
    /// The most memory processing one image may take, in bytes: its
    /// estimated peak (decoded pixels, decoder scratch, copies and encoded
    /// files) must fit, and `image`'s decoders get it as their allocation
    /// limit. What it allows depends on the format: at the default, about
    /// 26 megapixels for JPEG and RGB PNG, 20 for RGBA PNG, 8 for WebP
    /// (re-encoded losslessly by an encoder that holds the whole frame).
    pub max_image_memory: u64,
    /// Width of the JPEG thumbnail.
    pub thumb_width: u32,
    /// Widest display version; wider images get a scaled copy.
    pub display_max_width: u32,
}

/// The default per-image memory cap: a 24 MP camera JPEG fits; two of them
/// do not fit the default budget ([`DEFAULT_BUDGET_MIB`]) at once.
pub const DEFAULT_IMAGE_MEMORY_MIB: u64 = 160;

impl Default for UploadLimits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_pixels: 40_000_000,
            max_dimension: 12_000,
            max_image_memory: DEFAULT_IMAGE_MEMORY_MIB << 20,
            thumb_width: 480,
            display_max_width: 1600,
        }
    }
}

/// What kind of content a release may carry: the kind the store keeps.
pub use sinergi_domain::newsroom::MediaKind as Kind;

/// An accepted upload, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub kind: Kind,
    /// The MIME type of `bytes` (and `display`), as it should be served.
    pub mime: &'static str,
    /// The extension to use when offering the file, without the dot.
    pub extension: &'static str,
    /// The normalised file: re-encoded for images, as uploaded otherwise.
    pub bytes: Vec<u8>,
    /// Pixel size of `bytes`, upright (EXIF rotation applied); images only.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// A JPEG at most `thumb_width` wide (never scaled up); images only.
    pub thumbnail: Option<Vec<u8>>,
    /// A copy at most `display_max_width` wide in the same format as `bytes`;
    /// `None` when `bytes` is already narrow enough (see [`Processed::display_bytes`]).
    pub display: Option<Vec<u8>>,
    /// SHA-256 of `bytes`, lowercase hex: its name in the [`crate::BlobStore`].
    pub sha256: String,
}

impl Processed {
    /// The version to put in a page: the scaled copy, or the image itself.
    pub fn display_bytes(&self) -> Option<&[u8]> {
        match self.kind {
            Kind::Image => Some(self.display.as_deref().unwrap_or(&self.bytes)),
            Kind::Attachment => None,
        }
    }
}

/// How each accepted content type is named, served and may be declared.
#[derive(Debug)]
struct Format {
    name: &'static str,
    mime: &'static str,
    extension: &'static str,
    extensions: &'static [&'static str],
    mimes: &'static [&'static str],
}

const PNG: Format = Format {
    name: "PNG",
    mime: "image/png",
    extension: "png",
    extensions: &["png"],
    mimes: &["image/png", "image/x-png"],
};
const JPEG: Format = Format {
    name: "JPEG",
    mime: "image/jpeg",
    extension: "jpg",
    extensions: &["jpg", "jpeg", "jpe", "jfif"],
    mimes: &["image/jpeg", "image/jpg", "image/pjpeg"],
};
const WEBP: Format = Format {
    name: "WebP",
    mime: "image/webp",
    extension: "webp",
    extensions: &["webp"],
    mimes: &["image/webp"],
};
const PDF: Format = Format {
    name: "PDF",
    mime: "application/pdf",
    extension: "pdf",
    extensions: &["pdf"],
    mimes: &["application/pdf", "application/x-pdf"],
};
const TEXT_MIMES: &[&str] = &[
    "text/plain",
    "text/csv",
    "application/csv",
    "text/comma-separated-values",
    // What Windows browsers declare for .csv when Excel is installed.
    "application/vnd.ms-excel",
];
const TXT: Format = Format {
    name: "text",
    mime: "text/plain; charset=utf-8",
    extension: "txt",
    extensions: &["txt", "csv"],
    mimes: TEXT_MIMES,
};
const CSV: Format = Format {
    name: "CSV",
    mime: "text/csv; charset=utf-8",
    extension: "csv",
    extensions: &["txt", "csv"],
    mimes: TEXT_MIMES,
};

/// Checks `bytes` against `limits`, the sniffed type against the client's
/// `filename` and `declared_type` (`Content-Type`, may be empty), and returns
/// the normalised file. Not counted in any budget: services call
/// [`Uploads::process`].
pub fn process(
    bytes: &[u8],
    filename: &str,
    declared_type: &str,
    limits: &UploadLimits,
) -> Result<Processed, UploadError> {
    check(bytes, filename, declared_type, limits)?.finish(bytes, limits)
}

/// Everything [`process`] checks before decoding.
pub fn check(
    bytes: &[u8],
    filename: &str,
    declared_type: &str,
    limits: &UploadLimits,
) -> Result<Checked, UploadError> {
    let size = bytes.len() as u64;
    if size == 0 {
        return Err(UploadError::Empty);
    }
    if size > limits.max_bytes {
        return Err(UploadError::TooLarge {
            size,
            max: limits.max_bytes,
        });
    }
    let extension = extension_of(filename);
    let declared = media_type_of(declared_type);
    let (format, image_format) = match sniff(bytes) {
        Sniffed::Png => (&PNG, Some(ImageFormat::Png)),
        Sniffed::Jpeg => (&JPEG, Some(ImageFormat::Jpeg)),
        Sniffed::Webp => (&WEBP, Some(ImageFormat::WebP)),
        Sniffed::Pdf => (&PDF, None),
        Sniffed::Text => {
            let csv = extension.as_deref() == Some("csv")
                || (extension.is_none() && declared.as_deref().is_some_and(|d| d != "text/plain"));
            (if csv { &CSV } else { &TXT }, None)
        }
        Sniffed::NotUtf8Text
            if matches!(extension.as_deref(), Some("txt" | "csv"))
                || declared.as_deref().is_some_and(|d| TEXT_MIMES.contains(&d)) =>
        {
            return Err(UploadError::TextNotUtf8);
        }
        Sniffed::Refused(found) => return Err(UploadError::Disallowed { found }),
        Sniffed::NotUtf8Text | Sniffed::Unknown => return Err(UploadError::Unknown),
    };
    check_declared(format, extension.as_deref(), declared.as_deref())?;
    let Some(image_format) = image_format else {
        return Ok(Checked {
            format,
            image: None,
        });
    };
    let header = images::read_header(bytes, image_format, format.name, limits)?;
    let plan = memory::plan(&header, limits.thumb_width, limits.display_max_width);
    let checked = Checked {
        format,
        image: Some((header, plan)),
    };
    if plan.peak_bytes > limits.max_image_memory {
        return Err(checked.too_large_for(limits.max_image_memory, limits));
    }
    Ok(checked)
}

/// The name's last extension, lowercased (`Foto.Final.PNG` gives `png`).
fn extension_of(filename: &str) -> Option<String> {
    let base = filename.rsplit(['/', '\\']).next().unwrap_or(filename);
    let (stem, ext) = base.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.trim().to_ascii_lowercase())
}

/// The declared media type without parameters; `None` when the client said
/// nothing useful (empty or the generic octet-stream).
fn media_type_of(declared: &str) -> Option<String> {
    let t = declared
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    (!t.is_empty() && t != "application/octet-stream" && t != "binary/octet-stream").then_some(t)
}

fn check_declared(
    format: &Format,
    extension: Option<&str>,
    declared: Option<&str>,
) -> Result<(), UploadError> {
    let disguised = |said: String| UploadError::Disguised {
        found: format.name,
        declared: said.chars().take(40).collect(),
    };
    if let Some(ext) = extension.filter(|e| !format.extensions.contains(e)) {
        return Err(disguised(format!(".{ext}")));
    }
    if let Some(mime) = declared.filter(|m| !format.mimes.contains(m)) {
        return Err(disguised(mime.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests;

//! The second half of processing an upload: what passed the checks that
//! need no decoding, decoded, resized and re-encoded in the order
//! `memory.rs` counts.

use image::ImageFormat;

use super::memory::{Header, Plan};
use super::{Format, Kind, Processed, UploadError, UploadLimits, images};
use crate::blobs::sha256_hex;

/// An upload that passed every check that needs no decoding: size, type,
/// name, and for images the header (sides, pixels, estimated memory).
#[derive(Debug, Clone)]
pub struct Checked {
    pub(super) format: &'static Format,
    /// Images only.
    pub(super) image: Option<(Header, Plan)>,
}

impl Checked {
    /// The most memory processing will hold at once, in bytes; 0 for
    /// attachments, which are kept as they are.
    pub fn peak_bytes(&self) -> u64 {
        self.image.map_or(0, |(_, plan)| plan.peak_bytes)
    }

    /// The refusal of an image whose peak is more than `max_bytes`: too
    /// many pixels, with the limit that applies to images like it.
    pub fn too_large_for(&self, max_bytes: u64, limits: &UploadLimits) -> UploadError {
        let (width, height) = self.image.map_or((0, 0), |(h, _)| (h.width, h.height));
        let pixels = u64::from(width) * u64::from(height);
        // The estimate grows about linearly with the pixels; rounded down to
        // a tenth of a megapixel, so the message never promises too much.
        let fits =
            u128::from(pixels) * u128::from(max_bytes) / u128::from(self.peak_bytes().max(1));
        let fits = u64::try_from(fits).unwrap_or(u64::MAX) / 100_000 * 100_000;
        UploadError::TooManyPixels {
            width,
            height,
            max: fits.min(limits.max_pixels),
        }
    }

    /// Decodes and re-encodes the image (or copies the attachment). `bytes`
    /// must be the ones that were checked; the header is read again, and a
    /// different one is refused as damaged.
    pub fn finish(self, bytes: &[u8], limits: &UploadLimits) -> Result<Processed, UploadError> {
        let format = self.format;
        let Some((header, plan)) = self.image else {
            return Ok(Processed {
                kind: Kind::Attachment,
                mime: format.mime,
                extension: format.extension,
                bytes: bytes.to_vec(),
                width: None,
                height: None,
                thumbnail: None,
                display: None,
                sha256: sha256_hex(bytes),
            });
        };
        let changed = || UploadError::Corrupt {
            found: format.name,
            detail: "the file changed after it was checked".into(),
        };
        let image_format = header.format;
        let again = images::read_header(bytes, image_format, format.name, limits)?;
        if (again.width, again.height, again.color) != (header.width, header.height, header.color) {
            return Err(changed());
        }
        let image = images::decode(bytes, &header, format.name, limits).map_err(|e| match e {
            UploadError::TooManyPixels { .. } => Checked {
                format,
                image: Some((header, plan)),
            }
            .too_large_for(limits.max_image_memory, limits),
            e => e,
        })?;
        if !images::matches_plan(&image, &plan) {
            return Err(changed());
        }
        // The small copies first, freed before the full image is re-encoded
        // (the order `memory.rs` counts).
        let (thumbnail, display) = {
            let display = plan.display.map(|s| images::resize(&image, s));
            let source = display.as_ref().unwrap_or(&image);
            let thumb = plan.thumbnail.map(|s| images::resize(source, s));
            let thumbnail = images::encode(thumb.as_ref().unwrap_or(source), ImageFormat::Jpeg)?;
            drop(thumb);
            let display = match display {
                Some(d) => Some(images::encode(&d, image_format)?),
                None => None,
            };
            (thumbnail, display)
        };
        let normalised = images::encode(&image, image_format)?;
        Ok(Processed {
            kind: Kind::Image,
            mime: format.mime,
            extension: format.extension,
            sha256: sha256_hex(&normalised),
            bytes: normalised,
            width: Some(image.width()),
            height: Some(image.height()),
            thumbnail: Some(thumbnail),
            display,
        })
    }
}

//! Decoding within limits and re-encoding. Re-encoding is the point: a fresh
//! file from decoded pixels carries no EXIF (GPS, camera serial), no comments,
//! no trailing payload (a ZIP glued after the JPEG end marker), and nothing a
//! browser could mistake for another format.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{
    DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, Rgb, RgbImage,
};

use super::{UploadError, UploadLimits};

/// Quality for JPEG output: visually lossless for photos, about a third the
/// size of quality 100.
const JPEG_QUALITY: u8 = 85;

fn reader(bytes: &[u8], format: ImageFormat) -> ImageReader<Cursor<&[u8]>> {
    // The format is the one we sniffed; the reader never guesses.
    ImageReader::with_format(Cursor::new(bytes), format)
}

/// Reads the header only, checks the size against our limits, and only then
/// decodes (upright: EXIF rotation applied), with `image::Limits` as a second fence. A 100 000 × 100 000 PNG
/// of a few hundred bytes is refused without allocating its pixels.
pub(crate) fn decode(
    bytes: &[u8],
    format: ImageFormat,
    name: &'static str,
    limits: &UploadLimits,
) -> Result<DynamicImage, UploadError> {
    let corrupt = |e: ImageError| UploadError::Corrupt {
        found: name,
        detail: e.to_string(),
    };
    let (width, height) = reader(bytes, format).into_dimensions().map_err(corrupt)?;
    if width == 0 || height == 0 {
        return Err(UploadError::Corrupt {
            found: name,
            detail: "zero width or height".into(),
        });
    }
    check_dimensions(width, height, limits)?;
    if format == ImageFormat::Jpeg && !jpeg_has_end(bytes) {
        return Err(UploadError::Corrupt {
            found: name,
            detail: "no end-of-image marker after the scan: the file is cut off".into(),
        });
    }

    let mut decode_limits = Limits::default();
    decode_limits.max_image_width = Some(limits.max_dimension);
    decode_limits.max_image_height = Some(limits.max_dimension);
    // Up to 16-bit RGBA, plus room for the decoder's own buffers.
    decode_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8).saturating_add(64 << 20));
    let mut r = reader(bytes, format);
    r.limits(decode_limits);
    let mut decoder = r.into_decoder().map_err(corrupt)?;
    // Phones store "rotate me" in EXIF; we are about to drop EXIF, so apply it.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        ImageError::Limits(_) => UploadError::TooManyPixels {
            width,
            height,
            max: limits.max_pixels,
        },
        e => corrupt(e),
    })?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// Whether a JPEG's end-of-image marker follows its first scan. Walking the
/// segments skips APP1, whose embedded EXIF thumbnail has an end marker of
/// its own; inside scan data a literal 0xFF is always stuffed as `FF 00`.
fn jpeg_has_end(b: &[u8]) -> bool {
    let mut pos = 2;
    while pos + 4 <= b.len() {
        if b[pos] != 0xFF {
            return false;
        }
        let marker = b[pos + 1];
        if marker == 0xFF {
            pos += 1; // fill byte
            continue;
        }
        if marker == 0xDA {
            return b[pos..].windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        let len = usize::from(u16::from_be_bytes([b[pos + 2], b[pos + 3]]));
        pos += 2 + len;
    }
    false
}

fn check_dimensions(width: u32, height: u32, limits: &UploadLimits) -> Result<(), UploadError> {
    if width.max(height) > limits.max_dimension {
        return Err(UploadError::DimensionTooLarge {
            width,
            height,
            max: limits.max_dimension,
        });
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(UploadError::TooManyPixels {
            width,
            height,
            max: limits.max_pixels,
        });
    }
    Ok(())
}

/// Encodes in the given output format (JPEG, PNG or lossless WebP).
pub(crate) fn encode(image: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, UploadError> {
    let mut out = Vec::new();
    let result = match format {
        ImageFormat::Jpeg => {
            let encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            match image {
                DynamicImage::ImageLuma8(_) => image.write_with_encoder(encoder),
                _ => DynamicImage::ImageRgb8(flatten(image)).write_with_encoder(encoder),
            }
        }
        ImageFormat::Png => {
            let encoder = PngEncoder::new(&mut out);
            match image {
                DynamicImage::ImageLuma8(_)
                | DynamicImage::ImageLumaA8(_)
                | DynamicImage::ImageRgb8(_)
                | DynamicImage::ImageRgba8(_)
                | DynamicImage::ImageLuma16(_)
                | DynamicImage::ImageLumaA16(_)
                | DynamicImage::ImageRgb16(_)
                | DynamicImage::ImageRgba16(_) => image.write_with_encoder(encoder),
                _ => DynamicImage::ImageRgba8(image.to_rgba8()).write_with_encoder(encoder),
            }
        }
        _ => {
            let encoder = WebPEncoder::new_lossless(&mut out);
            if image.color().has_alpha() {
                DynamicImage::ImageRgba8(image.to_rgba8()).write_with_encoder(encoder)
            } else {
                DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(encoder)
            }
        }
    };
    result.map_err(|e| UploadError::Encode {
        detail: e.to_string(),
    })?;
    Ok(out)
}

/// RGB on white: JPEG has no alpha, and transparent pixels often hide black
/// (or leftover) colour that would show through.
fn flatten(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        Rgb([over(r), over(g), over(b)])
    })
}

/// `image` scaled down to at most `max_width` wide, keeping the aspect ratio;
/// `None` when it is already narrow enough (never scaled up).
pub(crate) fn narrower(image: &DynamicImage, max_width: u32) -> Option<DynamicImage> {
    let (w, h) = (image.width(), image.height());
    if w <= max_width || max_width == 0 {
        return None;
    }
    let new_h = ((u64::from(h) * u64::from(max_width) + u64::from(w) / 2) / u64::from(w)).max(1);
    let new_h = u32::try_from(new_h).unwrap_or(u32::MAX);
    Some(image.resize_exact(max_width, new_h, FilterType::Triangle))
}

//! How much memory processing one image holds at its peak, worked out from
//! its header before a pixel is decoded. The job waits for that much of the
//! process-wide budget (`budget.rs`), and an image whose peak exceeds the
//! per-image cap is refused without being decoded.
//!
//! The estimate follows the pipeline in `checked.rs`, allocation by allocation
//! (the test `tests/memory.rs` measures the real heap against it):
//!
//! 1. decode: the pixels (`width × height × bytes per pixel`, the header
//!    says which) plus what the decoder holds beside them;
//! 2. EXIF rotation by a quarter turn: a second copy of the pixels, briefly;
//! 3. the display copy and the thumbnail (made from the display copy), each
//!    with its resize scratch, and their encoded files;
//! 4. re-encoding the full image, with the two small files still held.
//!
//! The uploaded file and the pixels are held throughout; of steps 1 to 4
//! only the largest counts.

use image::{ColorType, ImageFormat};

use super::images::file_bound;
use super::jpeg::JpegLayout;

/// `image`'s filtered resize samples vertically first into an RGBA `f32`
/// buffer as wide as the source and as tall as the result.
const FILTER_SCRATCH_PER_PIXEL: u64 = 16;

/// The most scratch a filtered (triangle) resize may take. Reductions by
/// half or more average boxes of pixels instead, which needs only the
/// result and looks the same there. A milder reduction whose scratch would
/// be larger (a tall infographic just over the display width: 300 MB)
/// averages boxes too, slightly less evenly.
const FILTER_SCRATCH_MAX: u64 = 64 << 20;

/// Allocator rounding, codec tables, row buffers, the file names.
const FIXED_OVERHEAD: u64 = 4 << 20;

/// A resize: the result's size and how it is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scale {
    pub width: u32,
    pub height: u32,
    /// Triangle filter (smoother for mild reductions) rather than box averaging.
    pub filtered: bool,
}

/// What processing an image will do, decided from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Upright size: EXIF rotation applied.
    pub width: u32,
    pub height: u32,
    /// The display copy, when the image is wider than the display width.
    pub display: Option<Scale>,
    /// The thumbnail, made from the display copy (or the image), when that
    /// is wider than the thumbnail width.
    pub thumbnail: Option<Scale>,
    /// The most heap the job holds at once, in bytes.
    pub peak_bytes: u64,
}

/// What the header says.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header {
    pub format: ImageFormat,
    /// As stored, before EXIF rotation.
    pub width: u32,
    pub height: u32,
    pub color: ColorType,
    /// EXIF asks for a quarter turn: width and height swap.
    pub quarter_turn: bool,
    /// JPEG only.
    pub jpeg: Option<JpegLayout>,
    /// The uploaded file, held throughout.
    pub file_len: u64,
}

/// The size `max_width` wide keeping the aspect ratio (rounded, at least
/// one pixel tall), or `None` when the source is already that narrow.
pub(crate) fn scale_to(width: u32, height: u32, max_width: u32) -> Option<Scale> {
    if width <= max_width || max_width == 0 {
        return None;
    }
    let new_h =
        (u64::from(height) * u64::from(max_width) + u64::from(width) / 2) / u64::from(width);
    let new_h = u32::try_from(new_h.max(1)).unwrap_or(u32::MAX);
    let scratch = FILTER_SCRATCH_PER_PIXEL * u64::from(width) * u64::from(new_h);
    Some(Scale {
        width: max_width,
        height: new_h,
        filtered: max_width * 2 > width && scratch <= FILTER_SCRATCH_MAX,
    })
}

pub(crate) fn plan(header: &Header, thumb_width: u32, display_max_width: u32) -> Plan {
    let (width, height) = if header.quarter_turn {
        (header.height, header.width)
    } else {
        (header.width, header.height)
    };
    let display = scale_to(width, height, display_max_width);
    let (source_w, source_h) = display.map_or((width, height), |d| (d.width, d.height));
    let thumbnail = scale_to(source_w, source_h, thumb_width);

    let color = header.color;
    let bpp = u64::from(color.bytes_per_pixel());
    let decoded = pixels(width, height) * bpp;

    // Step 1. JPEG's decoder also keeps its own copy of the file.
    let decoding = decoder_scratch(header);
    // Step 2.
    let rotating = if header.quarter_turn { decoded } else { 0 };
    // Step 3: every buffer of the display copy and the thumbnail at once.
    let resize = |from_w: u32, s: Option<Scale>| {
        s.map_or(0, |s| {
            let scratch = if s.filtered {
                FILTER_SCRATCH_PER_PIXEL * pixels(from_w, s.height)
            } else {
                0
            };
            scratch + pixels(s.width, s.height) * bpp
        })
    };
    let (thumb_w, thumb_h) = thumbnail.map_or((source_w, source_h), |t| (t.width, t.height));
    let thumb_file = encoding(ImageFormat::Jpeg, thumb_w, thumb_h, color);
    let display_file = display.map_or(0, |d| encoding(header.format, d.width, d.height, color));
    let small_copies =
        resize(width, display) + resize(source_w, thumbnail) + thumb_file + display_file;
    // Step 4.
    let re_encoding = thumb_file + display_file + encoding(header.format, width, height, color);

    let peak_bytes = header.file_len
        + decoded
        + decoding.max(rotating).max(small_copies).max(re_encoding)
        + FIXED_OVERHEAD;
    Plan {
        width,
        height,
        display,
        thumbnail,
        peak_bytes,
    }
}

fn pixels(width: u32, height: u32) -> u64 {
    u64::from(width) * u64::from(height)
}

/// What the decoder holds beside the pixels it returns.
fn decoder_scratch(header: &Header) -> u64 {
    // Padded to whole 16 × 16 blocks, the largest JPEG and WebP use.
    let padded = pixels(
        header.width.div_ceil(16) * 16,
        header.height.div_ceil(16) * 16,
    );
    match header.format {
        // The decoder's copy of the file, and, for progressive files, the
        // coefficients (as if four full-size components when the layout
        // could not be read; the decoder refuses such a file anyway).
        ImageFormat::Jpeg => {
            header.file_len + header.jpeg.map_or(padded * 2 * 4, |j| j.coefficient_bytes)
        }
        // Lossless: the ARGB `u32` canvas; lossy: the Y, U, V and alpha
        // planes. Both at most four bytes a pixel.
        ImageFormat::WebP => padded * 4,
        // Two rows and the inflate window: within the fixed overhead.
        _ => 0,
    }
}

/// Heap for encoding a `width × height` image of `color` into `format`,
/// the encoded file (reserved at its bound, see `images::file_bound`)
/// included.
fn encoding(format: ImageFormat, width: u32, height: u32, color: ColorType) -> u64 {
    let px = pixels(width, height);
    let file = file_bound(format, px, height, color);
    match format {
        // Written as 8-bit RGB or grey: anything else is converted first
        // (through RGBA when it has alpha).
        ImageFormat::Jpeg => {
            file + match color {
                ColorType::L8 | ColorType::Rgb8 => 0,
                ColorType::Rgba8 => px * 3,
                _ => px * 7,
            }
        }
        // Streamed: a few rows beside the file.
        ImageFormat::Png => {
            file + match color {
                ColorType::Rgb32F | ColorType::Rgba32F => px * 4,
                _ => 0,
            }
        }
        // `image-webp` expands to RGBA and builds the whole frame (a growing
        // `Vec`, up to twice its length) before writing it into the file.
        _ => {
            let converted = match color {
                ColorType::Rgb8 | ColorType::Rgba8 => 0,
                _ => px * 4,
            };
            converted + px * 4 + 3 * file
        }
    }
}

#[cfg(test)]
mod tests;

//! Decoding within limits and re-encoding. Re-encoding is the point: a fresh
//! file from decoded pixels carries no EXIF (GPS, camera serial), no comments,
//! no trailing payload (a ZIP glued after the JPEG end marker), and nothing a
//! browser could mistake for another format.
//!
//! Every buffer here is one that `memory.rs` counts: outputs are reserved at
//! their bound up front and may not grow past it.

use std::io::{self, Cursor, Write};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{
    ColorType, DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, Rgb,
    RgbImage,
};

use super::memory::{Header, Plan, Scale};
use super::{UploadError, UploadLimits, jpeg};

/// Quality for JPEG output: visually lossless for photos, about a third the
/// size of quality 100.
const JPEG_QUALITY: u8 = 85;

/// Room for container headers, tables and chunk framing in an output bound.
const FRAMING: u64 = 64 << 10;

/// The PNG encoder compresses and writes `IDAT` chunks of this size as it
/// goes, instead of holding the whole zlib stream.
const PNG_CHUNK: usize = 64 << 10;

fn reader(bytes: &[u8], format: ImageFormat) -> ImageReader<Cursor<&[u8]>> {
    // The format is the one we sniffed; the reader never guesses.
    ImageReader::with_format(Cursor::new(bytes), format)
}

/// The fences `image` itself enforces: the side limit (strict, in every
/// decoder) and the per-image memory cap (the PNG decoder's own buffers, and
/// the pixel buffer, reserved below before it is allocated).
fn decode_limits(limits: &UploadLimits) -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(limits.max_dimension);
    l.max_image_height = Some(limits.max_dimension);
    l.max_alloc = Some(limits.max_image_memory);
    l
}

/// Reads the header only (size, pixel format, EXIF orientation) and checks
/// the size against our limits: a 100 000 × 100 000 PNG of a few hundred
/// bytes is refused here, before any pixel is allocated.
pub(crate) fn read_header(
    bytes: &[u8],
    format: ImageFormat,
    name: &'static str,
    limits: &UploadLimits,
) -> Result<Header, UploadError> {
    let corrupt = |e: ImageError| UploadError::Corrupt {
        found: name,
        detail: e.to_string(),
    };
    // Without limits, so that a too-large side gets our message, not `image`'s.
    let (width, height) = reader(bytes, format).into_dimensions().map_err(corrupt)?;
    if width == 0 || height == 0 {
        return Err(UploadError::Corrupt {
            found: name,
            detail: "zero width or height".into(),
        });
    }
    check_dimensions(width, height, limits)?;
    let jpeg = if format == ImageFormat::Jpeg {
        if !jpeg::has_end(bytes) {
            return Err(UploadError::Corrupt {
                found: name,
                detail: "no end-of-image marker after the scan: the file is cut off".into(),
            });
        }
        jpeg::layout(bytes)
    } else {
        None
    };
    let mut r = reader(bytes, format);
    r.limits(decode_limits(limits));
    let mut decoder = r.into_decoder().map_err(corrupt)?;
    Ok(Header {
        format,
        width,
        height,
        color: decoder.color_type(),
        quarter_turn: quarter_turn(orientation(&mut decoder)),
        jpeg,
        file_len: bytes.len() as u64,
    })
}

/// Phones store "rotate me" in EXIF; we are about to drop EXIF, so we apply it.
fn orientation(decoder: &mut impl ImageDecoder) -> Orientation {
    decoder.orientation().unwrap_or(Orientation::NoTransforms)
}

fn quarter_turn(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Decodes (upright: EXIF rotation applied) an image whose header
/// [`read_header`] accepted and whose [`Plan`] fits the per-image cap.
pub(crate) fn decode(
    bytes: &[u8],
    header: &Header,
    name: &'static str,
    limits: &UploadLimits,
) -> Result<DynamicImage, UploadError> {
    let corrupt = |e: ImageError| UploadError::Corrupt {
        found: name,
        detail: e.to_string(),
    };
    // `finish` words this with the limit for images like this one.
    let over = |_: ImageError| UploadError::TooManyPixels {
        width: header.width,
        height: header.height,
        max: limits.max_pixels,
    };
    let mut r = reader(bytes, header.format);
    r.limits(decode_limits(limits));
    let mut decoder = r.into_decoder().map_err(corrupt)?;
    let orientation = orientation(&mut decoder);
    // What `ImageReader::decode` does, which `into_decoder` leaves to us: the
    // pixel buffer counts against `max_alloc` before it is allocated.
    let mut rest = decode_limits(limits);
    rest.reserve(decoder.total_bytes()).map_err(over)?;
    decoder.set_limits(rest).map_err(over)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        e @ ImageError::Limits(_) => over(e),
        e => corrupt(e),
    })?;
    image.apply_orientation(orientation);
    Ok(image)
}

pub(crate) fn check_dimensions(
    width: u32,
    height: u32,
    limits: &UploadLimits,
) -> Result<(), UploadError> {
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

/// The most bytes an encoded file of `pixels` pixels of `color` may take.
/// Deflate falls back to stored blocks, so a PNG stays within its raw rows;
/// lossless WebP's Huffman codes average at most nine bits a sample; JPEG at
/// our quality stays under two bytes a pixel even for random noise.
pub(crate) fn file_bound(format: ImageFormat, pixels: u64, height: u32, color: ColorType) -> u64 {
    let raw = pixels * u64::from(color.bytes_per_pixel());
    FRAMING
        + match format {
            ImageFormat::Jpeg => pixels * 3,
            ImageFormat::Png => raw + u64::from(height) + raw / 1024,
            _ => pixels * 9 / 2,
        }
}

/// Encodes in the given output format (JPEG, PNG or lossless WebP).
pub(crate) fn encode(image: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, UploadError> {
    let pixels = u64::from(image.width()) * u64::from(image.height());
    let bound = file_bound(format, pixels, image.height(), image.color());
    let mut out = Vec::with_capacity(usize::try_from(bound).unwrap_or(usize::MAX));
    let mut w = Bounded {
        out: &mut out,
        max: bound,
    };
    let result = match format {
        ImageFormat::Jpeg => {
            let encoder = JpegEncoder::new_with_quality(&mut w, JPEG_QUALITY);
            match image {
                DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => {
                    image.write_with_encoder(encoder)
                }
                _ => DynamicImage::ImageRgb8(flatten(image)).write_with_encoder(encoder),
            }
        }
        ImageFormat::Png => write_png(image, &mut w),
        _ => {
            let encoder = WebPEncoder::new_lossless(&mut w);
            match image {
                DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => {
                    image.write_with_encoder(encoder)
                }
                _ if image.color().has_alpha() => {
                    DynamicImage::ImageRgba8(image.to_rgba8()).write_with_encoder(encoder)
                }
                _ => DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(encoder),
            }
        }
    };
    result.map_err(|e| UploadError::Encode {
        detail: e.to_string(),
    })?;
    out.shrink_to_fit();
    Ok(out)
}

/// A `Vec` that refuses to grow past `max`, so an encoder can never take
/// more than the estimate counted.
struct Bounded<'a> {
    out: &'a mut Vec<u8>,
    max: u64,
}

impl Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if (self.out.len() + buf.len()) as u64 > self.max {
            return Err(io::Error::other(
                "the re-encoded file is larger than its bound",
            ));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// PNG through `png`'s streaming writer: `image`'s encoder would hold the
/// whole compressed stream (and a big-endian copy of 16-bit pixels) before
/// writing any of it.
fn write_png(image: &DynamicImage, out: &mut impl Write) -> image::ImageResult<()> {
    use png::{BitDepth, ColorType as Png};
    let converted;
    let image = match image.color() {
        ColorType::L8
        | ColorType::La8
        | ColorType::Rgb8
        | ColorType::Rgba8
        | ColorType::L16
        | ColorType::La16
        | ColorType::Rgb16
        | ColorType::Rgba16 => image,
        _ => {
            converted = DynamicImage::ImageRgba8(image.to_rgba8());
            &converted
        }
    };
    let color = image.color();
    let (png_color, sixteen) = match color {
        ColorType::L8 => (Png::Grayscale, false),
        ColorType::La8 => (Png::GrayscaleAlpha, false),
        ColorType::Rgb8 => (Png::Rgb, false),
        ColorType::L16 => (Png::Grayscale, true),
        ColorType::La16 => (Png::GrayscaleAlpha, true),
        ColorType::Rgb16 => (Png::Rgb, true),
        ColorType::Rgba16 => (Png::Rgba, true),
        _ => (Png::Rgba, false),
    };
    let io = |e: png::EncodingError| ImageError::IoError(io::Error::other(e));
    let mut encoder = png::Encoder::new(out, image.width(), image.height());
    encoder.set_color(png_color);
    encoder.set_depth(if sixteen {
        BitDepth::Sixteen
    } else {
        BitDepth::Eight
    });
    encoder.set_compression(png::Compression::Balanced);
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder.write_header().map_err(io)?;
    let mut stream = writer.stream_writer_with_size(PNG_CHUNK).map_err(io)?;
    let row_len = image.width() as usize * usize::from(color.bytes_per_pixel());
    let mut big_endian = Vec::new();
    for row in image.as_bytes().chunks(row_len) {
        if sixteen {
            // Pixels are native-endian in memory; PNG wants big-endian.
            big_endian.clear();
            big_endian.extend(
                row.chunks_exact(2)
                    .flat_map(|s| u16::from_ne_bytes([s[0], s[1]]).to_be_bytes()),
            );
            stream.write_all(&big_endian)?;
        } else {
            stream.write_all(row)?;
        }
    }
    stream.finish().map_err(io)?;
    writer.finish().map_err(io)
}

/// RGB on white: JPEG has no alpha, and transparent pixels often hide black
/// (or leftover) colour that would show through.
fn flatten(image: &DynamicImage) -> RgbImage {
    let over = |[r, g, b, a]: [u8; 4]| {
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        Rgb([over(r), over(g), over(b)])
    };
    match image {
        DynamicImage::ImageRgba8(rgba) => RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
            over(rgba.get_pixel(x, y).0)
        }),
        _ if image.color().has_alpha() => {
            let rgba = image.to_rgba8();
            RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
                over(rgba.get_pixel(x, y).0)
            })
        }
        _ => image.to_rgb8(),
    }
}

/// `image` resized as `scale` says: the triangle filter for mild reductions,
/// box averaging (no scratch beyond the result) for the rest.
pub(crate) fn resize(image: &DynamicImage, scale: Scale) -> DynamicImage {
    if scale.filtered {
        image.resize_exact(scale.width, scale.height, FilterType::Triangle)
    } else {
        image.thumbnail_exact(scale.width, scale.height)
    }
}

/// The upright size the plan expects, checked against what was decoded.
pub(crate) fn matches_plan(image: &DynamicImage, plan: &Plan) -> bool {
    (image.width(), image.height()) == (plan.width, plan.height)
}

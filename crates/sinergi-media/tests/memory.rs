//! The heap an upload really takes, measured by counting every allocation
//! (dhat), against the estimate the budget reserves for it. Its own test
//! binary because the counting allocator is process-wide; one test, so no
//! other test allocates while it measures.
#![expect(
    clippy::unwrap_used,
    reason = "the image-building helpers are test code: a failure fails the test"
)]

use std::io::{Cursor, Write};

use image::{DynamicImage, ImageBuffer, ImageFormat, Luma, Rgb, RgbImage, Rgba, RgbaImage};
use sinergi_media::{UploadError, UploadLimits, check, process};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const MIB: u64 = 1 << 20;

/// The most heap `process` held beyond what was allocated before it.
fn measured(bytes: &[u8], name: &str, limits: &UploadLimits) -> (Result<(), UploadError>, u64) {
    let profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get().curr_bytes;
    let result = process(bytes, name, "", limits).map(drop);
    let peak = dhat::HeapStats::get().max_bytes.saturating_sub(before) as u64;
    drop(profiler);
    (result, peak)
}

fn black_png(side: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().unwrap();
    let mut stream = writer.stream_writer().unwrap();
    let row = vec![0u8; side as usize * 3];
    for _ in 0..side {
        stream.write_all(&row).unwrap();
    }
    stream.finish().unwrap();
    writer.finish().unwrap();
    out
}

fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn photo(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((x ^ y) % 256) as u8,
        ])
    })
}

/// Orientation 6 ("rotate 90°"), as phones write it.
fn rotated(jpeg: &[u8]) -> Vec<u8> {
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&6u16.to_le_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend(tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn uploads_take_no_more_heap_than_their_estimate() {
    // The bomb: 39.7 MP of black, refused from its header. Before
    // this check it was decoded and re-encoded, holding 276 MiB.
    let bomb = black_png(6300);
    let (result, peak) = measured(&bomb, "bom.png", &UploadLimits::default());
    assert!(
        matches!(result, Err(UploadError::TooManyPixels { .. })),
        "{result:?}"
    );
    assert!(peak < 2 * MIB, "refusing took {peak} bytes");

    // With a cap that lets it through, it takes what was estimated.
    let roomy = UploadLimits {
        max_image_memory: 300 * MIB,
        ..UploadLimits::default()
    };
    let mut cases = vec![("bom.png", bomb, roomy.clone())];
    let default = UploadLimits::default;
    cases.extend([
        (
            "foto.jpg",
            rotated(&encoded(&photo(3000, 2000).into(), ImageFormat::Jpeg)),
            default(),
        ),
        (
            "lebar.jpg",
            encoded(&photo(1800, 1200).into(), ImageFormat::Jpeg),
            default(),
        ),
        (
            "abu.jpg",
            encoded(
                &ImageBuffer::from_fn(2500, 1500, |x, y| Luma([(x ^ y) as u8])).into(),
                ImageFormat::Jpeg,
            ),
            default(),
        ),
        (
            "logo.png",
            encoded(
                &DynamicImage::ImageRgba8(RgbaImage::from_fn(2000, 1500, |x, y| {
                    Rgba([x as u8, y as u8, 90, (x / 8) as u8])
                })),
                ImageFormat::Png,
            ),
            default(),
        ),
        (
            "dalam.png",
            encoded(
                &DynamicImage::ImageRgb16(ImageBuffer::from_fn(1800, 1200, |x, y| {
                    Rgb([x as u16 * 36, y as u16 * 54, 7])
                })),
                ImageFormat::Png,
            ),
            default(),
        ),
        (
            "gambar.webp",
            encoded(&photo(1800, 1200).into(), ImageFormat::WebP),
            default(),
        ),
    ]);
    for (name, bytes, limits) in &cases {
        let estimate = check(bytes, name, "", limits).unwrap().peak_bytes();
        let (result, peak) = measured(bytes, name, limits);
        assert!(result.is_ok(), "{name}: {result:?}");
        assert!(
            peak <= estimate && estimate <= limits.max_image_memory,
            "{name}: took {} KiB, estimated {} KiB",
            peak >> 10,
            estimate >> 10
        );
    }
}

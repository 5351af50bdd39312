use std::io::Cursor;

use std::io::Write;

use image::{DynamicImage, GenericImageView, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

use super::*;
use crate::blobs::sha256_hex;

pub(super) fn photo(w: u32, h: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
        Rgb([
            (x * 255 / w.max(1)) as u8,
            (y * 255 / h.max(1)) as u8,
            ((x + y) % 256) as u8,
        ])
    }))
}

pub(super) fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

pub(super) fn ok(bytes: &[u8], name: &str, declared: &str) -> Processed {
    process(bytes, name, declared, &UploadLimits::default()).unwrap()
}

pub(super) fn err(bytes: &[u8], name: &str, declared: &str) -> UploadError {
    process(bytes, name, declared, &UploadLimits::default()).unwrap_err()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// CRC-32 (IEEE), bit by bit: enough for a few PNG chunks.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub(super) fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    c.extend_from_slice(&body);
    c.extend_from_slice(&crc32(&body).to_be_bytes());
    c
}

/// A valid-looking PNG of a few dozen bytes whose header claims `w`×`h` RGB.
pub(super) fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    // A zlib stream of a few zero bytes: real bombs compress gigabytes into this.
    png.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    ));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

/// A real decompression bomb: a `side` × `side` all-black RGB PNG, a few
/// hundred kilobytes at most (about 100 KB for 6300 × 6300) that decodes to
/// `side² × 3` bytes. Streamed row by row, so making it allocates one row.
pub(super) fn black_png(side: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
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

/// A baseline JPEG whose frame header claims `w` × `h`: enough for every
/// check before decoding (the scan itself is that of a 16 × 16 image).
pub(super) fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut jpeg = encoded(&photo(16, 16), ImageFormat::Jpeg);
    let sof = jpeg.windows(2).position(|m| m == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    jpeg
}

/// An EXIF APP1 segment with Orientation = `orientation` and a description
/// standing in for the GPS position and camera serial EXIF usually carries.
fn exif_app1(orientation: u16) -> Vec<u8> {
    let secret = b"SECRET-GPS-LOCATION\0";
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    // 0x010E ImageDescription, ASCII, stored after the IFD (8 + 2 + 24 + 4).
    tiff.extend_from_slice(&0x010Eu16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&(secret.len() as u32).to_le_bytes());
    tiff.extend_from_slice(&38u32.to_le_bytes());
    // 0x0112 Orientation, SHORT, inline.
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&orientation.to_le_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(secret);
    let mut seg = vec![0xFF, 0xE1];
    seg.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    seg.extend_from_slice(b"Exif\0\0");
    seg.extend(tiff);
    seg
}

pub(super) fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_app1(orientation));
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn png_stays_png_with_a_jpeg_thumbnail() {
    let png = encoded(&photo(1000, 500), ImageFormat::Png);
    let p = ok(&png, "grafik.PNG", "image/png");
    assert_eq!(
        (p.kind, p.mime, p.extension),
        (Kind::Image, "image/png", "png")
    );
    assert_eq!((p.width, p.height), (Some(1000), Some(500)));
    assert_eq!(image::guess_format(&p.bytes).unwrap(), ImageFormat::Png);
    assert_eq!(p.sha256, sha256_hex(&p.bytes));
    let thumb = p.thumbnail.as_deref().unwrap();
    assert_eq!(image::guess_format(thumb).unwrap(), ImageFormat::Jpeg);
    assert_eq!(
        image::load_from_memory(thumb).unwrap().dimensions(),
        (480, 240)
    );
    assert_eq!(p.display, None, "1000 px is narrower than 1600");
    assert_eq!(p.display_bytes(), Some(&p.bytes[..]));
}

#[test]
fn wide_images_get_a_display_copy_in_their_own_format() {
    let limits = UploadLimits {
        display_max_width: 600,
        ..UploadLimits::default()
    };
    let jpeg = encoded(&photo(1200, 800), ImageFormat::Jpeg);
    let p = process(&jpeg, "foto.jpeg", "image/jpeg", &limits).unwrap();
    assert_eq!((p.mime, p.extension), ("image/jpeg", "jpg"));
    let display = p.display.as_deref().unwrap();
    assert_eq!(image::guess_format(display).unwrap(), ImageFormat::Jpeg);
    assert_eq!(
        image::load_from_memory(display).unwrap().dimensions(),
        (600, 400)
    );
    assert_eq!(
        image::load_from_memory(&p.bytes).unwrap().dimensions(),
        (1200, 800)
    );
}

#[test]
fn small_images_are_not_scaled_up() {
    let p = ok(&encoded(&photo(100, 60), ImageFormat::Png), "kecil.png", "");
    let thumb = image::load_from_memory(p.thumbnail.as_deref().unwrap()).unwrap();
    assert_eq!(thumb.dimensions(), (100, 60));
}

#[test]
fn webp_is_re_encoded_as_lossless_webp() {
    let webp = encoded(&photo(64, 32), ImageFormat::WebP);
    let p = ok(&webp, "gambar.webp", "image/webp");
    assert_eq!((p.mime, p.extension), ("image/webp", "webp"));
    assert_eq!(image::guess_format(&p.bytes).unwrap(), ImageFormat::WebP);
    let back = image::load_from_memory(&p.bytes).unwrap();
    assert_eq!(back.to_rgb8(), photo(64, 32).to_rgb8(), "lossless");
}

#[test]
fn transparent_pixels_become_white_in_the_jpeg_thumbnail() {
    let clear = DynamicImage::ImageRgba8(RgbaImage::from_pixel(16, 16, Rgba([0, 0, 0, 0])));
    let p = ok(&encoded(&clear, ImageFormat::Png), "logo.png", "image/png");
    let thumb = image::load_from_memory(p.thumbnail.as_deref().unwrap())
        .unwrap()
        .to_rgb8();
    assert!(
        thumb.pixels().all(|px| px.0.iter().all(|&c| c > 245)),
        "{:?}",
        thumb.get_pixel(0, 0)
    );
    // The PNG itself keeps its alpha.
    assert!(
        image::load_from_memory(&p.bytes)
            .unwrap()
            .color()
            .has_alpha()
    );
}

#[test]
fn exif_is_dropped_after_its_rotation_is_applied() {
    let jpeg = with_exif(&encoded(&photo(40, 20), ImageFormat::Jpeg), 6);
    assert!(contains(&jpeg, b"SECRET-GPS-LOCATION"));
    let p = ok(&jpeg, "IMG_0001.JPG", "image/jpeg");
    assert!(!contains(&p.bytes, b"SECRET-GPS"));
    assert!(!contains(&p.bytes, b"Exif"));
    assert!(!contains(p.thumbnail.as_deref().unwrap(), b"Exif"));
    // Orientation 6 is "rotate 90° clockwise": the stored image is upright.
    assert_eq!((p.width, p.height), (Some(20), Some(40)));
    assert_eq!(
        image::load_from_memory(&p.bytes).unwrap().dimensions(),
        (20, 40)
    );
}

#[test]
fn png_text_chunks_are_dropped() {
    let png = encoded(&photo(8, 8), ImageFormat::Png);
    let iend = png.len() - 12;
    let mut tagged = png[..iend].to_vec();
    tagged.extend(png_chunk(b"tEXt", b"Comment\0SECRET-AUTHOR"));
    tagged.extend_from_slice(&png[iend..]);
    assert!(
        ok(&tagged, "a.png", "image/png")
            .bytes
            .windows(13)
            .all(|w| w != b"SECRET-AUTHOR")
    );
}

#[test]
fn a_zip_glued_after_a_jpeg_is_not_kept() {
    let mut polyglot = encoded(&photo(32, 32), ImageFormat::Jpeg);
    polyglot.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00payload.exe....PK\x05\x06\0\0\0\0");
    let p = ok(&polyglot, "foto.jpg", "image/jpeg");
    assert!(!contains(&p.bytes, b"PK\x03\x04"));
    assert!(!contains(&p.bytes, b"payload"));
    assert_eq!(image::guess_format(&p.bytes).unwrap(), ImageFormat::Jpeg);
}

#[test]
fn a_png_bomb_is_refused_from_its_header() {
    let bomb = png_bomb(100_000, 100_000);
    assert!(bomb.len() < 100);
    assert_eq!(
        err(&bomb, "bom.png", "image/png"),
        UploadError::DimensionTooLarge {
            width: 100_000,
            height: 100_000,
            max: 12_000
        }
    );
    // Within the side limit but 100 megapixels.
    assert_eq!(
        err(&png_bomb(10_000, 10_000), "bom.png", "image/png"),
        UploadError::TooManyPixels {
            width: 10_000,
            height: 10_000,
            max: 40_000_000
        }
    );
}

#[test]
fn pixel_limits_are_configurable() {
    let limits = UploadLimits {
        max_pixels: 100,
        ..UploadLimits::default()
    };
    let png = encoded(&photo(20, 20), ImageFormat::Png);
    assert_eq!(
        process(&png, "a.png", "image/png", &limits).unwrap_err(),
        UploadError::TooManyPixels {
            width: 20,
            height: 20,
            max: 100
        }
    );
    let limits = UploadLimits {
        max_dimension: 10,
        ..UploadLimits::default()
    };
    assert!(matches!(
        process(&png, "a.png", "image/png", &limits),
        Err(UploadError::DimensionTooLarge { max: 10, .. })
    ));
}

#[test]
fn truncated_and_damaged_images_are_corrupt() {
    let jpeg = encoded(&photo(64, 64), ImageFormat::Jpeg);
    // The decoder would fill a cut-off scan with grey; we refuse it instead.
    for cut in [4, 20, 200, jpeg.len() * 6 / 10, jpeg.len() - 2] {
        let e = err(&jpeg[..cut], "foto.jpg", "image/jpeg");
        assert!(
            matches!(e, UploadError::Corrupt { found: "JPEG", .. }),
            "cut at {cut}: {e:?}"
        );
    }
    let png = encoded(&photo(64, 64), ImageFormat::Png);
    let e = err(&png[..png.len() / 2], "a.png", "image/png");
    assert!(
        matches!(e, UploadError::Corrupt { found: "PNG", .. }),
        "{e:?}"
    );
    let mut bad_crc = png.clone();
    bad_crc[20] ^= 0xFF;
    assert!(matches!(
        err(&bad_crc, "a.png", ""),
        UploadError::Corrupt { .. }
    ));
    assert!(matches!(
        err(b"RIFF\0\0\0\0WEBPVP8 ", "a.webp", ""),
        UploadError::Corrupt { .. }
    ));
    let webp = encoded(&photo(64, 64), ImageFormat::WebP);
    let e = err(&webp[..webp.len() * 9 / 10], "a.webp", "");
    assert!(
        matches!(e, UploadError::Corrupt { found: "WebP", .. }),
        "{e:?}"
    );
}

#[test]
fn markup_and_programs_named_as_images_are_refused() {
    let svg =
        b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
    assert_eq!(
        err(svg, "logo.png", "image/png"),
        UploadError::Disallowed { found: "SVG" }
    );
    assert_eq!(
        err(svg, "logo.svg", "image/svg+xml"),
        UploadError::Disallowed { found: "SVG" }
    );
    let html = b"\xEF\xBB\xBF  <!DOCTYPE html><script>alert(1)</script>";
    assert_eq!(
        err(html, "foto.jpg", "image/jpeg"),
        UploadError::Disallowed { found: "HTML" }
    );
    assert_eq!(
        err(b"<p>hai</p>", "catatan.txt", "text/plain"),
        UploadError::Disallowed { found: "HTML" }
    );
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF";
    assert_eq!(
        err(exe, "foto.jpg", "image/jpeg"),
        UploadError::Disallowed {
            found: "EXE (program)"
        }
    );
    assert_eq!(
        err(b"\x7FELF\x02\x01\x01", "a.png", ""),
        UploadError::Disallowed {
            found: "ELF (program)"
        }
    );
    assert_eq!(
        err(b"GIF89a\x01\x00\x01\x00", "a.gif", ""),
        UploadError::Disallowed { found: "GIF" }
    );
    assert_eq!(
        err(b"\x00\x01\x02\x03binary", "a.png", ""),
        UploadError::Unknown
    );
}

#[test]
fn content_disagreeing_with_name_or_type_is_disguised() {
    let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    assert_eq!(
        err(pdf, "photo.png", "image/png"),
        UploadError::Disguised {
            found: "PDF",
            declared: ".png".into()
        }
    );
    assert_eq!(
        err(pdf, "laporan.pdf", "image/png"),
        UploadError::Disguised {
            found: "PDF",
            declared: "image/png".into()
        }
    );
    let png = encoded(&photo(4, 4), ImageFormat::Png);
    assert_eq!(
        err(&png, "foto.jpg", ""),
        UploadError::Disguised {
            found: "PNG",
            declared: ".jpg".into()
        }
    );
    assert_eq!(
        err(&png, "foto.png.exe", ""),
        UploadError::Disguised {
            found: "PNG",
            declared: ".exe".into()
        }
    );
    assert_eq!(
        err(b"a,b\n", "data.html", ""),
        UploadError::Disguised {
            found: "text",
            declared: ".html".into()
        }
    );
}

#[test]
fn pdfs_and_text_are_kept_as_they_are() {
    let pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
    let p = ok(pdf, "Siaran Pers.PDF", "application/pdf; name=x");
    assert_eq!(
        (p.kind, p.mime, p.extension),
        (Kind::Attachment, "application/pdf", "pdf")
    );
    assert_eq!(p.bytes, pdf);
    assert_eq!(
        (p.width, p.thumbnail.as_ref(), p.display_bytes()),
        (None, None, None)
    );
    assert_eq!(p.sha256, sha256_hex(pdf));

    let csv = "kabupaten,jumlah\nBandung,12\nCianjur,7\n".as_bytes();
    let p = ok(csv, "data.csv", "application/vnd.ms-excel");
    assert_eq!((p.mime, p.extension), ("text/csv; charset=utf-8", "csv"));
    let p = ok(
        "Catatan rapat — ringkas.\n".as_bytes(),
        "catatan.txt",
        "text/plain",
    );
    assert_eq!((p.mime, p.extension), ("text/plain; charset=utf-8", "txt"));
    let p = ok(b"a,b\n", "tanpa-ekstensi", "text/csv");
    assert_eq!(p.extension, "csv");
    assert_eq!(ok(b"halo", "", "").extension, "txt");
}

#[test]
fn text_that_is_not_utf8_or_has_nul_is_refused() {
    let latin1 = b"kota,caf\xE9\nBandung,1\n";
    assert_eq!(
        err(latin1, "data.csv", "text/csv"),
        UploadError::TextNotUtf8
    );
    assert_eq!(err(latin1, "data.bin", ""), UploadError::Unknown);
    assert_eq!(
        err(b"a,b\0c\n", "data.csv", "text/csv"),
        UploadError::Unknown
    );
}

#[test]
fn size_limits_come_first() {
    assert_eq!(err(b"", "a.png", "image/png"), UploadError::Empty);
    let big = vec![b'a'; 12_897_485];
    let e = err(&big, "besar.txt", "text/plain");
    assert_eq!(
        e,
        UploadError::TooLarge {
            size: 12_897_485,
            max: 10 * 1024 * 1024
        }
    );
    assert_eq!(
        e.message("id"),
        "Berkas terlalu besar: 12,3 MB; batasnya 10 MB."
    );
    assert_eq!(
        e.message("en"),
        "File too large: 12.3 MB; the limit is 10 MB."
    );
    let just_over = UploadError::TooLarge {
        size: 10 * 1024 * 1024 + 1,
        max: 10 * 1024 * 1024,
    };
    assert_eq!(
        just_over.message("id"),
        "Berkas terlalu besar: 10,1 MB; batasnya 10 MB."
    );
    let small = UploadError::TooLarge {
        size: 1536,
        max: 1024,
    };
    assert_eq!(
        small.message("en"),
        "File too large: 1.5 KB; the limit is 1 KB."
    );
}

#[test]
fn every_error_has_a_message_in_both_languages() {
    let all = [
        UploadError::Empty,
        UploadError::TooLarge { size: 2, max: 1 },
        UploadError::Disallowed { found: "SVG" },
        UploadError::Unknown,
        UploadError::TextNotUtf8,
        UploadError::Disguised {
            found: "PDF",
            declared: ".png".into(),
        },
        UploadError::DimensionTooLarge {
            width: 100_000,
            height: 10,
            max: 12_000,
        },
        UploadError::TooManyPixels {
            width: 10_000,
            height: 10_000,
            max: 40_000_000,
        },
        UploadError::Corrupt {
            found: "JPEG",
            detail: "unexpected EOF".into(),
        },
        UploadError::Encode { detail: "x".into() },
    ];
    for e in &all {
        let (id, en) = (e.message("id"), e.message("en"));
        assert!(!id.is_empty() && !en.is_empty() && id != en, "{e:?}");
        assert!(id.ends_with('.') && en.ends_with('.'), "{id} / {en}");
        assert_eq!(e.message("id-ID"), id);
        assert_eq!(e.message("fr"), en);
        assert!(!e.to_string().is_empty());
    }
    assert_eq!(
        all[5].message("id"),
        "Isi berkas adalah PDF, tetapi nama atau jenisnya menyebut .png. Ubah nama berkas sesuai isinya."
    );
    assert_eq!(
        all[7].message("id"),
        "Gambar terlalu besar: 10000×10000 piksel (100 megapiksel); batasnya 40 megapiksel."
    );
    assert!(
        !all[8].message("en").contains("EOF"),
        "technical detail is for logs only"
    );
    assert!(all[8].to_string().contains("EOF"));
}

#[test]
fn extensions_and_declared_types_are_read_loosely() {
    assert_eq!(extension_of("Foto.Final.PNG").as_deref(), Some("png"));
    assert_eq!(
        extension_of("C:\\Users\\a\\foto.jpeg").as_deref(),
        Some("jpeg")
    );
    assert_eq!(extension_of("folder.v2/berkas"), None);
    assert_eq!(extension_of(".png"), None);
    assert_eq!(extension_of("titik."), None);
    assert_eq!(
        media_type_of(" Image/PNG ; q=1").as_deref(),
        Some("image/png")
    );
    assert_eq!(media_type_of("application/octet-stream"), None);
    assert_eq!(media_type_of(""), None);
}

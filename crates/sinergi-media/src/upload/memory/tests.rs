use image::{DynamicImage, GenericImageView, ImageFormat, Rgba, RgbaImage};

use super::super::jpeg;

use super::super::tests::{black_png, encoded, err, jpeg_claiming, ok, photo, png_bomb, with_exif};
use super::super::*;
use super::scale_to;

const MIB: u64 = 1 << 20;

fn peak(bytes: &[u8], name: &str, limits: &UploadLimits) -> u64 {
    check(bytes, name, "", limits).unwrap().peak_bytes()
}

fn unlimited() -> UploadLimits {
    UploadLimits {
        max_image_memory: u64::MAX,
        ..UploadLimits::default()
    }
}

#[test]
fn a_decompression_bomb_within_the_pixel_limit_is_refused_for_its_memory() {
    // 116 KB in the issue; 39.7 megapixels, under the 40 MP pixel limit, but
    // 119 MB once decoded, and as much again for the re-encoded file's bound.
    let bomb = black_png(6300);
    assert!(bomb.len() < 300_000, "{} bytes", bomb.len());
    let e = err(&bomb, "bom.png", "image/png");
    let UploadError::TooManyPixels { width, height, max } = e else {
        panic!("{e:?}");
    };
    assert_eq!((width, height), (6300, 6300));
    assert!(
        (20_000_000..39_690_000).contains(&max),
        "the limit for RGB PNGs at the default cap, not the pixel limit: {max}"
    );
    assert!(
        e.message("en")
            .starts_with("Image too large: 6300×6300 pixels (39.7 megapixels); the limit is ")
    );
    assert!(
        e.message("id")
            .starts_with("Gambar terlalu besar: 6300×6300 piksel (39,7 megapiksel); batasnya ")
    );
    // The refusal comes from the header: the estimate says why.
    assert!(peak(&bomb, "bom.png", &unlimited()) > UploadLimits::default().max_image_memory);
}

#[test]
fn a_bomb_that_fits_the_cap_is_processed() {
    let bomb = black_png(3000);
    let p = ok(&bomb, "hitam.png", "image/png");
    assert_eq!((p.width, p.height), (Some(3000), Some(3000)));
    let display = image::load_from_memory(p.display.as_deref().unwrap()).unwrap();
    assert_eq!(display.dimensions(), (1600, 1600));
    assert!(display.to_rgb8().pixels().all(|px| px.0 == [0, 0, 0]));
    let thumb = image::load_from_memory(p.thumbnail.as_deref().unwrap()).unwrap();
    assert_eq!(thumb.dimensions(), (480, 480));
}

#[test]
fn the_per_image_cap_is_configurable() {
    let png = encoded(&photo(1000, 1000), ImageFormat::Png);
    let small = UploadLimits {
        max_image_memory: 8 * MIB,
        ..UploadLimits::default()
    };
    let e = process(&png, "a.png", "image/png", &small).unwrap_err();
    assert!(
        matches!(e, UploadError::TooManyPixels { width: 1000, height: 1000, max } if max < 1_000_000),
        "{e:?}"
    );
    assert!(process(&png, "a.png", "image/png", &UploadLimits::default()).is_ok());
}

#[test]
fn camera_and_phone_photos_fit_the_default_cap() {
    let cap = UploadLimits::default().max_image_memory;
    // A 24 MP camera JPEG and a 12 MP phone one, by their headers.
    let camera = peak(
        &jpeg_claiming(6000, 4000),
        "DSC_0001.JPG",
        &UploadLimits::default(),
    );
    let phone = peak(
        &jpeg_claiming(4032, 3024),
        "IMG_0001.JPG",
        &UploadLimits::default(),
    );
    assert!(camera <= cap && phone < camera, "{camera} {phone}");
    // Decoded pixels and the file's bound, and not much more.
    assert!(camera < 6000 * 4000 * 3 * 2 + 24 * MIB, "{camera}");
    // Two of the big ones do not fit the default budget together; a phone
    // photo fits beside a camera one.
    let budget = u64::from(DEFAULT_BUDGET_MIB) * MIB;
    assert!(2 * camera > budget && camera + phone <= budget + 16 * MIB);
    // A 48 MP phone shot is still refused by the pixel limit.
    assert!(matches!(
        err(&jpeg_claiming(8000, 6000), "a.jpg", ""),
        UploadError::TooManyPixels {
            max: 40_000_000,
            ..
        }
    ));
}

#[test]
fn the_estimate_reads_rotation_and_progressive_layout_from_the_header() {
    let jpeg = jpeg_claiming(4000, 3000);
    let plain = peak(&jpeg, "a.jpg", &unlimited());
    // A quarter turn briefly holds a second copy... but only when that is
    // more than the re-encoding, which it is not; it swaps the plan's sides.
    let turned = with_exif(&jpeg, 6);
    let c = check(&turned, "a.jpg", "", &unlimited()).unwrap();
    let (_, plan) = c.image.unwrap();
    assert_eq!((plan.width, plan.height), (3000, 4000));
    assert!(
        plan.display
            .is_some_and(|d| (d.width, d.height) == (1600, 2133))
    );
    assert!(c.peak_bytes() >= plain);
    // Progressive (SOF2): the decoder keeps every coefficient, 2 bytes a
    // sample, at the components' sampling (at least 4:2:2 here).
    let mut progressive = jpeg.clone();
    let sof = progressive
        .windows(2)
        .position(|m| m == [0xFF, 0xC0])
        .unwrap();
    progressive[sof + 1] = 0xC2;
    let layout = jpeg::layout(&progressive).unwrap();
    assert!(
        layout.coefficient_bytes >= 4000 * 3000 * 2 * 2,
        "{layout:?}"
    );
    assert_eq!(jpeg::layout(&jpeg).unwrap().coefficient_bytes, 0);
    assert!(peak(&progressive, "a.jpg", &unlimited()) > plain);
}

#[test]
fn mild_reductions_are_filtered_and_large_ones_averaged() {
    // 1800 → 1600: the triangle filter; its scratch is 16 bytes a pixel.
    assert_eq!(
        scale_to(1800, 1200, 1600),
        Some(super::Scale {
            width: 1600,
            height: 1067,
            filtered: true
        })
    );
    // By half or more: box averaging, no scratch.
    assert!(!scale_to(4032, 3024, 1600).unwrap().filtered);
    // A tall infographic just over the width would need 300 MB of scratch.
    assert!(!scale_to(1700, 12_000, 1600).unwrap().filtered);
    assert_eq!(scale_to(1600, 900, 1600), None);
}

#[test]
fn ordinary_images_still_come_out_right() {
    // A mild reduction (filtered) and a large one (averaged), a rotated
    // phone photo, and transparency: sizes as before.
    let p = ok(
        &encoded(&photo(1800, 1200), ImageFormat::Jpeg),
        "a.jpg",
        "image/jpeg",
    );
    let display = image::load_from_memory(p.display.as_deref().unwrap()).unwrap();
    assert_eq!(display.dimensions(), (1600, 1067));
    let p = ok(&encoded(&photo(3400, 1700), ImageFormat::Png), "a.png", "");
    let display = image::load_from_memory(p.display.as_deref().unwrap()).unwrap();
    assert_eq!(display.dimensions(), (1600, 800));
    // Averaging keeps a gradient a gradient.
    let rgb = display.to_rgb8();
    assert!(rgb.get_pixel(0, 400)[0] < 10 && rgb.get_pixel(1599, 400)[0] > 245);
    let thumb = image::load_from_memory(p.thumbnail.as_deref().unwrap()).unwrap();
    assert_eq!(thumb.dimensions(), (480, 240));

    let turned = with_exif(&encoded(&photo(2400, 1600), ImageFormat::Jpeg), 6);
    let p = ok(&turned, "IMG.JPG", "image/jpeg");
    assert_eq!((p.width, p.height), (Some(1600), Some(2400)));
    assert_eq!(p.display, None);
    let thumb = image::load_from_memory(p.thumbnail.as_deref().unwrap()).unwrap();
    assert_eq!(thumb.dimensions(), (480, 720));

    let logo = DynamicImage::ImageRgba8(RgbaImage::from_pixel(2000, 500, Rgba([200, 0, 0, 128])));
    let p = ok(&encoded(&logo, ImageFormat::Png), "logo.png", "image/png");
    let display = image::load_from_memory(p.display.as_deref().unwrap()).unwrap();
    let px = display.get_pixel(10, 10).0;
    assert!(
        px[0].abs_diff(200) <= 1 && px[1] == 0 && px[3].abs_diff(128) <= 1,
        "{px:?}"
    );
}

#[test]
fn a_header_that_claims_the_impossible_is_still_refused_first() {
    assert!(matches!(
        err(&png_bomb(100_000, 100_000), "bom.png", ""),
        UploadError::DimensionTooLarge { .. }
    ));
}

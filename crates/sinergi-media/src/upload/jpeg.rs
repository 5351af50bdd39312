//! What a JPEG's segments say before its scan is decoded: whether the file
//! is complete, and how the decoder will have to hold it in memory.

/// From the frame header (SOF) and the first scan header (SOS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JpegLayout {
    /// Bytes of DCT coefficients the decoder keeps for the whole image: a
    /// progressive file, or a baseline one whose first scan leaves
    /// components for later scans, is held as an `i16` per sample of every
    /// component (at its own sampling, padded to whole MCUs) until the last
    /// scan. 0 when the decoder needs only a row of blocks at a time.
    pub coefficient_bytes: u64,
}

/// Whether a JPEG's end-of-image marker follows its first scan. Walking the
/// segments skips APP1, whose embedded EXIF thumbnail has an end marker of
/// its own; inside scan data a literal 0xFF is always stuffed as `FF 00`.
pub(crate) fn has_end(b: &[u8]) -> bool {
    let mut end = false;
    walk(b, |marker, _, rest| {
        if marker == 0xDA {
            end = rest.windows(2).any(|w| w == [0xFF, 0xD9]);
        }
    });
    end
}

/// The layout, or `None` when the segments before the first scan do not
/// hold a frame and a scan header (the decoder then refuses the file).
pub(crate) fn layout(b: &[u8]) -> Option<JpegLayout> {
    let (mut frame, mut first_scan) = (None, None);
    walk(b, |marker, segment, _| match marker {
        // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
        0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
            frame = Frame::parse(segment, matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE));
        }
        0xDA => first_scan = segment.first().copied(),
        _ => {}
    });
    let frame = frame?;
    let whole_image = frame.progressive || usize::from(first_scan?) < frame.sampling.len();
    if !whole_image {
        return Some(JpegLayout {
            coefficient_bytes: 0,
        });
    }
    // As the decoder lays them out: MCUs of 8·Hmax × 8·Vmax pixels, each
    // holding h × v blocks of 64 coefficients of a component.
    let h_max = frame.sampling.iter().map(|s| s.0).max()?.max(1);
    let v_max = frame.sampling.iter().map(|s| s.1).max()?.max(1);
    let mcus_x = u64::from(frame.width.div_ceil(8 * u32::from(h_max)));
    let mcus_y = u64::from(frame.height.div_ceil(8 * u32::from(v_max)));
    let blocks: u64 = frame
        .sampling
        .iter()
        .map(|&(h, v)| u64::from(h.max(1)) * u64::from(v.max(1)))
        .sum();
    Some(JpegLayout {
        coefficient_bytes: mcus_x * mcus_y * blocks * 64 * 2,
    })
}

struct Frame {
    progressive: bool,
    width: u32,
    height: u32,
    /// Horizontal and vertical sampling factor of each component.
    sampling: Vec<(u8, u8)>,
}

impl Frame {
    /// P, Y, X, Nf, then three bytes a component: id, H << 4 | V, table.
    fn parse(s: &[u8], progressive: bool) -> Option<Frame> {
        let height = u32::from(u16::from_be_bytes([*s.get(1)?, *s.get(2)?]));
        let width = u32::from(u16::from_be_bytes([*s.get(3)?, *s.get(4)?]));
        let count = usize::from(*s.get(5)?);
        let sampling = s
            .get(6..6 + 3 * count)?
            .chunks_exact(3)
            .map(|c| (c[1] >> 4, c[1] & 0x0F))
            .collect();
        Some(Frame {
            progressive,
            width,
            height,
            sampling,
        })
    }
}

/// Calls `visit(marker, segment body, bytes after the segment)` for each
/// segment up to and including the first scan header (SOS), where the
/// entropy-coded data begins and the walk stops.
fn walk(b: &[u8], mut visit: impl FnMut(u8, &[u8], &[u8])) {
    let mut pos = 2;
    while pos + 4 <= b.len() {
        if b[pos] != 0xFF {
            return;
        }
        let marker = b[pos + 1];
        if marker == 0xFF {
            pos += 1; // fill byte
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[pos + 2], b[pos + 3]]));
        let body_end = (pos + 2 + len).min(b.len());
        let body = b.get(pos + 4..body_end).unwrap_or(&[]);
        visit(marker, body, &b[body_end..]);
        if marker == 0xDA {
            return;
        }
        pos += 2 + len;
    }
}

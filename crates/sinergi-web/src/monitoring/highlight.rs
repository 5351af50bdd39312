//! Marking the shared passages in a text: byte ranges become runs of
//! plain and marked text for the template (which escapes both).

/// A run of text, marked or not.
pub struct Run {
    pub text: String,
    pub marked: bool,
}

/// `text` cut into runs at `ranges` (merged, clipped, on char boundaries).
pub fn runs(text: &str, ranges: &[(usize, usize)]) -> Vec<Run> {
    let mut ranges: Vec<(usize, usize)> = ranges
        .iter()
        .map(|(a, b)| ((*a).min(text.len()), (*b).min(text.len())))
        .filter(|(a, b)| a < b && text.is_char_boundary(*a) && text.is_char_boundary(*b))
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    for (a, b) in merged {
        if a > at {
            out.push(Run {
                text: text[at..a].to_owned(),
                marked: false,
            });
        }
        out.push(Run {
            text: text[a..b].to_owned(),
            marked: true,
        });
        at = b;
    }
    if at < text.len() {
        out.push(Run {
            text: text[at..].to_owned(),
            marked: false,
        });
    }
    out
}

/// The first passages of an article, each with a little context: what a
/// listing shows so the reader sees why it matched.
pub fn excerpts(text: &str, ranges: &[(usize, usize)], how_many: usize) -> Vec<Vec<Run>> {
    const CONTEXT: usize = 60;
    let mut sorted: Vec<(usize, usize)> = ranges.to_vec();
    sorted.sort_unstable_by_key(|r| std::cmp::Reverse(r.1.saturating_sub(r.0)));
    sorted
        .into_iter()
        .take(how_many)
        .filter(|(a, b)| *b <= text.len() && text.is_char_boundary(*a) && text.is_char_boundary(*b))
        .map(|(a, b)| {
            let mut from = a.saturating_sub(CONTEXT);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let mut to = (b + CONTEXT).min(text.len());
            while !text.is_char_boundary(to) {
                to += 1;
            }
            let mut runs = Vec::new();
            runs.push(Run {
                text: format!("{}{}", if from > 0 { "…" } else { "" }, &text[from..a]),
                marked: false,
            });
            runs.push(Run {
                text: text[a..b].to_owned(),
                marked: true,
            });
            runs.push(Run {
                text: format!("{}{}", &text[b..to], if to < text.len() { "…" } else { "" }),
                marked: false,
            });
            runs
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_ranges_merge_and_bad_ones_are_dropped() {
        let t = "Jembatan é baru diresmikan";
        let r = runs(t, &[(0, 8), (4, 11), (9, 10), (30, 40)]);
        let marked: Vec<_> = r
            .iter()
            .filter(|r| r.marked)
            .map(|r| r.text.as_str())
            .collect();
        // 9..10 falls inside "é" and is dropped; 0..8 and 4..11 merge.
        assert_eq!(marked, ["Jembatan é"]);
        assert_eq!(r.iter().map(|r| r.text.as_str()).collect::<String>(), t);
        let e = excerpts(t, &[(12, 16)], 2);
        assert_eq!(e[0][1].text, "baru");
    }
}

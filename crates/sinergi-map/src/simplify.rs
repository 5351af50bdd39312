//! Douglas–Peucker line simplification and ring area, written here because the
//! crates that offer it (`geo`) bring a large dependency tree for 40 lines of code.

pub type Point = [f64; 2];

/// Keeps the points of `points` needed so that no dropped point lies farther than
/// `tolerance` from the simplified line. The first and last point are always kept.
pub fn douglas_peucker(points: &[Point], tolerance: f64) -> Vec<Point> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    // An explicit stack: a coastline of thousands of points must not recurse that deep.
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((first, last)) = stack.pop() {
        let mut farthest = (0.0, 0);
        for (i, p) in points.iter().enumerate().take(last).skip(first + 1) {
            let d = distance_to_segment(*p, points[first], points[last]);
            if d > farthest.0 {
                farthest = (d, i);
            }
        }
        if farthest.0 > tolerance {
            keep[farthest.1] = true;
            stack.push((first, farthest.1));
            stack.push((farthest.1, last));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// Distance from `p` to the line through `a` and `b` (to `a` itself when they coincide,
/// which is the case for a closed ring's first and last point).
fn distance_to_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let length = dx.hypot(dy);
    if length == 0.0 {
        return (p[0] - a[0]).hypot(p[1] - a[1]);
    }
    (dy * (p[0] - a[0]) - dx * (p[1] - a[1])).abs() / length
}

/// Unsigned area of a ring (shoelace formula).
pub fn ring_area(ring: &[Point]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (p, q) = (ring[i], ring[(i + 1) % n]);
            p[0] * q[1] - q[0] * p[1]
        })
        .sum::<f64>()
        .abs()
        / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_points_within_tolerance_and_keeps_corners() {
        let line = [[0.0, 0.0], [1.0, 0.1], [2.0, -0.1], [3.0, 5.0], [4.0, 6.0]];
        assert_eq!(
            douglas_peucker(&line, 0.5),
            vec![[0.0, 0.0], [2.0, -0.1], [3.0, 5.0], [4.0, 6.0]]
        );
        assert_eq!(douglas_peucker(&line, 100.0), vec![[0.0, 0.0], [4.0, 6.0]]);
    }

    #[test]
    fn closed_ring_keeps_its_far_side() {
        let square = [
            [0.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ];
        let simplified = douglas_peucker(&square, 1.0);
        assert_eq!(simplified.len(), 5, "{simplified:?}");
        assert_eq!(ring_area(&simplified), 100.0);
    }
}

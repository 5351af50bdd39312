//! robots.txt (RFC 9309), as far as a feed reader needs it: the group for
//! our product token or else `*`, `Allow` and `Disallow` rules with `*`
//! and `$`, the longest matching rule deciding (an allow wins a tie).

/// The rules that apply to us.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    /// `(allow, pattern)`.
    rules: Vec<(bool, String)>,
}

impl Robots {
    /// Everything allowed (no robots.txt, or a 4xx for it).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Nothing allowed (robots.txt unreachable: RFC 9309 §2.3.1.4).
    pub fn disallow_all() -> Robots {
        Robots {
            rules: vec![(false, "/".to_owned())],
        }
    }

    /// Parses `text` for `token` (our product token, e.g. `sinergi`).
    pub fn parse(text: &str, token: &str) -> Robots {
        let token = token.to_ascii_lowercase();
        let mut ours: Vec<(bool, String)> = Vec::new();
        let mut star: Vec<(bool, String)> = Vec::new();
        let mut found_ours = false;
        // The agents of the group being read, and whether its rules began.
        let mut agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        agents.clear();
                        in_rules = false;
                    }
                    agents.push(value.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    if agents.contains(&token) {
                        found_ours = true;
                    }
                    // An empty Disallow allows everything: no rule.
                    if value.is_empty() {
                        continue;
                    }
                    let rule = (key == "allow", value.to_owned());
                    if agents.contains(&token) {
                        ours.push(rule.clone());
                    }
                    if agents.iter().any(|a| a == "*") {
                        star.push(rule);
                    }
                }
                _ => {}
            }
        }
        Robots {
            rules: if found_ours { ours } else { star },
        }
    }

    /// Whether `path` (with its query) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Whether a robots pattern matches the start of `path` (`*` any run,
/// `$` the end).
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut at = 0usize;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            at = part.len();
            continue;
        }
        if i == parts.len() - 1 && anchored {
            return path.len() >= at + part.len() && path.ends_with(part);
        }
        match path[at..].find(part) {
            Some(p) => at += p + part.len(),
            None => return false,
        }
    }
    !anchored || at == path.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_group_wins_over_the_star_group() {
        let text = "User-agent: *\nDisallow: /\n\nUser-agent: Sinergi\nDisallow: /private\nAllow: /private/feed.xml\n";
        let r = Robots::parse(text, "sinergi");
        assert!(r.allows("/rss.xml"));
        assert!(!r.allows("/private/x"));
        assert!(r.allows("/private/feed.xml"));
        let other = Robots::parse(text, "otherbot");
        assert!(!other.allows("/rss.xml"));
    }

    #[test]
    fn longest_rule_decides_and_patterns_work() {
        let text = "User-agent: *\nDisallow: /news/\nAllow: /news/*.xml$\nDisallow: /*?print=\nDisallow:\n";
        let r = Robots::parse(text, "sinergi");
        assert!(r.allows("/"));
        assert!(!r.allows("/news/2026/a.html"));
        assert!(r.allows("/news/feed.xml"));
        assert!(!r.allows("/news/feed.xml?x=1"));
        assert!(!r.allows("/a?print=1"));
        assert!(Robots::parse("", "sinergi").allows("/x"));
        assert!(!Robots::disallow_all().allows("/feed"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", "sinergi").allows("/feed"));
    }
}

//! Markdown written in the newsroom, turned into HTML that is safe to show.
//!
//! Releases are written by many offices and republished across the network,
//! so one careless paste must not run script on every reader's page. We render
//! with pulldown-cmark (raw HTML passes through) and then let ammonia keep only
//! ordinary article markup: the sanitiser, not the Markdown parser, is the
//! single place that decides what reaches a browser.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Tags an article may contain. `h1` is the page title's, so Markdown `#`
/// becomes `h2` before sanitising.
const TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "del",
    "s",
    "sub",
    "sup",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
];

/// Removed together with everything inside them (a script's text is not
/// article text). None of them may ever be in [`TAGS`].
const DROP_WITH_CONTENT: &[&str] = &[
    "script", "style", "svg", "math", "iframe", "object", "embed", "noscript", "noembed",
    "noframes", "template", "textarea", "title", "xmp", "select", "frameset", "applet",
];

/// The `rel` every link gets: no opener access, no referrer, no SEO credit.
pub const LINK_REL: &str = "noopener noreferrer nofollow";

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    let attrs: HashMap<&str, HashSet<&str>> = HashMap::from([
        ("a", HashSet::from(["href", "title"])),
        ("img", HashSet::from(["src", "alt", "title"])),
        ("ol", HashSet::from(["start"])),
    ]);
    b.tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROP_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(HashSet::new())
        .tag_attributes(attrs)
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::Custom(Box::new(relative_url)))
        .link_rel(Some(LINK_REL))
        .strip_comments(true)
        .attribute_filter(attribute_filter);
    b
});

/// Relative URLs: site paths and in-page anchors only. A protocol-relative
/// `//host` would leave the site, and anything else is a typo at best.
fn relative_url(url: &str) -> Option<Cow<'_, str>> {
    let site_path = url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\");
    (site_path || url.starts_with('#')).then_some(Cow::Borrowed(url))
}

/// Per-element URL rules ammonia's scheme list cannot express: images come
/// from the web or from our own `/media/`, never `mailto:` or other paths.
fn attribute_filter<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    if element == "img" && attribute == "src" {
        let lower = value.trim_start().to_ascii_lowercase();
        let ok = lower.starts_with("https://")
            || lower.starts_with("http://")
            || lower.starts_with("/media/");
        return ok.then_some(Cow::Borrowed(value));
    }
    Some(Cow::Borrowed(value))
}

fn parser(md: &str) -> Parser<'_> {
    Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
}

/// Markdown to sanitised HTML, ready to insert into a page unescaped.
pub fn render_markdown(md: &str) -> String {
    let events = parser(md).map(|event| match event {
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
            Event::End(TagEnd::Heading(HeadingLevel::H2))
        }
        other => other,
    });
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitize_html(&html)
}

/// Sanitises HTML from any source with the same rules as [`render_markdown`].
pub fn sanitize_html(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// The text of a Markdown document without markup, one line per block
/// (paragraph, heading, list item, table row), for leads, snippets and the
/// search index. Raw HTML keeps its text; scripts and styles lose theirs.
pub fn plain_text(md: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut html_block = String::new();
    let mut in_html_block = false;
    let flush = |line: &mut String, lines: &mut Vec<String>| {
        let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !collapsed.is_empty() {
            lines.push(collapsed);
        }
        line.clear();
    };
    for event in parser(md) {
        match event {
            Event::Text(t) if in_html_block => html_block.push_str(&t),
            Event::Html(t) if in_html_block => html_block.push_str(&t),
            Event::Text(t) | Event::Code(t) => line.push_str(&t),
            Event::SoftBreak | Event::HardBreak => line.push(' '),
            Event::Start(Tag::HtmlBlock) => in_html_block = true,
            Event::End(TagEnd::HtmlBlock) => {
                in_html_block = false;
                line.push_str(&html_to_text(&html_block));
                html_block.clear();
                flush(&mut line, &mut lines);
            }
            Event::End(TagEnd::TableCell) => line.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            )
            | Event::Rule => flush(&mut line, &mut lines),
            // Inline tags (`<b>`) carry no text; other events are not enabled.
            _ => {}
        }
    }
    flush(&mut line, &mut lines);
    lines.join("\n")
}

/// The text of an HTML fragment, through the real HTML parser rather than a
/// hand-rolled tag stripper: ammonia with no tags allowed leaves escaped text.
fn html_to_text(html: &str) -> String {
    static TEXT_ONLY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut b = ammonia::Builder::empty();
        b.clean_content_tags(DROP_WITH_CONTENT.iter().copied().collect());
        b
    });
    // Block boundaries would otherwise glue words together.
    let spaced = html.replace('<', " <");
    let escaped = TEXT_ONLY.clean(&spaced).to_string();
    escaped
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The start of [`plain_text`] on one line, at most `max_chars` characters
/// including the ellipsis, cut at a word boundary when there is one.
pub fn excerpt(md: &str, max_chars: usize) -> String {
    let text = plain_text(md)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() <= max_chars {
        return text;
    }
    if max_chars == 0 {
        return String::new();
    }
    // Room for the ellipsis.
    let cut: String = text.chars().take(max_chars - 1).collect();
    let next_is_space = text.chars().nth(max_chars - 1) == Some(' ');
    let head = match cut.rfind(' ') {
        Some(i) if !next_is_space && i > 0 => &cut[..i],
        _ => cut.as_str(),
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:.-–—".contains(c));
    format!("{head}…")
}

#[cfg(test)]
mod tests;

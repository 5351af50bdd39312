//! A small front to `quick-xml`'s writer: every text and attribute is
//! escaped by the writer, never by hand.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

pub struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    /// A document with its UTF-8 declaration.
    pub fn new() -> Xml {
        let mut x = Xml {
            w: Writer::new_with_indent(Vec::new(), b' ', 1),
        };
        x.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        x
    }

    // Writing to memory cannot fail.
    fn event(&mut self, e: Event<'_>) {
        let _ = self.w.write_event(e);
    }

    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let mut start = BytesStart::new(name);
        for a in attributes {
            start.push_attribute(*a);
        }
        self.event(Event::Start(start));
    }

    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<name>text</name>`.
    pub fn leaf(&mut self, name: &str, text: &str) {
        self.open(name, &[]);
        self.event(Event::Text(BytesText::new(text)));
        self.close(name);
    }

    pub fn finish(self) -> Vec<u8> {
        let mut bytes = self.w.into_inner();
        bytes.push(b'\n');
        without_forbidden_chars(bytes)
    }
}

/// A written XML document without the characters XML 1.0 forbids. Fields
/// refuse them when typed; this is the second line, for anything older or
/// not typed into a form, so that one bad title never makes a whole feed
/// or sitemap unreadable. Works on the UTF-8 bytes: the C0 controls are
/// single bytes that never occur inside a longer sequence, and U+FFFE and
/// U+FFFF are `EF BF BE` and `EF BF BF`.
pub fn without_forbidden_chars(mut bytes: Vec<u8>) -> Vec<u8> {
    let forbidden_c0 = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    if !bytes.iter().any(|&b| forbidden_c0(b) || b == 0xEF) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if forbidden_c0(b) {
            i += 1;
        } else if b == 0xEF
            && bytes.get(i + 1) == Some(&0xBF)
            && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
        {
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    bytes.clear();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_forbids_are_dropped_and_the_rest_kept() {
        let mut x = Xml::new();
        x.open("a", &[("title", "ju\u{1b}dul")]);
        x.leaf(
            "t",
            "Ban\u{0}jir\u{b} \u{ffff}& \u{fffe}longsor\t\u{fffd} ✓",
        );
        x.close("a");
        let bytes = x.finish();
        let text = String::from_utf8(bytes).unwrap();
        let doc = roxmltree::Document::parse(&text).expect("well-formed");
        let t = doc.descendants().find(|n| n.has_tag_name("t")).unwrap();
        assert_eq!(
            t.text(),
            Some(
                "Banjir &amp; longsor\t\u{fffd} ✓"
                    .replace("&amp;", "&")
                    .as_str()
            )
        );
        assert_eq!(doc.root_element().attribute("title"), Some("judul"));
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut x = Xml::new();
        x.open("a", &[("href", "x?a=1&b=\"2\"")]);
        x.leaf("t", "<Banjir & longsor>");
        x.close("a");
        let s = String::from_utf8(x.finish()).unwrap();
        assert!(s.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(s.contains("href=\"x?a=1&amp;b=&quot;2&quot;\""));
        assert!(s.contains("<t>&lt;Banjir &amp; longsor&gt;</t>"));
    }
}

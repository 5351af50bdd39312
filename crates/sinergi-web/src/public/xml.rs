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
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! The codebook in the REFI-QDA codebook format (`.qdc`), which NVivo, ATLAS.ti, MAXQDA and
//! Taguette read: `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid name
//! isCodable><Description/><Code/>...</Code></Codes></CodeBook>`. Each code keeps the guid
//! (a UUID) it was given when added, so exporting twice names it the same way.

/// One code and its sub-codes, for the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QdcCode {
    pub guid: String,
    pub name: String,
    pub description: String,
    pub children: Vec<QdcCode>,
}

/// Text made safe inside an XML element or a quoted attribute.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and line breaks are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn write_code(out: &mut String, code: &QdcCode, depth: usize) {
    let pad = "  ".repeat(depth);
    out.push_str(&format!(
        "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"true\"",
        xml_escape(&code.guid),
        xml_escape(&code.name)
    ));
    if code.description.is_empty() && code.children.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    if !code.description.is_empty() {
        out.push_str(&format!("{pad}  <Description>{}</Description>\n", xml_escape(&code.description)));
    }
    for child in &code.children {
        write_code(out, child, depth + 1);
    }
    out.push_str(&format!("{pad}</Code>\n"));
}

/// The whole `.qdc` file.
pub fn codebook_qdc(codes: &[QdcCode]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"CoResearch\">\n  <Codes>\n");
    for code in codes {
        write_code(&mut out, code, 2);
    }
    out.push_str("  </Codes>\n</CodeBook>\n");
    out
}

/// A version 4 (random) UUID from 16 random bytes, as REFI-QDA's guids are written.
pub fn uuid_from(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// A new random UUID.
#[cfg(feature = "ssr")]
pub fn new_guid() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    uuid_from(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// REFI-QDA's GUIDType: 8-4-4-4-12 hexadecimal digits.
    fn is_guid(value: &str) -> bool {
        let parts: Vec<&str> = value.split('-').collect();
        parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
    }

    /// The value of `name="..."` in one start tag.
    fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[start..].split('"').next()
    }

    #[test]
    fn guids_are_version_4_uuids() {
        let guid = uuid_from([0xff; 16]);
        assert!(is_guid(&guid), "{guid}");
        assert_eq!(&guid[14..15], "4");
        assert!(matches!(&guid[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(new_guid(), new_guid());
    }

    #[test]
    fn the_codebook_has_refi_qda_required_elements_and_attributes() {
        let codes = vec![
            QdcCode {
                guid: uuid_from([1; 16]),
                name: "Getting there".into(),
                description: "Travel & access: \"two buses\" <too many>".into(),
                children: vec![QdcCode { guid: uuid_from([2; 16]), name: "Buses".into(), description: String::new(), children: vec![] }],
            },
            QdcCode { guid: uuid_from([3; 16]), name: "Peer tutors".into(), description: "Tutors with lived experience".into(), children: vec![] },
        ];
        let xml = codebook_qdc(&codes);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        assert!(xml.contains("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""));
        let codes_at = xml.find("<Codes>").expect("a Codes element");
        assert!(codes_at < xml.find("<Code ").unwrap() && xml.trim_end().ends_with("</Codes>\n</CodeBook>".trim_end()));
        // Every Code has the three required attributes, with a valid guid, and guids differ.
        let tags: Vec<&str> = xml.match_indices("<Code ").map(|(at, _)| xml[at..].split('>').next().unwrap()).collect();
        assert_eq!(tags.len(), 3);
        let mut guids = std::collections::HashSet::new();
        for tag in &tags {
            let guid = attribute(tag, "guid").expect("guid");
            assert!(is_guid(guid), "{guid}");
            assert!(guids.insert(guid.to_string()));
            assert!(attribute(tag, "name").is_some_and(|n| !n.is_empty()));
            assert_eq!(attribute(tag, "isCodable"), Some("true"));
        }
        // The sub-code sits inside its parent, after the parent's Description.
        let parent = xml.find("name=\"Getting there\"").unwrap();
        let description = xml.find("<Description>Travel &amp; access: &quot;two buses&quot; &lt;too many&gt;</Description>").unwrap();
        let child = xml.find("name=\"Buses\"").unwrap();
        let parent_end = xml[parent..].find("</Code>").unwrap() + parent;
        assert!(parent < description && description < child && child < parent_end);
        // Start and end tags balance.
        let opened = xml.matches("<Code ").count() - xml.matches("/>").count();
        assert_eq!(opened, xml.matches("</Code>").count());
        assert_eq!(xml.matches("<Description>").count(), xml.matches("</Description>").count());
    }

    #[test]
    fn an_empty_codebook_is_still_a_valid_file() {
        let xml = codebook_qdc(&[]);
        assert!(xml.contains("<Codes>\n  </Codes>"));
    }
}

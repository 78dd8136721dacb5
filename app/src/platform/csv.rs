//! CSV for downloads opened in spreadsheets: fields quoted when needed, lines ending CRLF,
//! and a leading = + - @ neutralised so a spreadsheet never runs someone's words as a formula.

/// One CSV field.
pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// One CSV line, ending CRLF.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = fields.iter().map(|f| field(f.as_ref())).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(line(&["Getting there", "two, buses", "say \"hi\"", "=1+1"]), "Getting there,\"two, buses\",\"say \"\"hi\"\"\",'=1+1\r\n");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(line(&[String::from("-2"), String::from("ok")]), "'-2,ok\r\n");
    }
}

//! Downloads of the analysis, for the project's researchers only, never cached, each on the
//! audit trail: the codebook as CSV and as a REFI-QDA codebook (`qdc`), coded passages by
//! code or quotes by theme as CSV, and a readable page of themes with quotes. Passages from
//! withdrawn participants and deleted transcripts are left out of all of them.

pub mod qdc;
#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub mod service;

#[cfg(feature = "ssr")]
pub use routes::routes;

/// One CSV field, quoted when needed; a leading = + - @ is neutralised so a spreadsheet
/// never runs a quote as a formula.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// One CSV line, ending CRLF.
pub fn csv_line(fields: &[&str]) -> String {
    let mut out = fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_line(&["Getting there", "two, buses", "say \"hi\"", "=1+1"]), "Getting there,\"two, buses\",\"say \"\"hi\"\"\",'=1+1\r\n");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
    }
}

//! A small HTTP/1.1 client over a plain TCP connection, enough to sign in and post forms
//! to the real server as a browser without JavaScript does. One connection per request
//! (`Connection: close`), so a request cut off by the kill fails on its own.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub struct Reply {
    pub status: u16,
    headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Where a redirect sends the browser, as a path on this site.
    pub fn location(&self) -> &str {
        let location = self.header("location").unwrap_or_default();
        match location.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |slash| &rest[slash..]),
            None => location,
        }
    }

    /// The session cookie this reply sets, as `name=value`.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v)
            .find(|v| v.contains("coresearch_session=") && !v.contains("Max-Age=0"))
            .map(|v| v.split(';').next().unwrap_or_default().to_string())
    }

    /// A form the server saved: it answers with a redirect to the next page, not back to
    /// the form with its messages (`__form=`).
    pub fn saved(&self) -> bool {
        matches!(self.status, 302 | 303) && !self.location().contains("__form=")
    }
}

/// Sends one request; the form, when given, is posted as `application/x-www-form-urlencoded`
/// from the page `referer`, with the same-origin headers a browser sends.
pub fn send(port: u16, path: &str, form: Option<&[(&str, &str)]>, cookie: Option<&str>, referer: &str) -> std::io::Result<Reply> {
    let host = format!("127.0.0.1:{port}");
    let address = host.parse().expect("a socket address");
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let method = if form.is_some() { "POST" } else { "GET" };
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nReferer: http://{host}{referer}\r\n\
         Accept: text/html,application/xhtml+xml\r\nConnection: close\r\n"
    );
    if let Some(cookie) = cookie {
        request.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    let body = form.map(encode).unwrap_or_default();
    if form.is_some() {
        request.push_str(&format!("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    stream.write_all(request.as_bytes())?;

    let mut bytes = Vec::new();
    let read = stream.read_to_end(&mut bytes);
    // The answer counts once its status and headers have arrived: the server writes them
    // only after the request's work is done. A cut-off answer is an error.
    match (parse(&bytes), read) {
        (Some(reply), _) => Ok(reply),
        (None, Err(error)) => Err(error),
        (None, Ok(_)) => Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the connection closed before an answer")),
    }
}

fn encode(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{}={}", app::ui::encode_query_value(k), app::ui::encode_query_value(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn parse(bytes: &[u8]) -> Option<Reply> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..end]);
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect();
    let body = String::from_utf8_lossy(&bytes[end + 4..]).chars().take(2000).collect();
    Some(Reply { status, headers, body })
}

/// The numbers in a path, in order: `/briefs/12/responses/34?done=saved` gives 12 and 34.
pub fn ids_in(path: &str) -> Vec<i64> {
    path.split(|c: char| !c.is_ascii_digit()).filter(|part| !part.is_empty()).filter_map(|part| part.parse().ok()).collect()
}

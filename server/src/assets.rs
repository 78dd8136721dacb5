//! How answers travel: pages, server functions and other text compressed on the fly
//! (brotli or gzip, whichever the browser asks for); the browser's code and stylesheet in
//! `/pkg` served as compressed at build time, and cached for a year when their names
//! carry a hash of their content. Recordings, attached files and images are sent as they
//! are: they are compressed already.

use std::path::Path;

use axum::body::{Body, HttpBody};
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// The kinds of answer worth compressing on the fly: text. Everything else (audio,
/// PDF, Word and OpenDocument files, images, WebAssembly) is compressed already or is
/// compressed once at build time.
const COMPRESSIBLE: &[&str] = &[
    "text/html",
    "text/plain",
    "text/css",
    "text/csv",
    "text/calendar",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
];

/// `Cache-Control` for a file whose name carries a hash of its content: it never changes
/// under that name, so browsers keep it for a year without asking again.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Compresses only the text kinds above, and only above a few hundred bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Compressible;

impl Predicate for Compressible {
    fn should_compress<B>(&self, response: &http::Response<B>) -> bool
    where
        B: HttpBody,
    {
        let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        is_compressible(content_type) && SizeAbove::new(256).should_compress(response)
    }
}

/// Whether a response of this `Content-Type` is compressed on the fly.
pub fn is_compressible(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    COMPRESSIBLE.contains(&essence.as_str())
}

/// The compression of every answer (an answer already compressed, such as a precompressed
/// file from `/pkg`, is left alone).
pub fn compression() -> CompressionLayer<Compressible> {
    CompressionLayer::new().compress_when(Compressible)
}

/// Whether a file name carries cargo-leptos's content hash: `name.<22 characters of
/// unpadded base64url MD5>.ext`, such as `coresearch.Xq3v0dVb1wPZ1g3yBPOb1A.wasm`.
pub fn is_content_hashed(file_name: &str) -> bool {
    let parts: Vec<&str> = file_name.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() == 22
        && parts[parts.len() - 2].chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `/pkg`: the built browser code and stylesheet, served from the site folder. A browser
/// that accepts brotli or gzip gets the `.br` or `.gz` file written beside each one at
/// build time, when there is one.
pub fn pkg_files(site_root: &Path) -> Router {
    let files = ServeDir::new(site_root.join("pkg")).precompressed_br().precompressed_gzip();
    Router::new().fallback_service(files).layer(middleware::from_fn(pkg_caching))
}

/// Content-hashed files are cached for a year; any other file (a build without hashed
/// names) is checked with the server each time it is used.
async fn pkg_caching(request: Request<Body>, next: Next) -> Response {
    let hashed = request.uri().path().rsplit('/').next().is_some_and(is_content_hashed);
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let caching = if hashed { IMMUTABLE } else { "no-cache" };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(caching));
        // The same address answers differently by what the browser accepts.
        response.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_text_is_compressed_on_the_fly() {
        for text in ["text/html; charset=utf-8", "application/json", "text/csv; charset=utf-8", "text/calendar", "TEXT/HTML"] {
            assert!(is_compressible(text), "{text}");
        }
        for packed in ["audio/mpeg", "audio/ogg", "application/pdf", "application/wasm", "image/png", "application/octet-stream", ""] {
            assert!(!is_compressible(packed), "{packed}");
        }
    }

    #[test]
    fn hashed_names_are_told_from_plain_ones() {
        assert!(is_content_hashed("coresearch.Xq3v0dVb1wPZ1g3yBPOb1A.wasm"));
        assert!(is_content_hashed("coresearch.a-b_c0dVb1wPZ1g3yBPOb1.css"));
        assert!(!is_content_hashed("coresearch.wasm"));
        assert!(!is_content_hashed("coresearch_bg.wasm"));
        assert!(!is_content_hashed("coresearch.short.js"));
        assert!(!is_content_hashed("Xq3v0dVb1wPZ1g3yBPOb1A.js"), "a name that is only a hash has no stem");
    }
}

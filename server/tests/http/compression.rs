//! How answers travel: pages, server functions and the 413 page compressed for a browser
//! that accepts it (and still never cached when personal), recordings sent as they are,
//! and the built browser files served as compressed at build time, cached for a year when
//! their names carry their content's hash.

use std::io::{Read, Write};

use http_body_util::BodyExt;
use tower::ServiceExt;
use test_support::http::*;

/// An answer as the browser receives it: the bytes as sent, before any decompression.
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

impl Raw {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    fn gunzipped(&self) -> String {
        assert_eq!(self.header(header::CONTENT_ENCODING), "gzip");
        let mut text = String::new();
        flate2::read::GzDecoder::new(self.bytes.as_slice()).read_to_string(&mut text).expect("gzip");
        text
    }
}

async fn raw(app: &TestApp, mut request: Request<Body>, accept_encoding: &str) -> Raw {
    if !accept_encoding.is_empty() {
        request.headers_mut().insert(header::ACCEPT_ENCODING, accept_encoding.parse().unwrap());
    }
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    Raw { status, headers, bytes }
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::builder().uri(path).header(header::ACCEPT, "text/html");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

const HASHED: &str = "coresearch.Xq3v0dVb1wPZ1g3yBPOb1A.wasm";

/// A site folder as `cargo leptos build --release --precompress` leaves it: a hashed
/// WebAssembly file with its `.br` and `.gz` beside it, and a file without a hash.
fn built_site() -> (std::path::PathBuf, Vec<u8>, Vec<u8>) {
    let unique = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let site = std::env::temp_dir().join(format!("coresearch-site-{}-{unique}", std::process::id()));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0".iter().copied().chain((0..4000u32).map(|i| (i % 7) as u8)).collect();
    // Not real brotli: the test only needs to see that this file, and not another, was sent.
    let brotli = b"brotli bytes written at build time".to_vec();
    std::fs::write(pkg.join(HASHED), &wasm).unwrap();
    std::fs::write(pkg.join(format!("{HASHED}.br")), &brotli).unwrap();
    std::fs::write(pkg.join(format!("{HASHED}.gz")), gzip(&wasm)).unwrap();
    std::fs::write(pkg.join("plain.js"), "export function hydrate() {}\n".repeat(40)).unwrap();
    (site, wasm, brotli)
}

#[tokio::test]
async fn built_browser_files_go_out_precompressed_and_hashed_ones_are_cached_for_a_year() {
    let (site, wasm, brotli) = built_site();
    let config = support::test_config(&[("CORESEARCH_SITE_ROOT", site.to_str().unwrap())]);
    let app = TestApp::start(support::sqlite().await, config).await;
    let cookie = app.sign_in("margaret@whynot.example").await;
    let path = format!("/pkg/{HASHED}");

    // Signed in or not, the file is the same for everyone: cached, never "no-store".
    let br = raw(&app, get(&path, Some(&cookie)), "gzip, deflate, br").await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header(header::CONTENT_ENCODING), "br");
    assert_eq!(br.header(header::CONTENT_TYPE), "application/wasm");
    assert_eq!(br.header(header::CACHE_CONTROL), server::assets::IMMUTABLE);
    assert_eq!(br.header(header::VARY), "accept-encoding");
    assert_eq!(br.bytes, brotli, "the file compressed at build time, not compressed again");

    let gz = raw(&app, get(&path, None), "gzip").await;
    assert_eq!(gz.header(header::CACHE_CONTROL), server::assets::IMMUTABLE);
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(gz.bytes.as_slice()).read_to_end(&mut unpacked).unwrap();
    assert_eq!(gz.header(header::CONTENT_ENCODING), "gzip");
    assert_eq!(unpacked, wasm);

    let plain = raw(&app, get(&path, None), "").await;
    assert_eq!(plain.header(header::CONTENT_ENCODING), "");
    assert_eq!(plain.bytes, wasm);

    // A file without a hash in its name may change under that name: checked each time.
    let unhashed = raw(&app, get("/pkg/plain.js", None), "").await;
    assert_eq!(unhashed.status, StatusCode::OK);
    assert_eq!(unhashed.header(header::CACHE_CONTROL), "no-cache");
    assert_eq!(raw(&app, get("/pkg/missing.Xq3v0dVb1wPZ1g3yBPOb1A.js", None), "br").await.status, StatusCode::NOT_FOUND);

    app.db.close().await;
    std::fs::remove_dir_all(site).unwrap();
}

#[tokio::test]
async fn pages_server_functions_and_the_413_page_go_out_compressed_and_personal_ones_still_uncached() {
    for app in apps().await {
        let cookie = app.sign_in("margaret@whynot.example").await;

        let br = raw(&app, get("/dashboard", Some(&cookie)), "gzip, deflate, br").await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(br.header(header::CONTENT_ENCODING), "br");
        assert_eq!(br.header(header::CACHE_CONTROL), "no-store");

        let gz = raw(&app, get("/dashboard", Some(&cookie)), "gzip").await;
        assert_eq!(gz.header(header::CACHE_CONTROL), "no-store");
        let page = gz.gunzipped();
        assert!(page.contains("Hello, ") && page.contains("Margaret"), "{page}");
        // The page's policy still names the nonce its inline scripts carry.
        let policy = gz.header(header::CONTENT_SECURITY_POLICY).to_string();
        let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in the policy");
        assert!(page.contains(&format!("nonce=\"{nonce}\"")), "the page's scripts carry the policy's nonce");

        // A server function's answer, as the browser code asks for it.
        let mut call = form_request("/api/brief-tracking", &[("page", "1")], Some(&cookie), "/briefs/mine");
        call.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
        let answer = raw(&app, call, "gzip").await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.header(header::CACHE_CONTROL), "no-store");
        let json = answer.gunzipped();
        assert!(json.starts_with('{') && json.contains("WhyNot"), "{json}");

        // The readable 413 page still arrives, compressed like any page.
        let huge = format!("email=margaret%40whynot.example&password={}", "x".repeat(2 * 1024 * 1024));
        let mut request = form_request("/api/sign-in", &[], None, "/sign-in");
        request.headers_mut().insert(header::CONTENT_LENGTH, huge.len().into());
        *request.body_mut() = Body::from(huge);
        let refused = raw(&app, request, "gzip").await;
        assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(refused.gunzipped().contains("That was too much to send"));

        app.db.close().await;
    }
}

#[tokio::test]
async fn recordings_are_sent_as_they_are() {
    for app in apps().await {
        let tom = app.sign_in("tom@se-surg.example").await;
        let file = app.count("SELECT id FROM fieldwork_files WHERE kind = 'recording' AND file_name = 'interview-P-01.wav'").await;
        let download = raw(&app, get(&format!("/project-data/files/{file}"), Some(&tom)), "gzip, deflate, br").await;
        assert_eq!(download.status, StatusCode::OK);
        assert_eq!(download.header(header::CONTENT_TYPE), "audio/wav");
        assert_eq!(download.header(header::CONTENT_ENCODING), "", "audio is compressed already");
        assert_eq!(download.bytes, app::projects::fieldwork::files::demo::tiny_wav());
        app.db.close().await;
    }
}

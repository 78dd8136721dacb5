//! `bench-hello ADDRESS`: answers every GET with a short HTML page, as fast as axum can.

#[tokio::main]
async fn main() {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3223".into());
    let app = axum::Router::new().fallback(|| async { axum::response::Html("<!DOCTYPE html><title>Hello</title><p>Hello, world</p>") });
    let listener = tokio::net::TcpListener::bind(&address).await.expect("could not listen");
    axum::serve(listener, app).await.expect("the server stopped");
}

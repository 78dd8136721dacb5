//! The Content-Security-Policy: scripts come only from this site, plus the inline scripts
//! Leptos writes for hydration and resources, each carrying this response's nonce. No inline
//! styles, no plugins, no framing, forms post only here.

/// The policy for a response; `nonce` is the one Leptos put on this page's inline scripts
/// (`None` for responses that are not pages, which then may run no inline script at all).
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let inline = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{inline} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Puts the policy with this page's nonce on the response being rendered.
pub fn set_page_policy() {
    use leptos::prelude::use_context;
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    let nonce = leptos::nonce::use_nonce();
    let policy = content_security_policy(nonce.as_deref());
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_allows_only_its_own_inline_scripts() {
        let policy = content_security_policy(Some("abc123"));
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"));
        let other = content_security_policy(None);
        assert!(other.contains("script-src 'self' 'wasm-unsafe-eval';") && !other.contains("nonce"));
    }
}

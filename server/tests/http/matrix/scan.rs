//! What the code offers, read from the source at test time: every server function's
//! address (`#[server(endpoint = "...")]` under `app/src`) and every plain route
//! (`.route("...", get(...))` under `app/src` and `server/src`).

use std::path::{Path, PathBuf};

/// The workspace folder (this test program is built from `server/`).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("server/ sits in the workspace").to_path_buf()
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())).flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|x| x == "rs") {
            found.push(path);
        }
    }
}

/// The value of `name = "..."` inside an attribute's text.
fn quoted_after(text: &str, name: &str) -> Option<String> {
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let after = rest[at + name.len()..].trim_start();
        if let Some(value) = after.strip_prefix('=').map(str::trim_start).and_then(|v| v.strip_prefix('"')) {
            return value.split('"').next().map(str::to_string);
        }
        rest = &rest[at + name.len()..];
    }
    None
}

/// Every server function as the path it answers on (`/api/<endpoint>`), with the file it
/// is in; an error for one without an explicit endpoint (its path would carry a hash, so
/// the matrix could not name it).
pub fn server_functions() -> (Vec<(String, String)>, Vec<String>) {
    let root = workspace();
    let mut files = Vec::new();
    rust_files(&root.join("app/src"), &mut files);
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let shown = file.strip_prefix(&root).unwrap_or(&file).display().to_string();
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if !(trimmed.starts_with("#[server]") || trimmed.starts_with("#[server(")) {
                continue;
            }
            // The attribute may run over several lines.
            let mut attribute = String::new();
            for more in &lines[n..] {
                attribute.push_str(more);
                if more.trim_end().ends_with(")]") || more.trim() == "#[server]" {
                    break;
                }
            }
            let prefix = quoted_after(&attribute, "prefix").unwrap_or_else(|| "/api".to_string());
            match quoted_after(&attribute, "endpoint") {
                Some(endpoint) => found.push((format!("{}/{}", prefix.trim_end_matches('/'), endpoint.trim_start_matches('/')), shown.clone())),
                None => problems.push(format!(
                    "{shown}:{}: a server function without `endpoint = \"...\"`; give it one so the refusal matrix can name it",
                    n + 1
                )),
            }
        }
    }
    found.sort();
    (found, problems)
}

/// The text up to the parenthesis that closes the call whose arguments `text` is in.
fn call_arguments(text: &str) -> &str {
    let mut depth = 1;
    let mut in_string = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
    }
    text
}

/// Every plain route as (method, path pattern, file): `.route("/path", get(...))`. The
/// server functions' own catch-all route (`/api/{*fn_name}`) is not one of them.
pub fn plain_routes() -> Vec<(String, String, String)> {
    let root = workspace();
    let mut files = Vec::new();
    rust_files(&root.join("app/src"), &mut files);
    rust_files(&root.join("server/src"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Comments are not code: drop `//` lines before looking.
        let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        let shown = file.strip_prefix(&root).unwrap_or(&file).display().to_string();
        let mut rest = code.as_str();
        while let Some(at) = rest.find(".route(") {
            rest = &rest[at + ".route(".len()..];
            let Some(open) = rest.find('"') else { break };
            let path = rest[open + 1..].split('"').next().unwrap_or_default().to_string();
            // The method is named in the handler that follows, inside this call's parentheses.
            let handler = call_arguments(&rest[open + 2 + path.len()..]);
            let mut methods = Vec::new();
            for method in ["get", "post", "put", "patch", "delete"] {
                if handler.contains(&format!("{method}(")) || handler.contains(&format!(".{method}(")) {
                    methods.push(method.to_uppercase());
                }
            }
            if methods.is_empty() {
                // A helper that builds the handler (`route(Export::...)`): downloads.
                methods.push("GET".into());
            }
            if path == "/api/{*fn_name}" {
                continue;
            }
            for method in methods {
                found.push((method, path.clone(), shown.clone()));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

//! The shape of the code, checked on every test run: imports between feature folders
//! point one way (no cycles), a feature's service never calls a sibling feature's
//! service (features meet in pages, server functions and the dashboard), and no source
//! file grows past 800 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Feature areas: each may be used by pages and the dashboard, not by another
/// feature's service.
const FEATURES: &[&str] = &["accounts", "organisations", "training", "commissioning", "projects"];

/// Lower layers every feature may use; they must not import features' services.
const LOWER: &[&str] = &["identity", "platform", "authz", "invitations", "error", "validate", "ui"];

/// The one declared hand-over between features' services: an award creates the
/// project inside the award's transaction (`projects::service::create_from_award`), so
/// commissioning may call that; projects never imports commissioning.
const HAND_OVERS: &[(&str, &str)] = &[("commissioning", "projects")];

const MAX_LINES: usize = 800;

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn app_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file belongs to: `training` for src/training/cohorts/service.rs,
/// `dashboard` for src/dashboard.rs.
fn top_module(file: &Path) -> String {
    let rel = file.strip_prefix(app_src()).unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

/// Every `crate::a::b::...` path mentioned in a file (in `use` lines and inline paths),
/// outside comments.
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let path: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':' || *c == '{' || *c == ',' || *c == ' ').collect();
            // `crate::x::{a, b::service}`: record x, and x::<each item>.
            let (head, group) = match path.find('{') {
                Some(i) => (&path[..i], Some(&path[i + 1..])),
                None => (path.as_str(), None),
            };
            let head: Vec<String> = head.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            match group {
                Some(items) => {
                    for item in items.split(',') {
                        let mut full = head.clone();
                        full.extend(item.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
                        paths.push(full);
                    }
                }
                None => paths.push(head),
            }
            rest = after;
        }
    }
    paths
}

/// Server-side work rather than a page, a server function or a module's list of parts:
/// where features must not meet.
fn is_service_file(file: &Path) -> bool {
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    !matches!(name.as_str(), "pages.rs" | "api.rs") && !name.ends_with("_pages.rs")
}

#[test]
fn feature_folders_import_one_way() {
    let mut files = Vec::new();
    source_files(&app_src(), &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in &files {
        let from = top_module(file);
        let text = std::fs::read_to_string(file).unwrap();
        for path in crate_paths(&text) {
            let Some(to) = path.first().cloned() else { continue };
            if to == from {
                continue;
            }
            edges.entry(from.clone()).or_default().insert(to.clone());
            let reaches_service = path.iter().any(|p| p == "service");
            let from_is_feature_or_lower = FEATURES.contains(&from.as_str()) || LOWER.contains(&from.as_str());
            let declared = HAND_OVERS.contains(&(from.as_str(), to.as_str()));
            if reaches_service && FEATURES.contains(&to.as_str()) && is_service_file(file) && from_is_feature_or_lower && !declared {
                problems.push(format!(
                    "{} calls the {to} service ({}): features meet in pages, server functions and the dashboard",
                    file.strip_prefix(app_src()).unwrap().display(),
                    path.join("::")
                ));
            }
            if LOWER.contains(&from.as_str()) && FEATURES.contains(&to.as_str()) && reaches_service {
                problems.push(format!(
                    "{} (a lower layer) reaches into the {to} service",
                    file.strip_prefix(app_src()).unwrap().display()
                ));
            }
        }
    }
    // Cycles between top-level modules, found by depth-first search.
    let modules: Vec<String> = edges.keys().cloned().collect();
    let mut cycles = BTreeSet::new();
    for start in &modules {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        while let Some((node, trail)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    let mut cycle = trail.clone();
                    // Name each cycle once, from its smallest module.
                    let smallest = cycle.iter().enumerate().min_by_key(|(_, m)| (*m).clone()).map(|(i, _)| i).unwrap();
                    cycle.rotate_left(smallest);
                    cycles.insert(cycle.join(" -> "));
                } else if !trail.contains(next) && trail.len() < 8 {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    // `app.rs` holds the routes and the page shell: it imports every feature's pages and
    // features import nothing from it, so it is a root like the dashboard.
    for cycle in &cycles {
        problems.push(format!("import cycle: {cycle}"));
    }
    assert!(problems.is_empty(), "the shape of the code:\n  {}", problems.join("\n  "));
}

#[test]
fn no_source_file_is_over_800_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let mut files = Vec::new();
    source_files(&root.join("app/src"), &mut files);
    source_files(&root.join("server/src"), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", f.strip_prefix(&root).unwrap().display()))
        })
        .collect();
    assert!(long.is_empty(), "split these by sub-feature: {long:?}");
}

#[test]
fn the_import_reader_sees_grouped_paths() {
    let paths = crate_paths("use crate::training::{cohorts::service, Attendance};\nlet x = crate::projects::service::create(); // crate::nope");
    assert!(paths.contains(&vec!["training".to_string(), "cohorts".to_string(), "service".to_string()]));
    assert!(paths.contains(&vec!["training".to_string(), "Attendance".to_string()]));
    assert!(paths.contains(&vec!["projects".to_string(), "service".to_string(), "create".to_string()]));
    assert!(!paths.iter().any(|p| p.first().is_some_and(|m| m == "nope")));
}

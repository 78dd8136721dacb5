//! "Download my data": everything CoResearch holds about the signed-in person, as a
//! readable page (/account/my-data) and a JSON file (/account/my-data.json). Like the
//! dashboard, it meets many features' tables, so it lives outside them; each section is
//! one query filtered by the person's own id.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod erase;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// One part of the export: a heading and its rows, each row a list of (label, value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    pub rows: Vec<Vec<(String, String)>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    pub name: String,
    pub made_on: String,
    pub sections: Vec<Section>,
}

//! The audit trail's pages: everything for platform administrators (/admin/audit); a
//! project's entries for those who manage it are on the project's own page
//! (`projects::audit`), with the same table. Entries are written by `platform::audit`.

pub mod api;
pub mod pages;

use serde::{Deserialize, Serialize};

/// One entry as a page shows it: no personal content, only who, what, which record, when
/// and from where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub id: i64,
    pub when: String,
    pub who: String,
    pub what: String,
    pub record: String,
    pub from_address: String,
}

#[cfg(feature = "ssr")]
impl From<crate::platform::audit::Listed> for EntryView {
    fn from(l: crate::platform::audit::Listed) -> Self {
        EntryView { id: l.id, when: l.when, who: l.who, what: l.what, record: l.record, from_address: l.from_address }
    }
}

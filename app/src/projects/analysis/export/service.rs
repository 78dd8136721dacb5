//! Building the downloads (server only). Each checks the caller may export, and records the
//! export on the audit trail (which download, never its content).

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::time::{format_date, now};
use crate::projects::analysis::access::{self, entry, Want, USABLE};
use crate::projects::analysis::export::qdc::{codebook_qdc, xml_escape, QdcCode};
use crate::platform::csv::line as csv_line;
use crate::projects::analysis::themes::service::{quotes, themes};
use crate::validate::slugify;

/// A download: its file name, content type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub file_name: String,
    pub content_type: &'static str,
    pub body: String,
}

/// Which download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    CodebookCsv,
    CodebookQdc,
    ExtractsByCode,
    ExtractsByTheme,
    ThemesPage,
}

#[derive(sqlx::FromRow)]
struct CodeRow {
    id: i64,
    parent_id: Option<i64>,
    guid: String,
    name: String,
    description: String,
}

async fn code_rows(db: &Db, project_id: i64) -> Result<Vec<CodeRow>, AppError> {
    Ok(sqlx::query_as::<_, CodeRow>(
        "SELECT id, parent_id, guid, name, description FROM analysis_codes WHERE project_id = $1 ORDER BY LOWER(name), id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?)
}

fn codebook_csv(rows: &[CodeRow]) -> String {
    let mut out = csv_line(&["Code", "Sub-code of", "Description", "Guid"]);
    for top in rows.iter().filter(|r| r.parent_id.is_none()) {
        out.push_str(&csv_line(&[&top.name, "", &top.description, &top.guid]));
        for sub in rows.iter().filter(|r| r.parent_id == Some(top.id)) {
            out.push_str(&csv_line(&[&sub.name, &top.name, &sub.description, &sub.guid]));
        }
    }
    out
}

fn qdc_tree(rows: &[CodeRow]) -> Vec<QdcCode> {
    let node = |r: &CodeRow, children: Vec<QdcCode>| QdcCode { guid: r.guid.clone(), name: r.name.clone(), description: r.description.clone(), children };
    rows.iter()
        .filter(|r| r.parent_id.is_none())
        .map(|top| node(top, rows.iter().filter(|r| r.parent_id == Some(top.id)).map(|r| node(r, vec![])).collect()))
        .collect()
}

#[derive(sqlx::FromRow)]
struct ExtractRow {
    highlight_id: i64,
    code: String,
    participant: String,
    coder: Option<String>,
    coded_at: i64,
    memo: String,
}

/// The text of each highlight's paragraphs, and their numbers.
async fn paragraphs_of(db: &Db, project_id: i64) -> Result<Vec<(i64, i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT hp.highlight_id, hp.paragraph, hp.paragraph_text FROM analysis_highlight_paragraphs hp \
         JOIN analysis_highlights h ON h.id = hp.highlight_id WHERE h.project_id = $1 ORDER BY hp.highlight_id, hp.paragraph",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?)
}

fn passage(paragraphs: &[(i64, i64, String)], highlight_id: i64) -> (String, String) {
    let mine: Vec<&(i64, i64, String)> = paragraphs.iter().filter(|(h, ..)| *h == highlight_id).collect();
    let numbers = mine.iter().map(|(_, n, _)| n.to_string()).collect::<Vec<_>>().join(" ");
    let text = mine.iter().map(|(.., t)| t.as_str()).collect::<Vec<_>>().join("\n\n");
    (numbers, text)
}

async fn extracts_by_code(db: &Db, project_id: i64) -> Result<String, AppError> {
    let rows = sqlx::query_as::<_, ExtractRow>(&format!(
        "SELECT h.id AS highlight_id, c.name AS code, p.code AS participant, u.name AS coder, h.coded_at, h.memo \
         FROM analysis_highlights h JOIN analysis_codes c ON c.id = h.code_id \
         JOIN fieldwork_files f ON f.id = h.file_id JOIN participants p ON p.id = f.participant_id \
         LEFT JOIN users u ON u.id = h.coded_by WHERE h.project_id = $1 AND {USABLE} \
         ORDER BY LOWER(c.name), p.seq, h.file_id, h.id"
    ))
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let paragraphs = paragraphs_of(db, project_id).await?;
    let mut out = csv_line(&["Code", "Participant", "Paragraphs", "Passage", "Coded by", "Coded on", "Memo"]);
    for r in rows {
        let (numbers, text) = passage(&paragraphs, r.highlight_id);
        let coder = r.coder.unwrap_or_else(|| "A former user".into());
        out.push_str(&csv_line(&[&r.code, &r.participant, &numbers, &text, &coder, &format_date(r.coded_at), &r.memo]));
    }
    Ok(out)
}

async fn extracts_by_theme(db: &Db, project_id: i64) -> Result<String, AppError> {
    let mut out = csv_line(&["Theme", "Code", "Participant", "Quote", "Coded by"]);
    for theme in themes(db, project_id).await? {
        for q in quotes(db, theme.id).await? {
            out.push_str(&csv_line(&[&theme.name, &q.code, &q.participant, &q.text, &q.coder]));
        }
    }
    Ok(out)
}

async fn themes_html(db: &Db, project_id: i64, title: &str) -> Result<String, AppError> {
    let e = xml_escape;
    let mut body = String::new();
    let list = themes(db, project_id).await?;
    if list.is_empty() {
        body.push_str("<p>No themes yet.</p>\n");
    }
    for theme in list {
        body.push_str(&format!("<section>\n<h2>{}</h2>\n", e(&theme.name)));
        if !theme.description.is_empty() {
            body.push_str(&format!("<p>{}</p>\n", e(&theme.description)));
        }
        if !theme.codes.is_empty() {
            body.push_str(&format!("<p class=\"codes\">Codes: {}</p>\n", e(&theme.codes.join(", "))));
        }
        for q in quotes(db, theme.id).await? {
            let text = e(&q.text).replace("\n\n", "</p><p>").replace('\n', "<br>");
            body.push_str(&format!("<blockquote><p>{text}</p><footer>{}</footer></blockquote>\n", e(&q.participant)));
        }
        body.push_str("</section>\n");
    }
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Themes: {t}</title>\n<style>body{{font-family:Arial,Helvetica,sans-serif;font-size:19px;line-height:1.5;max-width:42em;margin:2em auto;padding:0 1em;color:#0b0c0c}}\
         h1{{font-size:2em}}h2{{font-size:1.5em;margin-top:2em}}blockquote{{border-left:6px solid #505a5f;margin:1em 0;padding:0.2em 1em}}\
         footer{{color:#505a5f}}@page{{size:A4;margin:2cm}}section{{break-inside:avoid-page}}</style>\n</head>\n<body>\n<main>\n\
         <h1>Themes and quotes</h1>\n<p>{t}. Made on {d}. Quotes from participants who withdrew are left out.</p>\n{body}</main>\n</body>\n</html>\n",
        t = e(title),
        d = format_date(now()),
    ))
}

/// A download for a researcher of the project, recorded on the audit trail.
pub async fn export(db: &Db, actor: &Actor, project_id: i64, which: Export) -> Result<Download, AppError> {
    let ctx = access::require(db, actor, project_id, Want::Export).await?;
    let slug = slugify(&ctx.title);
    let download = match which {
        Export::CodebookCsv => Download {
            file_name: format!("{slug}-codebook.csv"),
            content_type: "text/csv; charset=utf-8",
            body: codebook_csv(&code_rows(db, project_id).await?),
        },
        Export::CodebookQdc => Download {
            file_name: format!("{slug}-codebook.qdc"),
            content_type: "application/xml; charset=utf-8",
            body: codebook_qdc(&qdc_tree(&code_rows(db, project_id).await?)),
        },
        Export::ExtractsByCode => Download {
            file_name: format!("{slug}-passages-by-code.csv"),
            content_type: "text/csv; charset=utf-8",
            body: extracts_by_code(db, project_id).await?,
        },
        Export::ExtractsByTheme => Download {
            file_name: format!("{slug}-quotes-by-theme.csv"),
            content_type: "text/csv; charset=utf-8",
            body: extracts_by_theme(db, project_id).await?,
        },
        Export::ThemesPage => Download {
            file_name: format!("{slug}-themes.html"),
            content_type: "text/html; charset=utf-8",
            body: themes_html(db, project_id, &ctx.title).await?,
        },
    };
    audit::record(db, entry(actor, project_id, Audit::AnalysisExported, "analysis", project_id)).await?;
    Ok(download)
}

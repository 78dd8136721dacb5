//! The curriculum that ships with CoResearch: a course described in `course.toml` and one
//! Markdown file per module, each starting with TOML front matter between `+++` lines
//! (title, minutes, outcomes, reflection prompt, pass mark and the knowledge check).
//! The files are built into the program, so demo data never depends on the working folder.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct CourseFile {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default = "default_minutes")]
    pub minutes: i64,
    #[serde(default)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub reflection_prompt: String,
    #[serde(default = "default_pass_mark")]
    pub pass_mark: i64,
    #[serde(default)]
    pub questions: Vec<QuestionFile>,
}

fn default_minutes() -> i64 {
    30
}
fn default_pass_mark() -> i64 {
    60
}

#[derive(Debug, Clone, Deserialize)]
pub struct QuestionFile {
    pub kind: String,
    pub text: String,
    pub options: Vec<OptionFile>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OptionFile {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    #[serde(default)]
    pub feedback: String,
}

#[derive(Debug, Clone)]
pub struct ModuleFile {
    /// The file's name without `.md`, e.g. `01-what-research-is`.
    pub slug: String,
    pub front: FrontMatter,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct Curriculum {
    pub course: CourseFile,
    pub modules: Vec<ModuleFile>,
}

macro_rules! module_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../content/courses/research-skills/", $name, ".md")))),*]
    };
}

const COURSE_TOML: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../content/courses/research-skills/course.toml"));
const MODULE_FILES: &[(&str, &str)] = module_files!(
    "01-what-research-is",
    "02-research-questions",
    "03-ethics-and-consent",
    "04-keeping-data-safe",
    "05-choosing-methods",
    "06-designing-a-questionnaire",
    "07-interviewing-skills",
    "08-running-a-focus-group",
    "09-thematic-analysis",
    "10-writing-and-presenting",
    "11-looking-after-yourself",
    "12-working-with-commissioners",
);

/// Splits `+++ front matter +++ body` and checks the knowledge check makes sense.
pub fn parse_module(slug: &str, text: &str) -> Result<ModuleFile, String> {
    let text = text.trim_start_matches('\u{feff}');
    let rest = text.strip_prefix("+++").ok_or_else(|| format!("{slug}: the file must start with +++"))?;
    let end = rest.find("\n+++").ok_or_else(|| format!("{slug}: the front matter must end with a +++ line"))?;
    let front: FrontMatter = toml::from_str(&rest[..end]).map_err(|e| format!("{slug}: {e}"))?;
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']).to_string();
    for (n, question) in front.questions.iter().enumerate() {
        if !matches!(question.kind.as_str(), "multiple_choice" | "true_false") {
            return Err(format!("{slug}: question {} has an unknown kind {:?}", n + 1, question.kind));
        }
        if question.options.iter().filter(|o| o.correct).count() != 1 {
            return Err(format!("{slug}: question {} must have exactly one correct answer", n + 1));
        }
    }
    if !(0..=100).contains(&front.pass_mark) {
        return Err(format!("{slug}: the pass mark must be from 0 to 100"));
    }
    Ok(ModuleFile { slug: slug.to_string(), front, body })
}

/// "Research skills for citizen researchers", as shipped.
pub fn research_skills() -> Result<Curriculum, String> {
    let course: CourseFile = toml::from_str(COURSE_TOML).map_err(|e| format!("course.toml: {e}"))?;
    let modules = MODULE_FILES.iter().map(|(slug, text)| parse_module(slug, text)).collect::<Result<Vec<_>, _>>()?;
    Ok(Curriculum { course, modules })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_course_has_at_least_ten_substantial_modules() {
        let curriculum = research_skills().expect("the shipped curriculum parses");
        assert_eq!(curriculum.course.slug, "research-skills");
        assert!(curriculum.modules.len() >= 10);
        for module in &curriculum.modules {
            let words = module.body.split_whitespace().count();
            assert!(words >= 300, "{} has only {words} words", module.slug);
            assert!(module.front.questions.len() >= 4, "{} needs at least four questions", module.slug);
            assert!(!module.front.outcomes.is_empty(), "{} has no outcomes", module.slug);
            assert!(!module.front.reflection_prompt.is_empty());
        }
    }

    #[test]
    fn broken_front_matter_is_explained() {
        assert!(parse_module("x", "no front matter").unwrap_err().contains("+++"));
        let two_right = "+++\ntitle = \"T\"\n[[questions]]\nkind = \"true_false\"\ntext = \"Q\"\n[[questions.options]]\ntext = \"True\"\ncorrect = true\n[[questions.options]]\ntext = \"False\"\ncorrect = true\n+++\nBody";
        assert!(parse_module("x", two_right).unwrap_err().contains("exactly one correct"));
        let ok = parse_module("x", "+++\ntitle = \"T\"\n+++\n\nBody text").unwrap();
        assert_eq!(ok.body, "Body text");
        assert_eq!(ok.front.pass_mark, 60);
    }
}

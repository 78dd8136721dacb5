//! The facts behind each trainee's progress in a cohort: modules, sessions, reading,
//! passed checks and attendance, loaded with one query per kind of data.

use std::collections::{HashMap, HashSet};

use crate::error::AppError;
use crate::platform::db::Db;
use crate::training::cohort_ctx::CohortCtx;
use crate::training::{meets_completion_rule, Attendance, ModuleState};

pub struct ModuleFacts {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub minutes: i64,
    pub has_check: bool,
    pub required: bool,
}

pub struct SessionFacts {
    pub id: i64,
    pub on_date: String,
    pub at_time: String,
    pub place: String,
    pub online: bool,
    pub covers: Vec<i64>,
}

/// Everything needed to work out each trainee's progress in one cohort.
pub struct CohortProgress {
    pub modules: Vec<ModuleFacts>,
    pub sessions: Vec<SessionFacts>,
    reads: HashSet<(i64, i64)>,
    passed: HashSet<(i64, i64)>,
    attendance: HashMap<(i64, i64), (Attendance, String)>,
    pub min_attendance: i64,
}

impl CohortProgress {
    pub fn state(&self, user_id: i64, module: &ModuleFacts) -> ModuleState {
        ModuleState::of(
            self.reads.contains(&(user_id, module.id)),
            module.has_check,
            self.passed.contains(&(user_id, module.id)),
        )
    }

    pub fn state_of(&self, user_id: i64, module_id: i64) -> ModuleState {
        self.modules.iter().find(|m| m.id == module_id).map(|m| self.state(user_id, m)).unwrap_or(ModuleState::NotStarted)
    }

    pub fn status(&self, user_id: i64, session_id: i64) -> Option<Attendance> {
        self.attendance.get(&(session_id, user_id)).map(|(a, _)| *a)
    }

    pub fn note(&self, user_id: i64, session_id: i64) -> String {
        self.attendance.get(&(session_id, user_id)).map(|(_, n)| n.clone()).unwrap_or_default()
    }

    pub fn attended(&self, user_id: i64) -> usize {
        self.sessions.iter().filter(|s| self.status(user_id, s.id).is_some_and(Attendance::attended)).count()
    }

    pub fn done(&self, user_id: i64) -> usize {
        self.modules.iter().filter(|m| self.state(user_id, m) == ModuleState::Complete).count()
    }

    pub fn required_total(&self) -> usize {
        self.modules.iter().filter(|m| m.required).count()
    }

    pub fn required_done(&self, user_id: i64) -> usize {
        self.modules.iter().filter(|m| m.required && self.state(user_id, m) == ModuleState::Complete).count()
    }

    pub fn meets_rule(&self, user_id: i64) -> bool {
        meets_completion_rule(
            self.required_done(user_id),
            self.required_total(),
            self.attended(user_id),
            self.sessions.len(),
            self.min_attendance,
        )
    }
}

#[derive(sqlx::FromRow)]
struct ModuleRow {
    id: i64,
    position: i64,
    title: String,
    minutes: i64,
    /// Live knowledge-check questions.
    questions: i64,
    /// 1 when the cohort's completion rule requires the module.
    required: i64,
}

#[derive(sqlx::FromRow)]
struct SessionRecord {
    id: i64,
    on_date: String,
    at_time: String,
    place: String,
    /// 1 when people can join online (SQLite gives booleans back as integers).
    online: i64,
}

#[derive(sqlx::FromRow)]
struct AttendanceRecord {
    session_id: i64,
    user_id: i64,
    status: String,
    note: String,
}

pub async fn cohort_progress(db: &Db, ctx: &CohortCtx) -> Result<CohortProgress, AppError> {
    let module_rows = sqlx::query_as::<_, ModuleRow>(
        "SELECT m.id, m.position, m.title, m.minutes, \
         (SELECT COUNT(*) FROM module_questions q WHERE q.module_id = m.id AND q.retired_at IS NULL) AS questions, \
         (SELECT COUNT(*) FROM cohort_required_modules r WHERE r.module_id = m.id AND r.cohort_id = $2) AS required \
         FROM course_modules m WHERE m.course_id = $1 ORDER BY m.position",
    )
    .bind(ctx.course_id)
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let modules = module_rows
        .into_iter()
        .map(|row| ModuleFacts {
            id: row.id,
            position: row.position,
            title: row.title,
            minutes: row.minutes,
            has_check: row.questions > 0,
            required: row.required > 0,
        })
        .collect();
    let session_rows = sqlx::query_as::<_, SessionRecord>(
        "SELECT id, on_date, at_time, place, online FROM cohort_sessions WHERE cohort_id = $1 ORDER BY on_date, at_time, id",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let covers: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT sm.session_id, sm.module_id FROM session_modules sm JOIN cohort_sessions s ON s.id = sm.session_id \
         JOIN course_modules m ON m.id = sm.module_id WHERE s.cohort_id = $1 ORDER BY m.position",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let sessions = session_rows
        .into_iter()
        .map(|row| SessionFacts {
            covers: covers.iter().filter(|(s, _)| *s == row.id).map(|(_, m)| *m).collect(),
            id: row.id,
            on_date: row.on_date,
            at_time: row.at_time,
            place: row.place,
            online: row.online != 0,
        })
        .collect();
    let reads: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT r.user_id, r.module_id FROM module_reads r JOIN enrolments e ON e.user_id = r.user_id \
         JOIN course_modules m ON m.id = r.module_id WHERE e.cohort_id = $1 AND m.course_id = $2",
    )
    .bind(ctx.id)
    .bind(ctx.course_id)
    .fetch_all(db)
    .await?;
    let passed: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT DISTINCT a.user_id, a.module_id FROM check_attempts a JOIN enrolments e ON e.user_id = a.user_id \
         JOIN course_modules m ON m.id = a.module_id WHERE e.cohort_id = $1 AND m.course_id = $2 AND a.passed = 1",
    )
    .bind(ctx.id)
    .bind(ctx.course_id)
    .fetch_all(db)
    .await?;
    let attendance = sqlx::query_as::<_, AttendanceRecord>(
        "SELECT a.session_id, a.user_id, a.status, a.note FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id \
         WHERE s.cohort_id = $1",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    Ok(CohortProgress {
        modules,
        sessions,
        reads: reads.into_iter().collect(),
        passed: passed.into_iter().collect(),
        attendance: attendance
            .into_iter()
            .filter_map(|a| Some(((a.session_id, a.user_id), (Attendance::parse(&a.status)?, a.note))))
            .collect(),
        min_attendance: ctx.min_attendance,
    })
}

pub fn module_titles(progress: &CohortProgress, ids: &[i64]) -> Vec<(i64, String)> {
    ids.iter()
        .filter_map(|id| progress.modules.iter().find(|m| m.id == *id).map(|m| (m.id, format!("{}. {}", m.position, m.title))))
        .collect()
}

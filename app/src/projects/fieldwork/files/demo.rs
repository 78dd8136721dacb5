//! Demo recordings and transcripts for SE-SURG's recovery college evaluation: two
//! transcripts pasted in by the peer researcher (P-01 and P-03, pseudonymised: codes only,
//! places kept general) and one short recording of P-01 (a tiny WAV made here: two seconds
//! of a quiet tone). Needs the participants the consent demo adds; loading twice changes
//! nothing.

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::fieldwork::files::checks::TRANSCRIPT_TYPE;
use crate::projects::fieldwork::files::store::{insert, plan_retain_until, NewFile};
use crate::projects::fieldwork::files::FileKind;

const PROJECT_TITLE: &str = "Evaluation of the recovery college in south Essex";

const TRANSCRIPT_P01: &str = "Interview with P-01. Interviewer: peer researcher (TB).\n\n\
TB: Thanks for meeting me. As we said, you can stop at any time, and we use a code, not your name. How did you first hear about the recovery college?\n\n\
P-01: My care coordinator gave me the prospectus. I put it in a drawer for about three months, to be honest. I didn't think a college was for someone like me.\n\n\
TB: What changed?\n\n\
P-01: A friend from the day centre was going to the anxiety course, so we went together. Having somebody to walk in with made all the difference.\n\n\
TB: What was the course like?\n\n\
P-01: Not like school at all. One of the tutors had been through it herself, and she said so on the first morning. After that I felt I could say things without being judged. We did a plan for bad days and I still keep mine on the fridge.\n\n\
TB: Was there anything that made it harder to take part?\n\n\
P-01: The bus. The college is two buses from me, and on a bad day two buses is too many. And the room upstairs had no lift, so one lady couldn't come to the second half.\n\n\
TB: If you could change one thing, what would it be?\n\n\
P-01: Run some of the courses nearer to where people live. And keep the peer tutors, that's the heart of it.\n\n\
TB: Thank you. Is there anything else you'd like to say?\n\n\
P-01: Only that I'd like to do the next one. I never thought I'd say that.\n";

const TRANSCRIPT_P03: &str = "Interview with P-03. Interviewer: project lead (PS).\n\n\
PS: Thank you for coming. We'll keep this to about half an hour. Which course did you do?\n\n\
P-03: Living well with voices. Six Tuesday mornings.\n\n\
PS: How did it feel to be there?\n\n\
P-03: Nervous at first. I'd never been in a room where people talked about voices so openly. By week two it felt normal, which is a strange thing to say.\n\n\
PS: What helped most?\n\n\
P-03: Hearing how other people cope. Someone said she gives her voices a time slot in the evening, and I've tried that. It doesn't always work but it helps.\n\n\
PS: Was anything difficult?\n\n\
P-03: The handouts were small print, and there was a lot to read. Reading is hard for me when the voices are loud. Someone reading it out would be better.\n\n\
PS: Has anything changed for you since the course?\n\n\
P-03: I speak up more at my appointments. I told my doctor what I'd learned and she listened. I've also joined the college's peer group on Thursdays.\n\n\
PS: Thank you. That's really helpful.\n";

/// A tiny valid WAV file: 8 kHz, 8-bit, mono, two seconds of a quiet 440 Hz tone.
pub fn tiny_wav() -> Vec<u8> {
    let rate: u32 = 8000;
    let samples: Vec<u8> = (0..rate * 2)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            (128.0 + 20.0 * (2.0 * std::f64::consts::PI * 440.0 * t).sin()).round() as u8
        })
        .collect();
    let data_len = samples.len() as u32;
    let mut wav = Vec::with_capacity(44 + samples.len());
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes()); // size of the format chunk
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&rate.to_le_bytes());
    wav.extend_from_slice(&rate.to_le_bytes()); // bytes a second
    wav.extend_from_slice(&1u16.to_le_bytes()); // bytes a sample
    wav.extend_from_slice(&8u16.to_le_bytes()); // bits a sample
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    wav.extend_from_slice(&samples);
    wav
}

async fn participant(db: &Db, project_id: i64, code: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_as::<_, (i64,)>("SELECT id FROM participants WHERE project_id = $1 AND code = $2")
        .bind(project_id)
        .bind(code)
        .fetch_optional(db)
        .await?
        .map(|(id,)| id))
}

/// A held interview this participant took part in, if the sessions demo added one.
async fn interview_of(db: &Db, participant_id: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_as::<_, (i64,)>(
        "SELECT s.id FROM fieldwork_sessions s JOIN fieldwork_session_participants sp ON sp.session_id = s.id \
         WHERE sp.participant_id = $1 AND s.kind = 'interview' ORDER BY s.held_on, s.id LIMIT 1",
    )
    .bind(participant_id)
    .fetch_optional(db)
    .await?
    .map(|(id,)| id))
}

async fn user(db: &Db, email: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_as::<_, (i64,)>("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(db).await?.map(|(id,)| id))
}

pub async fn load(db: &Db) -> Result<(), AppError> {
    let project: Option<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM projects p JOIN organisations o ON o.id = p.organisation_id WHERE o.slug = 'se-surg' AND p.title = $1",
    )
    .bind(PROJECT_TITLE)
    .fetch_optional(db)
    .await?;
    let Some((project_id,)) = project else { return Ok(()) };
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM fieldwork_files WHERE project_id = $1")
        .bind(project_id)
        .fetch_one(db)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let (Some(p01), Some(p03)) = (participant(db, project_id, "P-01").await?, participant(db, project_id, "P-03").await?) else {
        return Ok(());
    };
    let (Some(tom), Some(priya)) = (user(db, "tom@se-surg.example").await?, user(db, "priya@se-surg.example").await?) else {
        return Ok(());
    };
    let retain = match plan_retain_until(db, project_id).await? {
        Some(date) => date,
        None => (time::OffsetDateTime::now_utc().date() + time::Duration::days(730)).to_string(),
    };
    let at = now();
    let wav = tiny_wav();
    let files = [
        (p01, FileKind::Recording, false, "interview-P-01.wav", "audio/wav", wav.as_slice(), None, tom, at - 3 * 86_400),
        (p01, FileKind::Transcript, true, "pasted-transcript.txt", TRANSCRIPT_TYPE, TRANSCRIPT_P01.as_bytes(), Some(TRANSCRIPT_P01), tom, at - 2 * 86_400),
        (p03, FileKind::Transcript, true, "pasted-transcript.txt", TRANSCRIPT_TYPE, TRANSCRIPT_P03.as_bytes(), Some(TRANSCRIPT_P03), priya, at - 86_400),
    ];
    for (participant_id, kind, pasted, file_name, content_type, bytes, text, by, when) in files {
        let file = NewFile {
            project_id,
            participant_id,
            session_id: interview_of(db, participant_id).await?,
            kind,
            pasted,
            file_name,
            content_type,
            bytes,
            text,
            retain_until: &retain,
            uploaded_by: by,
            uploaded_at: when,
        };
        insert(db, &file).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projects::fieldwork::files::checks::check_upload;

    #[test]
    fn the_demo_recording_is_a_valid_wav() {
        let wav = tiny_wav();
        assert_eq!(wav.len(), 44 + 16_000);
        assert_eq!(u32::from_le_bytes(wav[4..8].try_into().unwrap()) as usize, wav.len() - 8);
        assert!(check_upload(FileKind::Recording, "interview-P-01.wav", &wav).is_ok());
        assert!(check_upload(FileKind::Transcript, "t.txt", TRANSCRIPT_P01.as_bytes()).is_ok());
    }
}

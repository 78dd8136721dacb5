//! iCalendar text (RFC 5545) for milestones, advisory meetings and fieldwork sessions:
//! all-day events, or timed ones when a start time is known (written in UTC from UK local
//! time), CRLF line ends, escaped text, long lines folded at 75 octets, a UID per item.

/// One event: all day, or timed when `time` is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarItem {
    /// Globally unique and stable: the same item keeps its UID, so calendars update it.
    pub uid: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub summary: String,
    pub description: String,
    /// The start time (UK local time) and length; `None` for an all-day event.
    pub time: Option<EventTime>,
    /// Where it happens (empty: not said).
    pub location: String,
}

/// When a timed event starts, in UK local time, and how long it lasts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTime {
    /// HH:MM, 24-hour, UK local time.
    pub start: String,
    pub minutes: i64,
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    for c in normalised.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line so no line is longer than 75 octets, never splitting a character;
/// each line ends with CRLF and continuation lines start with a space.
pub fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

/// A YYYY-MM-DD date, if it is a real one.
fn parse_day(date: &str) -> Option<time::Date> {
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    time::Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()
}

/// YYYY-MM-DD as YYYYMMDD, and the day after (an all-day event ends the next day).
fn dates(date: &str) -> Option<(String, String)> {
    let day = parse_day(date)?;
    let next = day.next_day()?;
    let f = |d: time::Date| format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day());
    Some((f(day), f(next)))
}

/// A UK local date and HH:MM time as UTC start and end date-times (YYYYMMDDTHHMMSSZ).
fn timed(date: &str, at: &EventTime) -> Option<(String, String)> {
    let day = parse_day(date)?;
    let (h, m) = at.start.split_once(':')?;
    let clock = time::Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()?;
    let local = day.with_time(clock).assume_utc();
    // The offset in force at that local time (BST or GMT), taken away to give UTC.
    let offset = crate::platform::time::uk_offset(local - time::Duration::hours(1));
    let start = local - time::Duration::seconds(i64::from(offset.whole_seconds()));
    let end = start + time::Duration::minutes(at.minutes.max(1));
    Some((stamp(start.unix_timestamp()), stamp(end.unix_timestamp())))
}

/// A whole calendar. `stamp` is when it was made, as YYYYMMDDTHHMMSSZ. Items with a bad
/// date are left out.
pub fn calendar(name: &str, stamp: &str, items: &[CalendarItem]) -> String {
    let mut out = String::new();
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CoResearch//Projects//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
        out.push_str(&fold(line));
    }
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", escape(name))));
    for item in items {
        let (start, end) = match &item.time {
            None => match dates(&item.date) {
                Some((start, end)) => (format!("DTSTART;VALUE=DATE:{start}"), format!("DTEND;VALUE=DATE:{end}")),
                None => continue,
            },
            Some(time) => match timed(&item.date, time) {
                Some((start, end)) => (format!("DTSTART:{start}"), format!("DTEND:{end}")),
                None => continue,
            },
        };
        out.push_str(&fold("BEGIN:VEVENT"));
        out.push_str(&fold(&format!("UID:{}", item.uid)));
        out.push_str(&fold(&format!("DTSTAMP:{stamp}")));
        out.push_str(&fold(&start));
        out.push_str(&fold(&end));
        out.push_str(&fold(&format!("SUMMARY:{}", escape(&item.summary))));
        if !item.description.is_empty() {
            out.push_str(&fold(&format!("DESCRIPTION:{}", escape(&item.description))));
        }
        if !item.location.is_empty() {
            out.push_str(&fold(&format!("LOCATION:{}", escape(&item.location))));
        }
        out.push_str(&fold("END:VEVENT"));
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

/// A Unix time as an iCalendar UTC date-time.
pub fn stamp(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(date: &str, summary: &str) -> CalendarItem {
        CalendarItem {
            uid: format!("m-{date}@coresearch.test"),
            date: date.into(),
            summary: summary.into(),
            description: String::new(),
            time: None,
            location: String::new(),
        }
    }

    fn at(date: &str, start: &str, minutes: i64) -> CalendarItem {
        CalendarItem { time: Some(EventTime { start: start.into(), minutes }), location: "Room 2, The Hub".into(), ..item(date, "Interview") }
    }

    #[test]
    fn a_timed_event_is_written_in_utc_from_uk_time() {
        // Winter: UK time is UTC.
        let winter = calendar("x", "20261130T120000Z", &[at("2027-01-12", "10:30", 60)]);
        assert!(winter.contains("DTSTART:20270112T103000Z\r\nDTEND:20270112T113000Z\r\n"), "{winter}");
        assert!(!winter.contains("VALUE=DATE"));
        assert!(winter.contains("LOCATION:Room 2\\, The Hub\r\n"));
        // Summer: British Summer Time is an hour ahead of UTC.
        let summer = calendar("x", "20261130T120000Z", &[at("2027-07-01", "14:00", 90)]);
        assert!(summer.contains("DTSTART:20270701T130000Z\r\nDTEND:20270701T143000Z\r\n"), "{summer}");
        // Running past midnight moves to the next day.
        let late = calendar("x", "20261130T120000Z", &[at("2027-01-31", "23:30", 60)]);
        assert!(late.contains("DTEND:20270201T003000Z"), "{late}");
    }

    #[test]
    fn a_bad_time_is_left_out() {
        assert!(!calendar("x", "20261130T120000Z", &[at("2027-01-12", "25:00", 60)]).contains("VEVENT"));
        assert!(!calendar("x", "20261130T120000Z", &[at("2027-01-12", "soon", 60)]).contains("VEVENT"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("Interviews; part 1, with Tom\\Ann\nroom 2"), "Interviews\\; part 1\\, with Tom\\\\Ann\\nroom 2");
        assert_eq!(escape("a\r\nb\rc"), "a\\nb\\nc");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{} octets: {part}", part.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
        assert_eq!(fold("SHORT"), "SHORT\r\n");
    }

    #[test]
    fn a_calendar_has_one_all_day_event_per_item_with_crlf_lines() {
        let text = calendar("Recovery, college", "20261130T120000Z", &[item("2027-02-28", "Ethics, submitted"), item("2028-02-28", "Leap")]);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
        assert_eq!(text.matches("BEGIN:VEVENT\r\n").count(), 2);
        assert!(text.contains("X-WR-CALNAME:Recovery\\, college\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20270228\r\nDTEND;VALUE=DATE:20270301\r\n"));
        assert!(text.contains("DTEND;VALUE=DATE:20280229\r\n"), "leap years");
        assert!(text.contains("SUMMARY:Ethics\\, submitted\r\n"));
        assert!(text.contains("UID:m-2027-02-28@coresearch.test\r\n"));
        assert!(text.contains("DTSTAMP:20261130T120000Z\r\n"));
    }

    #[test]
    fn bad_dates_are_left_out() {
        let text = calendar("x", "20261130T120000Z", &[item("2027-02-30", "No such day"), item("soon", "No date")]);
        assert!(!text.contains("VEVENT"));
    }

    #[test]
    fn stamps_are_utc() {
        assert_eq!(stamp(0), "19700101T000000Z");
        assert_eq!(stamp(1_000_000_000), "20010909T014640Z");
    }
}

//! One home for dates and times: what is stored (seconds since 1970) and what people
//! read (UK dates). The users are in Essex, so "today" is the UK's today.

/// The current time in whole seconds since 1970, as stored in the database.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// A stored time as a date people read, e.g. "3 March 2026".
pub fn format_date(seconds: i64) -> String {
    use time::OffsetDateTime;
    let Ok(moment) = OffsetDateTime::from_unix_timestamp(seconds) else {
        return String::new();
    };
    let format = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    moment.format(&format).unwrap_or_default()
}

/// A stored time with the hour, in UK time, e.g. "3 March 2026 at 14:05".
pub fn format_date_time(seconds: i64) -> String {
    use time::OffsetDateTime;
    let Ok(moment) = OffsetDateTime::from_unix_timestamp(seconds) else {
        return String::new();
    };
    let moment = moment.to_offset(uk_offset(moment));
    let format = time::macros::format_description!("[day padding:none] [month repr:long] [year] at [hour]:[minute]");
    moment.format(&format).unwrap_or_default()
}

/// British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on
/// the last Sunday of October; the users are in Essex.
pub fn uk_offset(moment: time::OffsetDateTime) -> time::UtcOffset {
    use time::{Date, Month, Time, Weekday};
    let year = moment.year();
    let last_sunday = |month: Month| {
        let mut day = Date::from_calendar_date(year, month, 31).expect("a valid date");
        while day.weekday() != Weekday::Sunday {
            day = day.previous_day().expect("a valid date");
        }
        day.with_time(Time::from_hms(1, 0, 0).expect("a valid time")).assume_utc()
    };
    if moment >= last_sunday(Month::March) && moment < last_sunday(Month::October) {
        time::UtcOffset::from_hms(1, 0, 0).expect("a valid offset")
    } else {
        time::UtcOffset::UTC
    }
}

/// Today's date in the UK, as YYYY-MM-DD (how dates are stored and compared).
/// The day `days` from today (before it when negative), as YYYY-MM-DD, in UTC: how the
/// demo data dates things relative to the day it is loaded.
pub fn date_in(days: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(days)).to_string()
}

pub fn today() -> String {
    let moment = time::OffsetDateTime::now_utc();
    let local = moment.to_offset(uk_offset(moment));
    format!("{:04}-{:02}-{:02}", local.year(), u8::from(local.month()), local.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally_in_uk_time() {
        // 2026-03-03 12:00 UTC (winter) and 2026-07-01 12:00 UTC (summer time).
        assert_eq!(format_date(1_772_539_200), "3 March 2026");
        assert_eq!(format_date_time(1_772_539_200), "3 March 2026 at 12:00");
        assert_eq!(format_date_time(1_782_907_200), "1 July 2026 at 13:00");
    }
}

//! Rules for what people type, shared by every form. Each rule returns the cleaned
//! value or a message written for the person, to be shown beside the field.

use crate::error::{AppError, FormErrors};

pub const NAME_MAX: usize = 100;
pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;
pub const ORG_NAME_MAX: usize = 120;
pub const SHORT_TEXT_MAX: usize = 2_000;

/// A person's name as they want it shown: required, at most 100 characters.
pub fn person_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Enter your name".into());
    }
    if name.chars().count() > NAME_MAX {
        return Err(format!("Your name must be {NAME_MAX} characters or fewer"));
    }
    if name.chars().any(char::is_control) {
        return Err("Your name can only contain letters, spaces and punctuation".into());
    }
    Ok(name.to_string())
}

/// An e-mail address, trimmed and lower-cased so one address is one account.
pub fn email(raw: &str) -> Result<String, String> {
    let email = raw.trim().to_lowercase();
    const EXAMPLE: &str = "Enter an e-mail address in the right form, like name@example.com";
    if email.is_empty() {
        return Err("Enter your e-mail address".into());
    }
    if email.chars().count() > EMAIL_MAX {
        return Err(format!("An e-mail address must be {EMAIL_MAX} characters or fewer"));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(EXAMPLE.into());
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if local_ok && domain_ok {
        Ok(email)
    } else {
        Err(EXAMPLE.into())
    }
}

/// Passwords that are long enough but still guessed first.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890", "12345678910", "0123456789", "1111111111", "0987654321",
    "password12", "password123", "password1234", "passw0rd123", "qwertyuiop",
    "qwerty1234", "qwerty12345", "iloveyou12", "letmein123", "welcome123",
    "abcdefghij", "abcd123456", "football12", "monkey1234", "sunshine12",
    "princess12", "changeme123", "administrator", "coresearch1", "coresearch123",
];

/// A new password: at least 10 characters, not a well-known one, not the person's
/// own name or e-mail address.
pub fn new_password(password: &str, name: &str, email: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length == 0 {
        return Err("Enter a password".into());
    }
    if length < PASSWORD_MIN {
        return Err(format!(
            "Your password must be at least {PASSWORD_MIN} characters. A few words strung together works well"
        ));
    }
    if length > PASSWORD_MAX {
        return Err(format!("Your password must be {PASSWORD_MAX} characters or fewer"));
    }
    let lower = password.to_lowercase();
    let same_char = lower.chars().all(|c| lower.starts_with(c));
    let local_part = email.split('@').next().unwrap_or_default().to_lowercase();
    let squashed_name: String = name.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    if same_char
        || COMMON_PASSWORDS.contains(&lower.as_str())
        || (!email.is_empty() && lower == email.to_lowercase())
        || (local_part.len() >= 4 && lower == local_part)
        || (!squashed_name.is_empty() && lower.replace(' ', "") == squashed_name)
    {
        return Err(
            "That password is too easy to guess. Choose something else, such as three or four unrelated words"
                .into(),
        );
    }
    Ok(())
}

/// Free text with a limit; `required` decides whether empty is allowed.
pub fn text(raw: &str, label: &str, max: usize, required: bool) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() && required {
        return Err(format!("Enter {label}"));
    }
    if value.chars().count() > max {
        return Err(format!("{} must be {max} characters or fewer", capitalise(label)));
    }
    Ok(value.to_string())
}

/// A one-line answer: like `text`, but no line breaks or control characters.
pub fn line(raw: &str, label: &str, max: usize, required: bool) -> Result<String, String> {
    let value = text(raw, label, max, required)?;
    if value.chars().any(char::is_control) {
        return Err(format!("{} must be on one line", capitalise(label)));
    }
    Ok(value)
}

fn capitalise(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A calendar date, typed as 2026-03-14 (what date pickers send) or 14/03/2026 (how
/// people in the UK write it), stored as YYYY-MM-DD so dates sort as text.
pub fn date(raw: &str, label: &str, required: bool) -> Result<Option<String>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return if required { Err(format!("Enter {label}")) } else { Ok(None) };
    }
    let example = format!("Enter {label} as a date, for example 14/03/2027");
    let numbers: Vec<&str> = value.split(['-', '/', '.']).collect();
    let (year, month, day) = match numbers.as_slice() {
        [y, m, d] if y.len() == 4 => (y, m, d),
        [d, m, y] if y.len() == 4 => (y, m, d),
        _ => return Err(example),
    };
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<i32>(), month.parse::<u32>(), day.parse::<u32>()) else {
        return Err(example);
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("{} must be a real date: the month must be from 1 to 12", capitalise(label))),
    };
    if !(2000..=2100).contains(&year) {
        return Err(format!("{} must be a year from 2000 to 2100", capitalise(label)));
    }
    if day == 0 || day > days_in_month {
        return Err(format!("{} must be a real date: that month has {days_in_month} days", capitalise(label)));
    }
    Ok(Some(format!("{year:04}-{month:02}-{day:02}")))
}

/// A time of day, typed as 14:30 or 2:30pm, stored as HH:MM (24-hour).
pub fn time_of_day(raw: &str, label: &str, required: bool) -> Result<Option<String>, String> {
    let value = raw.trim().to_lowercase().replace(' ', "");
    if value.is_empty() {
        return if required { Err(format!("Enter {label}")) } else { Ok(None) };
    }
    let example = format!("Enter {label} as a time, for example 10:30 or 2:15pm");
    let (clock, suffix) = if let Some(c) = value.strip_suffix("am") {
        (c, Some(false))
    } else if let Some(c) = value.strip_suffix("pm") {
        (c, Some(true))
    } else {
        (value.as_str(), None)
    };
    let (hour, minute) = clock.split_once([':', '.']).unwrap_or((clock, "0"));
    let (Ok(mut hour), Ok(minute)) = (hour.parse::<u32>(), minute.parse::<u32>()) else {
        return Err(example);
    };
    match suffix {
        Some(_) if hour == 0 || hour > 12 => return Err(example),
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    if hour > 23 || minute > 59 {
        return Err(example);
    }
    Ok(Some(format!("{hour:02}:{minute:02}")))
}

/// A stored YYYY-MM-DD date as people read it, e.g. "14 March 2027".
pub fn readable_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ];
    let mut parts = iso.splitn(3, '-');
    match (parts.next(), parts.next().and_then(|m| m.parse::<usize>().ok()), parts.next().and_then(|d| d.parse::<u32>().ok())) {
        (Some(year), Some(month @ 1..=12), Some(day)) => format!("{day} {} {year}", MONTHS[month - 1]),
        _ => iso.to_string(),
    }
}

/// A stored YYYY-MM-DD date as a form shows it to be changed, e.g. "14/03/2027" (the way
/// the date fields' hints ask for it); anything else as it is.
pub fn typed_date(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>().as_slice() {
        [year, month, day] if year.len() == 4 => format!("{day}/{month}/{year}"),
        _ => iso.to_string(),
    }
}

/// A checkbox posts "on" (or any value) when ticked and nothing when not.
pub fn ticked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.is_empty() && v != "off" && v != "false")
}

/// Collects field messages while a form is checked, keeping what was typed (but never
/// passwords) so the form can be shown again as it was. What is kept never travels in an
/// address: without JavaScript the answer is kept in the database for one read
/// (`platform::form_return`), so even a participant's name or a debrief may be kept.
#[derive(Debug, Default)]
pub struct FormCheck {
    errors: FormErrors,
}

impl FormCheck {
    pub fn new() -> Self {
        Self::default()
    }

    /// Check a field and remember what was typed.
    pub fn field<T>(
        &mut self,
        name: &str,
        raw: &str,
        rule: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        self.errors.keep(name, raw);
        self.secret(name, raw, rule)
    }

    /// Check a password: never kept, never shown again.
    pub fn secret<T>(
        &mut self,
        name: &str,
        raw: &str,
        rule: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match rule(raw) {
            Ok(value) => Some(value),
            Err(message) => {
                self.errors.add(name, message);
                None
            }
        }
    }

    /// Remember a value without checking it (a choice from a fixed list, say).
    pub fn keep(&mut self, name: &str, raw: &str) {
        self.errors.keep(name, raw);
    }

    /// Record a message that no single rule produced.
    pub fn fail(&mut self, name: &str, message: impl Into<String>) {
        self.errors.add(name, message);
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The error to return now, with everything kept so far.
    pub fn into_error(self) -> AppError {
        AppError::Invalid(self.errors)
    }

    /// The checked values when every rule passed, otherwise the form error.
    pub fn finish<T: AllChecked>(self, values: T) -> Result<T::Values, AppError> {
        match (self.errors.is_empty(), values.all()) {
            (true, Some(values)) => Ok(values),
            _ => Err(AppError::Invalid(self.errors)),
        }
    }
}

/// A tuple of `Option`s from `FormCheck::field` that becomes a tuple of values.
pub trait AllChecked {
    type Values;
    fn all(self) -> Option<Self::Values>;
}

macro_rules! all_checked {
    ($($name:ident),+) => {
        impl<$($name),+> AllChecked for ($(Option<$name>,)+) {
            type Values = ($($name,)+);
            #[allow(non_snake_case)]
            fn all(self) -> Option<Self::Values> {
                let ($($name,)+) = self;
                Some(($($name?,)+))
            }
        }
    };
}
all_checked!(A);
all_checked!(A, B);
all_checked!(A, B, C);
all_checked!(A, B, C, D);
all_checked!(A, B, C, D, E);
all_checked!(A, B, C, D, E, F);
all_checked!(A, B, C, D, E, F, G);
all_checked!(A, B, C, D, E, F, G, H);
all_checked!(A, B, C, D, E, F, G, H, I);
all_checked!(A, B, C, D, E, F, G, H, I, J);
all_checked!(A, B, C, D, E, F, G, H, I, J, K);
all_checked!(A, B, C, D, E, F, G, H, I, J, K, L);

/// A web-address-friendly version of a name: "WhyNot!" becomes "whynot".
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() && (c.is_whitespace() || c == '-' || c == '_' || c == '&') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() { "organisation".into() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_limited() {
        assert_eq!(person_name("  Mary Smith ").unwrap(), "Mary Smith");
        assert!(person_name("   ").is_err());
        assert!(person_name(&"a".repeat(NAME_MAX + 1)).is_err());
        assert!(person_name(&"é".repeat(NAME_MAX)).is_ok(), "limit counts characters, not bytes");
        assert!(person_name("Mary\u{7}").is_err());
    }

    #[test]
    fn emails_are_normalised_and_malformed_ones_refused() {
        assert_eq!(email(" Mary@Example.ORG ").unwrap(), "mary@example.org");
        for bad in ["", "mary", "mary@", "@example.org", "mary@example", "mary@@example.org",
                    "ma ry@example.org", "mary@exa_mple.org", ".mary@example.org",
                    "mary@-example.org", "mary@example..org"] {
            assert!(email(bad).is_err(), "{bad:?} should be refused");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(email(&long).is_err());
        assert!(email("first.last+tag@sub.example.co.uk").is_ok());
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(new_password("", "Mary", "mary@example.org").is_err());
        assert!(new_password("short", "Mary", "mary@example.org").is_err());
        assert!(new_password("password123", "Mary", "mary@example.org").is_err());
        assert!(new_password("aaaaaaaaaaaa", "Mary", "mary@example.org").is_err());
        assert!(new_password("mary@example.org", "Mary", "mary@example.org").is_err());
        assert!(new_password("Mary Smithson", "Mary Smithson", "ms@example.org").is_err());
        assert!(new_password(&"x1".repeat(65), "Mary", "mary@example.org").is_err());
        assert!(new_password("kettle garden bicycle", "Mary", "mary@example.org").is_ok());
    }

    #[test]
    fn text_limits_and_required() {
        assert_eq!(text("  hello ", "a description", 10, true).unwrap(), "hello");
        assert_eq!(text("", "a description", 10, true).unwrap_err(), "Enter a description");
        assert_eq!(text("", "a description", 10, false).unwrap(), "");
        assert!(text("12345678901", "a description", 10, false).unwrap_err().starts_with("A description"));
        assert!(line("two\nlines", "a title", 50, true).is_err());
    }

    #[test]
    fn dates_are_checked_and_stored_sortably() {
        assert_eq!(date("2027-03-14", "the closing date", true).unwrap().as_deref(), Some("2027-03-14"));
        assert_eq!(date(" 14/3/2027 ", "the closing date", true).unwrap().as_deref(), Some("2027-03-14"));
        assert_eq!(date("", "the closing date", false).unwrap(), None);
        assert_eq!(date("", "the closing date", true).unwrap_err(), "Enter the closing date");
        assert!(date("31/02/2027", "the closing date", true).unwrap_err().contains("28 days"));
        assert!(date("29/02/2028", "the closing date", true).is_ok(), "2028 is a leap year");
        assert!(date("14/13/2027", "the closing date", true).is_err());
        assert!(date("next tuesday", "the closing date", true).unwrap_err().contains("for example"));
        assert!(date("01/01/1950", "the closing date", true).is_err());
        assert_eq!(readable_date("2027-03-14"), "14 March 2027");
        assert_eq!(readable_date("nonsense"), "nonsense");
        assert_eq!(typed_date("2027-03-04"), "04/03/2027");
        assert_eq!(date(&typed_date("2027-03-04"), "the date", true).unwrap().as_deref(), Some("2027-03-04"), "a typed date reads back");
        assert_eq!(typed_date("nonsense"), "nonsense");
    }

    #[test]
    fn times_are_checked_and_stored_as_24_hour() {
        assert_eq!(time_of_day("14:30", "the start time", true).unwrap().as_deref(), Some("14:30"));
        assert_eq!(time_of_day("2:15pm", "the start time", true).unwrap().as_deref(), Some("14:15"));
        assert_eq!(time_of_day("12am", "the start time", true).unwrap().as_deref(), Some("00:00"));
        assert_eq!(time_of_day("10.05 am", "the start time", true).unwrap().as_deref(), Some("10:05"));
        assert!(time_of_day("25:00", "the start time", true).is_err());
        assert!(time_of_day("13pm", "the start time", true).is_err());
        assert_eq!(time_of_day("", "the start time", false).unwrap(), None);
    }

    #[test]
    fn checkbox_values() {
        assert!(ticked(&Some("on".into())));
        assert!(!ticked(&None));
        assert!(!ticked(&Some(String::new())));
    }

    #[test]
    fn form_check_keeps_values_but_not_secrets() {
        let mut check = FormCheck::new();
        let name = check.field("name", "Mary", person_name);
        let email_ok = check.field("email", "not-an-email", email);
        let password = check.secret("password", "short", |p| new_password(p, "Mary", ""));
        let error = check.finish((name, email_ok, password)).unwrap_err();
        let errors = error.form_errors().unwrap();
        assert_eq!(errors.value_for("name"), Some("Mary"));
        assert_eq!(errors.value_for("email"), Some("not-an-email"));
        assert_eq!(errors.value_for("password"), None, "passwords are never echoed");
        assert!(errors.message_for("password").is_some());
        assert!(errors.message_for("name").is_none());
    }

    #[test]
    fn form_check_gives_values_when_all_pass() {
        let mut check = FormCheck::new();
        let name = check.field("name", " Mary ", person_name);
        let address = check.field("email", "MARY@example.org", email);
        let (name, address) = check.finish((name, address)).unwrap();
        assert_eq!((name.as_str(), address.as_str()), ("Mary", "mary@example.org"));
    }

    #[test]
    fn a_failure_without_a_rule_still_fails_the_form() {
        let mut check = FormCheck::new();
        let name = check.field("name", "Mary", person_name);
        check.fail("terms", "Tick the box");
        assert!(check.finish((name,)).is_err());
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slugify("WhyNot!"), "whynot");
        assert_eq!(slugify("South Essex Service User Research Group (SE-SURG)"), "south-essex-service-user-research-group-se-surg");
        assert_eq!(slugify("Age UK Essex"), "age-uk-essex");
        assert_eq!(slugify("!!!"), "organisation");
    }
}

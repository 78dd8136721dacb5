//! Sending e-mail: over SMTP when one is configured, otherwise into an outbox folder
//! (one `.eml` file a message) so links can still be followed on a laptop.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::platform::config::Config;

/// One message to one person. `why` is the closing line saying why they got it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub why: String,
}

/// A file sent with a message, such as a calendar invitation (.ics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Attachment {
    /// An iCalendar file, which mail programs offer to add to the calendar.
    pub fn calendar(file_name: &str, ics: String) -> Self {
        Self {
            file_name: file_name.to_string(),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
            bytes: ics.into_bytes(),
        }
    }
}

/// A message as it was sent, kept by the in-memory transport used in tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// What was attached, as sent.
    pub attachments: Vec<Attachment>,
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
    Memory(Arc<Mutex<Vec<SentEmail>>>),
}

#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the address {0:?} cannot be used")]
    Address(String),
    #[error("the message could not be built: {0}")]
    Build(String),
    #[error("the message could not be delivered: {0}")]
    Delivery(String),
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Self, MailError> {
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::Delivery(e.to_string()))?
                    .build(),
            ),
            None => Transport::Outbox(config.outbox_dir.clone()),
        };
        Ok(Self { from: config.mail_from.clone(), transport })
    }

    /// A mailer that keeps messages in memory; `sent()` reads them back.
    pub fn in_memory(from: Mailbox) -> Self {
        Self { from, transport: Transport::Memory(Arc::default()) }
    }

    pub fn sent(&self) -> Vec<SentEmail> {
        match &self.transport {
            Transport::Memory(sent) => sent.lock().map(|s| s.clone()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "e-mail is sent over SMTP".into(),
            Transport::Outbox(dir) => format!("e-mail is written to {} (no SMTP server is set)", dir.display()),
            Transport::Memory(_) => "e-mail is kept in memory".into(),
        }
    }

    pub fn text_of(email: &Email) -> String {
        format!(
            "Hello {},\n\n{}\n\n--\nSent by CoResearch.\n{}\n",
            email.to_name.trim(),
            email.body.trim_end(),
            email.why.trim()
        )
    }

    pub async fn send(&self, email: Email) -> Result<(), MailError> {
        self.send_with(email, Vec::new()).await
    }

    /// Sends a message with files attached (the text comes first, then each file).
    pub async fn send_with(&self, email: Email, attachments: Vec<Attachment>) -> Result<(), MailError> {
        let to: Mailbox = format!("{} <{}>", email.to_name.replace(['<', '>', '"', '\n', '\r'], ""), email.to_address)
            .parse()
            .or_else(|_| email.to_address.parse())
            .map_err(|_| MailError::Address(email.to_address.clone()))?;
        let text = Self::text_of(&email);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone());
        let message = if attachments.is_empty() {
            message.header(ContentType::TEXT_PLAIN).body(text.clone())
        } else {
            let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(text.clone()));
            for file in &attachments {
                let content_type =
                    ContentType::parse(&file.content_type).map_err(|e| MailError::Build(e.to_string()))?;
                parts = parts.singlepart(
                    lettre::message::Attachment::new(file.file_name.clone()).body(file.bytes.clone(), content_type),
                );
            }
            message.multipart(parts)
        }
        .map_err(|e| MailError::Build(e.to_string()))?;

        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.map_err(|e| MailError::Delivery(e.to_string()))?;
                // No address or subject at INFO: logs are not a place for personal data.
                tracing::info!("e-mail sent");
            }
            Transport::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| MailError::Delivery(e.to_string()))?;
                let name = format!(
                    "{}-{}-{}.eml",
                    crate::platform::time::now(),
                    slug(&email.to_address),
                    &crate::platform::crypto::random_token()[..8]
                );
                let path = dir.join(name);
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| MailError::Delivery(e.to_string()))?;
                // The file's name holds the address, so only the folder is logged at INFO.
                tracing::info!(folder = %dir.display(), "e-mail written to the outbox folder");
                tracing::debug!(file = %path.display(), "outbox file");
            }
            Transport::Memory(sent) => {
                if let Ok(mut sent) = sent.lock() {
                    sent.push(SentEmail { to: email.to_address.clone(), subject: email.subject.clone(), text, attachments });
                }
            }
        }
        Ok(())
    }

    /// Sends, and if that fails writes the reason to the log: the action that caused the
    /// e-mail has already been saved and should not be undone by a mail outage.
    pub async fn send_or_log(&self, email: Email) {
        self.send_with_or_log(email, Vec::new()).await
    }

    /// [`Self::send_with`], logging a failure as [`Self::send_or_log`] does.
    pub async fn send_with_or_log(&self, email: Email, attachments: Vec<Attachment>) {
        if let Err(error) = self.send_with(email, attachments).await {
            tracing::error!(%error, "could not send e-mail");
        }
    }
}

fn slug(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        Email {
            to_name: "Mary Smith".into(),
            to_address: "mary@example.org".into(),
            subject: "Confirm your e-mail address".into(),
            body: "Open this link: http://127.0.0.1:3000/verify-email?token=abc".into(),
            why: "You are getting this because you registered.".into(),
        }
    }

    #[tokio::test]
    async fn memory_transport_keeps_a_plain_text_message() {
        let mailer = Mailer::in_memory("CoResearch <no-reply@coresearch.localhost>".parse().unwrap());
        mailer.send(email()).await.unwrap();
        let sent = mailer.sent();
        assert_eq!(sent.len(), 1);
        assert!(sent[0].text.starts_with("Hello Mary Smith,"));
        assert!(sent[0].text.contains("Sent by CoResearch."));
        assert!(sent[0].text.contains("because you registered"));
    }

    #[tokio::test]
    async fn outbox_transport_writes_an_eml_file() {
        let dir = std::env::temp_dir().join(format!("coresearch-outbox-{}", crate::platform::crypto::random_token()));
        let mailer = Mailer { from: "CoResearch <no-reply@coresearch.localhost>".parse().unwrap(), transport: Transport::Outbox(dir.clone()) };
        mailer.send(email()).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(files.len(), 1);
        let content = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
        assert!(content.contains("Subject: Confirm your e-mail address"));
        assert!(content.contains("From: CoResearch <no-reply@coresearch.localhost>"));
        assert!(content.contains("text/plain"));
        std::fs::remove_dir_all(dir).ok();
    }

    #[tokio::test]
    async fn a_calendar_invitation_goes_as_an_attachment_after_the_text() {
        let dir = std::env::temp_dir().join(format!("coresearch-outbox-{}", crate::platform::crypto::random_token()));
        let mailer = Mailer { from: "CoResearch <no-reply@coresearch.localhost>".parse().unwrap(), transport: Transport::Outbox(dir.clone()) };
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n".to_string();
        mailer.send_with(email(), vec![Attachment::calendar("interview.ics", ics)]).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        let content = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
        assert!(content.contains("multipart/mixed"), "{content}");
        let text_at = content.find("Hello Mary Smith").expect("the text is in the message");
        let file_at = content.find("filename=\"interview.ics\"").expect("the file is attached");
        assert!(text_at < file_at, "the text comes before the attachment");
        assert!(content.contains("text/calendar"));
        std::fs::remove_dir_all(dir).ok();

        let memory = Mailer::in_memory("CoResearch <no-reply@coresearch.localhost>".parse().unwrap());
        memory.send_with(email(), vec![Attachment::calendar("a.ics", "BEGIN:VCALENDAR".into())]).await.unwrap();
        assert_eq!(memory.sent()[0].attachments[0].file_name, "a.ics");
    }

    /// Plays an SMTP server for one message and hands back what it received.
    async fn one_message_smtp_server() -> (u16, tokio::sync::oneshot::Receiver<String>) {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (sender, receiver) = tokio::sync::oneshot::channel();
        tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            write.write_all(b"220 test.example ESMTP\r\n").await.unwrap();
            let (mut data, mut in_data, mut sender) = (String::new(), false, Some(sender));
            while let Ok(Some(line)) = lines.next_line().await {
                if in_data {
                    if line == "." {
                        in_data = false;
                        write.write_all(b"250 2.0.0 queued\r\n").await.unwrap();
                        if let Some(sender) = sender.take() {
                            let _ = sender.send(std::mem::take(&mut data));
                        }
                    } else {
                        data.push_str(&line);
                        data.push('\n');
                    }
                    continue;
                }
                let reply: &[u8] = match line.to_uppercase().split_whitespace().next().unwrap_or_default() {
                    "EHLO" | "HELO" => b"250-test.example\r\n250 8BITMIME\r\n",
                    "DATA" => {
                        in_data = true;
                        b"354 go ahead\r\n"
                    }
                    "QUIT" => b"221 bye\r\n",
                    _ => b"250 2.1.0 ok\r\n",
                };
                write.write_all(reply).await.unwrap();
            }
        });
        (port, receiver)
    }

    #[tokio::test]
    async fn smtp_transport_delivers_over_a_real_smtp_conversation() {
        let (port, received) = one_message_smtp_server().await;
        let config = Config::from_lookup(|name| {
            (name == "CORESEARCH_SMTP_URL").then(|| format!("smtp://127.0.0.1:{port}"))
        })
        .unwrap();
        let mailer = Mailer::from_config(&config).unwrap();
        assert_eq!(mailer.describe(), "e-mail is sent over SMTP");
        mailer.send(email()).await.unwrap();
        let message = tokio::time::timeout(std::time::Duration::from_secs(10), received).await.unwrap().unwrap();
        assert!(message.contains("Subject: Confirm your e-mail address"), "{message}");
        assert!(message.contains("To: \"Mary Smith\" <mary@example.org>") || message.contains("To: Mary Smith <mary@example.org>"), "{message}");
        assert!(message.contains("text/plain"));
        assert!(message.contains("Hello Mary Smith"));
    }

    #[tokio::test]
    async fn a_bad_address_is_an_error_not_a_panic() {
        let mailer = Mailer::in_memory("CoResearch <no-reply@coresearch.localhost>".parse().unwrap());
        let mut bad = email();
        bad.to_address = "not an address".into();
        assert!(matches!(mailer.send(bad).await, Err(MailError::Address(_))));
    }
}

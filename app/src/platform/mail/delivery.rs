//! Handing one message to the world: over SMTP when one is configured, otherwise into an
//! outbox folder (one `.eml` file a message) so links can still be followed on a laptop,
//! or into memory for tests. Only the queue's worker calls this; requests never do.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{Attachment, MailError, SentEmail};
use crate::platform::config::Config;

/// How long one SMTP conversation may take. A worker sends a batch one message after
/// another, so a batch's worst case stays well inside the claim's lease.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A message as it leaves the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
}

#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
    Memory(Arc<Mutex<Vec<SentEmail>>>),
}

impl Transport {
    pub fn from_config(config: &Config) -> Result<Self, MailError> {
        Ok(match &config.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::Delivery(e.to_string()))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            None => Transport::Outbox(config.outbox_dir.clone()),
        })
    }

    pub fn memory() -> Self {
        Transport::Memory(Arc::default())
    }

    pub fn sent(&self) -> Vec<SentEmail> {
        match self {
            Transport::Memory(sent) => sent.lock().map(|s| s.clone()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "e-mail is sent over SMTP".into(),
            Transport::Outbox(dir) => format!("e-mail is written to {} (no SMTP server is set)", dir.display()),
            Transport::Memory(_) => "e-mail is kept in memory".into(),
        }
    }

    /// Builds the message (the text first, then each file) and hands it over.
    pub async fn deliver(&self, from: &Mailbox, mail: &Outgoing) -> Result<(), MailError> {
        let message = build(from, mail)?;
        match self {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.map_err(|e| {
                    if e.is_permanent() {
                        MailError::Rejected(e.to_string())
                    } else {
                        MailError::Delivery(e.to_string())
                    }
                })?;
                // No address or subject at INFO: logs are not a place for personal data.
                tracing::info!("e-mail sent");
            }
            Transport::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| MailError::Delivery(e.to_string()))?;
                let name = format!(
                    "{}-{}-{}.eml",
                    crate::platform::time::now(),
                    slug(&mail.to_address),
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
                    sent.push(SentEmail {
                        to: mail.to_address.clone(),
                        subject: mail.subject.clone(),
                        text: mail.text.clone(),
                        attachments: mail.attachments.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// The recipient as a mailbox, with their name when it can be used in a header.
pub fn mailbox(name: &str, address: &str) -> Result<Mailbox, MailError> {
    format!("{} <{}>", name.replace(['<', '>', '"', '\n', '\r'], ""), address)
        .parse()
        .or_else(|_| address.parse())
        .map_err(|_| MailError::Address(address.to_string()))
}

fn build(from: &Mailbox, mail: &Outgoing) -> Result<Message, MailError> {
    let message = Message::builder()
        .from(from.clone())
        .to(mailbox(&mail.to_name, &mail.to_address)?)
        .subject(mail.subject.clone());
    let body = match &mail.html {
        Some(html) => MultiPart::alternative_plain_html(mail.text.clone(), html.clone()),
        None if mail.attachments.is_empty() => {
            return message
                .header(ContentType::TEXT_PLAIN)
                .body(mail.text.clone())
                .map_err(|e| MailError::Build(e.to_string()));
        }
        None => MultiPart::mixed().singlepart(SinglePart::plain(mail.text.clone())),
    };
    let body = if mail.attachments.is_empty() {
        body
    } else {
        let mut parts = if mail.html.is_some() { MultiPart::mixed().multipart(body) } else { body };
        for file in &mail.attachments {
            let content_type = ContentType::parse(&file.content_type).map_err(|e| MailError::Build(e.to_string()))?;
            parts = parts.singlepart(
                lettre::message::Attachment::new(file.file_name.clone()).body(file.bytes.clone(), content_type),
            );
        }
        parts
    };
    message.multipart(body).map_err(|e| MailError::Build(e.to_string()))
}

fn slug(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from() -> Mailbox {
        "CoResearch <no-reply@coresearch.localhost>".parse().unwrap()
    }

    fn outgoing() -> Outgoing {
        Outgoing {
            to_name: "Mary Smith".into(),
            to_address: "mary@example.org".into(),
            subject: "Confirm your e-mail address".into(),
            text: "Hello Mary Smith,\n\nOpen this link: http://127.0.0.1:3000/verify-email?token=abc\n".into(),
            html: None,
            attachments: Vec::new(),
        }
    }

    fn temp_outbox() -> PathBuf {
        std::env::temp_dir().join(format!("coresearch-outbox-{}", crate::platform::crypto::random_token()))
    }

    fn only_file(dir: &PathBuf) -> String {
        let files: Vec<_> = std::fs::read_dir(dir).unwrap().collect();
        assert_eq!(files.len(), 1);
        std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap()
    }

    #[tokio::test]
    async fn outbox_transport_writes_an_eml_file() {
        let dir = temp_outbox();
        Transport::Outbox(dir.clone()).deliver(&from(), &outgoing()).await.unwrap();
        let content = only_file(&dir);
        assert!(content.contains("Subject: Confirm your e-mail address"));
        assert!(content.contains("From: CoResearch <no-reply@coresearch.localhost>"));
        assert!(content.contains("text/plain"));
        std::fs::remove_dir_all(dir).ok();
    }

    #[tokio::test]
    async fn a_calendar_invitation_goes_as_an_attachment_after_the_text() {
        let dir = temp_outbox();
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n".to_string();
        let mail = Outgoing { attachments: vec![Attachment::calendar("interview.ics", ics)], ..outgoing() };
        Transport::Outbox(dir.clone()).deliver(&from(), &mail).await.unwrap();
        let content = only_file(&dir);
        assert!(content.contains("multipart/mixed"), "{content}");
        let text_at = content.find("Hello Mary Smith").expect("the text is in the message");
        let file_at = content.find("filename=\"interview.ics\"").expect("the file is attached");
        assert!(text_at < file_at, "the text comes before the attachment");
        assert!(content.contains("text/calendar"));
        std::fs::remove_dir_all(dir).ok();
    }

    #[tokio::test]
    async fn an_html_body_goes_beside_the_text_and_before_the_files() {
        let dir = temp_outbox();
        let mail = Outgoing {
            html: Some("<p>Hello Mary Smith</p>".into()),
            attachments: vec![Attachment::calendar("a.ics", "BEGIN:VCALENDAR".into())],
            ..outgoing()
        };
        Transport::Outbox(dir.clone()).deliver(&from(), &mail).await.unwrap();
        let content = only_file(&dir);
        assert!(content.contains("multipart/alternative"), "{content}");
        assert!(content.contains("text/html"));
        assert!(content.find("text/html").unwrap() < content.find("filename=\"a.ics\"").unwrap());
        std::fs::remove_dir_all(dir).ok();
    }

    /// Plays an SMTP server for one message and hands back what it received; with
    /// `refuse`, it turns the recipient away for good (550).
    async fn one_message_smtp_server(refuse: bool) -> (u16, tokio::sync::oneshot::Receiver<String>) {
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
                let upper = line.to_uppercase();
                let reply: &[u8] = match upper.split_whitespace().next().unwrap_or_default() {
                    "EHLO" | "HELO" => b"250-test.example\r\n250 8BITMIME\r\n",
                    "RCPT" if refuse => b"550 5.1.1 no such mailbox\r\n",
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

    fn smtp(port: u16) -> Transport {
        let config = Config::from_lookup(|name| (name == "CORESEARCH_SMTP_URL").then(|| format!("smtp://127.0.0.1:{port}"))).unwrap();
        Transport::from_config(&config).unwrap()
    }

    #[tokio::test]
    async fn smtp_transport_delivers_over_a_real_smtp_conversation() {
        let (port, received) = one_message_smtp_server(false).await;
        let transport = smtp(port);
        assert_eq!(transport.describe(), "e-mail is sent over SMTP");
        transport.deliver(&from(), &outgoing()).await.unwrap();
        let message = tokio::time::timeout(Duration::from_secs(10), received).await.unwrap().unwrap();
        assert!(message.contains("Subject: Confirm your e-mail address"), "{message}");
        assert!(message.contains("To: \"Mary Smith\" <mary@example.org>") || message.contains("To: Mary Smith <mary@example.org>"), "{message}");
        assert!(message.contains("text/plain"));
        assert!(message.contains("Hello Mary Smith"));
    }

    #[tokio::test]
    async fn a_refusal_for_good_is_told_apart_from_a_passing_failure() {
        let (port, _received) = one_message_smtp_server(true).await;
        let refused = smtp(port).deliver(&from(), &outgoing()).await.unwrap_err();
        assert!(matches!(refused, MailError::Rejected(_)), "{refused:?}");
        // Nothing listens on this port: the server may be back later.
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
        let down = smtp(closed).deliver(&from(), &outgoing()).await.unwrap_err();
        assert!(matches!(down, MailError::Delivery(_)), "{down:?}");
    }

    #[tokio::test]
    async fn a_bad_address_is_an_error_not_a_panic() {
        let bad = Outgoing { to_address: "not an address".into(), ..outgoing() };
        assert!(matches!(Transport::memory().deliver(&from(), &bad).await, Err(MailError::Address(_))));
    }
}

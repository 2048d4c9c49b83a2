//! Sending one email through SES v2 (the stand-in locally), text and HTML parts.

use aws_sdk_sesv2::{
    operation::send_email::builders::SendEmailFluentBuilder,
    types::{Body, Content, Destination, EmailContent, Message, MessageHeader},
};

/// Tries of [`Mailer::send_with_retries`].
const SEND_ATTEMPTS: u32 = 3;

#[derive(Clone)]
pub struct Mailer {
    client: aws_sdk_sesv2::Client,
    from: String,
}

/// An email ready to send.
#[derive(Clone)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The unsubscribe page of a notification, digest or reminder: sent as the RFC 8058 headers
    /// too, so mail clients offer one click. Secret-link emails have none.
    pub unsubscribe: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("sending email failed: {0}")]
pub struct SendError(String);

impl Mailer {
    pub fn new(client: aws_sdk_sesv2::Client, from: String) -> Mailer {
        Mailer { client, from }
    }

    /// Sends `email` with a few tries (pauses of 1 s, then 4 s), for an email that carries a
    /// secret link and so cannot go through the audit outbox: `Err` with the last failure.
    pub async fn send_with_retries(&self, email: Email) -> Result<String, SendError> {
        let mut delay = std::time::Duration::from_secs(1);
        for attempt in 1..SEND_ATTEMPTS {
            match self.send(email.clone()).await {
                Ok(id) => return Ok(id),
                Err(error) => {
                    tracing::warn!(error = %error, attempt, "email failed; retrying");
                    tokio::time::sleep(delay).await;
                    delay *= 4;
                }
            }
        }
        self.send(email).await
    }

    /// [`Mailer::send_with_retries`] after the request is answered (in its span), logging a
    /// final failure as `what`.
    pub fn send_in_background(&self, email: Email, what: &'static str) {
        let mailer = self.clone();
        let work = async move {
            if let Err(error) = mailer.send_with_retries(email).await {
                tracing::error!(error = %error, "{what} failed");
            }
        };
        tokio::spawn(tracing::Instrument::in_current_span(work));
    }

    /// Sends `email`; returns SES's message id.
    pub async fn send(&self, email: Email) -> Result<String, SendError> {
        let output = self
            .request(email)?
            .send()
            .await
            .map_err(|e| SendError(aws_sdk_sesv2::error::DisplayErrorContext(&e).to_string()))?;
        Ok(output.message_id().unwrap_or_default().to_owned())
    }

    /// The SendEmail request for `email`, ready to send.
    pub fn request(&self, email: Email) -> Result<SendEmailFluentBuilder, SendError> {
        let utf8 =
            |text: String| Content::builder().data(text).charset("UTF-8").build().map_err(|e| SendError(e.to_string()));
        let header = |name: &str, value: &str| {
            MessageHeader::builder().name(name).value(value).build().map_err(|e| SendError(e.to_string()))
        };
        let mut message = Message::builder()
            .subject(utf8(email.subject)?)
            .body(Body::builder().text(utf8(email.text)?).html(utf8(email.html)?).build());
        if let Some(url) = &email.unsubscribe {
            // RFC 8058: an https URL that takes a POST without cookies, and the marker that
            // says so (and DKIM, which SES signs these headers with).
            message = message
                .headers(header("List-Unsubscribe", &format!("<{url}>"))?)
                .headers(header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")?);
        }
        Ok(self
            .client
            .send_email()
            .from_email_address(&self.from)
            .destination(Destination::builder().to_addresses(email.to).build())
            .content(EmailContent::builder().simple(message.build()).build()))
    }
}

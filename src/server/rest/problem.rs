//! Every refusal and failure of the REST API as `application/problem+json` (RFC 9457), with the
//! same words the forms show, in the caller's language: the account's, else `Accept-Language`.

use crate::{
    domain::{AppError, Message},
    i18n::Locale,
    server::errors::{status_for, ServerError},
};
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

/// A refused or failed request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: `status` and `code` say which problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The HTTP status's reason phrase.
    pub title: &'static str,
    pub status: u16,
    /// A stable name to match on: `unauthorised`, `forbidden`, `not_found`, `conflict`,
    /// `invalid`, `refused`, `too_many`, `unavailable`, `bad_request`.
    pub code: &'static str,
    /// What went wrong, for a person.
    pub detail: String,
    /// For `invalid`: each field that is wrong, with its message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// For `conflict`: the task's version now, and who changed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i32>,
    #[serde(skip)]
    retry_after: Option<u32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The JSON field's name.
    pub field: String,
    pub message: String,
}

impl Problem {
    fn new(status: StatusCode, code: &'static str, detail: String) -> Problem {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            code,
            detail,
            errors: Vec::new(),
            current_version: None,
            retry_after: None,
        }
    }

    /// The answer for `error`, in `locale`. A failure is logged here, once (as the pages'
    /// `errors::respond` does); the caller reads "try again".
    pub fn from_error(error: ServerError, locale: Locale) -> Problem {
        let retry_after = error.retry_after().map(|seconds| u32::try_from(seconds).unwrap_or(u32::MAX));
        let answer = error.into_app_error();
        let mut problem = Problem::new(status_for(&answer), code_of(&answer), answer.text(locale).into_owned());
        match answer {
            AppError::Invalid(fields) => {
                problem.errors = fields
                    .into_iter()
                    .map(|field| FieldProblem { message: field.message.text(locale).into_owned(), field: field.field })
                    .collect();
            }
            AppError::Conflict(conflict) => problem.current_version = Some(conflict.current.version),
            AppError::Unavailable => problem.retry_after = Some(retry_after.unwrap_or(5)),
            _ => {}
        }
        problem.retry_after = problem.retry_after.or(retry_after);
        problem
    }

    /// A request the API cannot read (malformed JSON, a wrong type, an unknown column): 400
    /// or 422 with the parser's own explanation.
    pub fn unreadable(status: StatusCode, detail: String) -> Problem {
        Problem::new(status, if status == StatusCode::UNPROCESSABLE_ENTITY { "invalid" } else { "bad_request" }, detail)
    }

    pub fn message(status: StatusCode, code: &'static str, message: Message, locale: Locale) -> Problem {
        Problem::new(status, code, message.text(locale).into_owned())
    }

    pub fn not_found(locale: Locale) -> Problem {
        Problem::from_error(AppError::NotFound.into(), locale)
    }

    pub fn retry_after(mut self, seconds: u32) -> Problem {
        self.retry_after = Some(seconds);
        self
    }
}

fn code_of(error: &AppError) -> &'static str {
    match error {
        AppError::Unauthorised => "unauthorised",
        AppError::Forbidden => "forbidden",
        AppError::NotFound => "not_found",
        AppError::Conflict(_) => "conflict",
        AppError::Invalid(_) => "invalid",
        AppError::Refused(_) => "refused",
        AppError::Request(_) => "bad_request",
        AppError::TooMany(_) => "too_many",
        AppError::Unavailable => "unavailable",
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"taskboard\""));
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FieldError;

    #[test]
    fn field_errors_keep_their_fields_and_words() {
        let error = AppError::Invalid(vec![FieldError::new("title", Message::TitleMissing)]);
        let problem = Problem::from_error(error.into(), Locale::ko);
        assert_eq!((problem.status, problem.code), (422, "invalid"));
        assert_eq!(problem.errors[0].field, "title");
        assert_eq!(problem.errors[0].message, Message::TitleMissing.text(Locale::ko));
        let response = problem.into_response();
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/problem+json");
    }

    #[test]
    fn refusals_say_how_to_go_on() {
        let response = Problem::from_error(AppError::Unauthorised.into(), Locale::en).into_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.headers().contains_key(header::WWW_AUTHENTICATE));
        let busy = Problem::from_error(AppError::Unavailable.into(), Locale::en).into_response();
        assert_eq!(busy.headers()[header::RETRY_AFTER], "5");
    }
}

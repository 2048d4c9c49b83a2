//! The OpenAPI 3.1 document of `/api/v1`, made by utoipa from the handlers' annotations and the
//! types they take and return, once per process.
//!
//! The answers every operation can give (401 without a valid token, 429 over the token's rate,
//! 503 when the server is busy; 400 and 404 where there is input or an id; 413 and 415 where
//! there is a body) are added here to each operation rather than repeated on each handler.

use super::{boards, comments, model, problem, tasks};
use axum::{http::header, response::IntoResponse};
use std::sync::LazyLock;
use utoipa::{
    openapi::{
        path::{HttpMethod, Operation},
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
        ContentBuilder, Ref, ResponseBuilder,
    },
    Modify, OpenApi,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Taskboard API",
        version = "1",
        description = "Boards, tasks, comments and history for scripts. Authenticate with a personal access token \
                       (made on the account page) as `Authorization: Bearer tbp_…`. A token can see and do no more \
                       than its owner; a board its owner is not a member of is 404."
    ),
    paths(
        boards::list_boards,
        boards::read_board,
        boards::list_members,
        boards::list_labels,
        boards::list_tasks,
        tasks::create_task,
        tasks::read_task,
        tasks::update_task,
        tasks::move_task,
        tasks::delete_task,
        tasks::restore_task,
        tasks::task_history,
        comments::list_comments,
        comments::add_comment,
    ),
    components(schemas(problem::Problem, problem::FieldProblem, model::ColumnStatus)),
    modifiers(&Conventions),
    security(("token" = [])),
    tags(
        (name = "boards", description = "The boards the token's owner is a member of"),
        (name = "tasks", description = "Tasks: read, create, change, move, trash, restore, history"),
        (name = "comments", description = "A task's conversation"),
    )
)]
struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub async fn document() -> impl IntoResponse {
    static JSON: LazyLock<String> =
        LazyLock::new(|| ApiDoc::openapi().to_pretty_json().expect("the OpenAPI document serialises"));
    ([(header::CONTENT_TYPE, "application/json")], JSON.as_str())
}

struct Conventions;

impl Modify for Conventions {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("tbp_…").build()),
        );
        for (path, item) in openapi.paths.paths.iter_mut() {
            let has_id = path.contains('{');
            for method in [HttpMethod::Get, HttpMethod::Post, HttpMethod::Patch, HttpMethod::Delete] {
                let operation = match method {
                    HttpMethod::Get => item.get.as_mut(),
                    HttpMethod::Post => item.post.as_mut(),
                    HttpMethod::Patch => item.patch.as_mut(),
                    HttpMethod::Delete => item.delete.as_mut(),
                    _ => None,
                };
                if let Some(operation) = operation {
                    add_common_answers(operation, has_id);
                }
            }
        }
    }
}

fn add_common_answers(operation: &mut Operation, has_id: bool) {
    let has_body = operation.request_body.is_some();
    let has_input = has_body || operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let mut answers = vec![
        ("401", "No token, or one that is unknown, expired or revoked"),
        ("429", "Too many requests with this token this minute (see Retry-After)"),
        ("503", "The server is busy or something it depends on failed; try again (see Retry-After)"),
    ];
    if has_input {
        answers.push(("400", "The request cannot be read (a parameter, the JSON, a cursor or an Idempotency-Key)"));
    }
    if has_id {
        answers.push(("404", "No such board or task, or one on a board the token's owner is not a member of"));
    }
    if has_body {
        answers.push(("413", "The body is over 256 KB"));
        answers.push(("415", "The body is not sent as application/json"));
        answers.push(("422", "The JSON does not have the fields this operation takes, or a field is wrong"));
    }
    for (status, description) in answers {
        operation.responses.responses.entry(status.to_owned()).or_insert_with(|| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
                )
                .build()
                .into()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_documents_its_refusals() {
        let document = ApiDoc::openapi();
        let json = serde_json::to_value(&document).unwrap();
        assert_eq!(json["openapi"], "3.1.0");
        let paths = json["paths"].as_object().unwrap();
        assert_eq!(paths.len(), 10, "{:?}", paths.keys().collect::<Vec<_>>());
        for (path, item) in paths {
            for (method, operation) in item.as_object().unwrap() {
                let responses = operation["responses"].as_object().unwrap();
                for status in ["401", "429", "503"] {
                    assert!(responses.contains_key(status), "{method} {path} lacks {status}");
                }
                if path.contains('{') {
                    assert!(responses.contains_key("404"), "{method} {path} lacks 404");
                }
            }
        }
        assert!(json["components"]["securitySchemes"]["token"].is_object());
    }
}

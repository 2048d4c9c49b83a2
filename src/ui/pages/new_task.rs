//! `/tasks/new`: a task with the viewer as its supervisor.

use crate::{
    api::tasks::{load_new_task_form, CreateTask},
    domain::{task::DESCRIPTION_MAX_CHARS, NewTaskForm, Person},
    ui::components::{Field, FormCard, FormSpec, LoadError, ServerForm},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

#[component]
pub fn NewTaskPage() -> impl IntoView {
    let form = Resource::new(|| (), |_| load_new_task_form());
    view! {
        <Title text="New task" />
        <FormCard title="New task" wide=true>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match form.await {
                        Ok(form) => view! { <ServerForm form=new_task_form(form) /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </FormCard>
    }
}

/// The server answers a created task with a redirect to the board.
fn new_task_form(form: NewTaskForm) -> FormSpec {
    FormSpec::new(CreateTask::url(), "Create task")
        // One id per form shown: sending it twice creates one task.
        .hidden("request_id", form.request_id)
        .field(Field::input("Title", "title", "text"))
        .field(
            Field::text_area("Description", "description")
                .hint(format!("Optional, up to {DESCRIPTION_MAX_CHARS} characters.")),
        )
        .field(Field::input("Deadline", "deadline", "date").hint("Optional."))
        .field(Field::select("Person in charge", "pic", pic_options(&form.people)))
        .cancel("/")
}

/// The "Person in charge" choices: nobody, then everyone by name.
pub fn pic_options(people: &[Person]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Nobody yet".to_owned()))
        .chain(people.iter().map(|p| (p.id.to_string(), p.name.clone())))
        .collect()
}

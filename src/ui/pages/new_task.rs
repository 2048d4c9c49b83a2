//! `/tasks/new`: a task with the viewer as its supervisor.

use crate::{
    api::tasks::{load_new_task_form, CreateTask},
    domain::{task::DESCRIPTION_MAX_CHARS, Person},
    ui::{
        components::{Control, FormCard, FormField, FormMessage, LoadError, SubmitButton},
        forms::{field_error, form_error},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewTaskPage() -> impl IntoView {
    let form = Resource::new(|| (), |_| load_new_task_form());
    let create = ServerAction::<CreateTask>::new();
    let result = create.value();

    view! {
        <Title text="New task" />
        <FormCard title="New task" wide=true>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match form.await {
                        Ok(form) => {
                            view! {
                                <ActionForm action=create>
                                    <div class="flex flex-col gap-4">
                                        // One id per form shown: sending it twice creates one task.
                                        <input type="hidden" name="request_id" value=form.request_id />
                                        <FormMessage message=form_error(result) />
                                        <FormField label="Title" name="title" error=field_error(result, "title") />
                                        <FormField
                                            label="Description"
                                            name="description"
                                            control=Control::TextArea
                                            hint=format!("Optional, up to {DESCRIPTION_MAX_CHARS} characters.")
                                            error=field_error(result, "description")
                                        />
                                        <FormField
                                            label="Deadline"
                                            name="deadline"
                                            kind="date"
                                            hint="Optional."
                                            error=field_error(result, "deadline")
                                        />
                                        <FormField
                                            label="Person in charge"
                                            name="pic"
                                            control=Control::Select(pic_options(&form.people))
                                            error=field_error(result, "pic")
                                        />
                                        <div class="flex items-center gap-4">
                                            <SubmitButton label="Create task" pending=create.pending() />
                                            <a href="/" class="text-indigo-700 underline">"Cancel"</a>
                                        </div>
                                    </div>
                                </ActionForm>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </FormCard>
    }
}

/// The "Person in charge" choices: nobody, then everyone by name.
pub fn pic_options(people: &[Person]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Nobody yet".to_owned()))
        .chain(people.iter().map(|p| (p.id.to_string(), p.name.clone())))
        .collect()
}

//! The task page's checklist: a `section` headed **Checklist**, each item a checkbox named by
//! its text (ticked at once, through the island, by the person in charge, the supervisor and
//! admins), how many are done, and for the supervisor and admins the field **New item** with
//! **Add item** and, per item, **Move {text} up/down**, **Rename {text}** (a page state,
//! `?rename_item={id}`) and **Remove {text}** — plain forms, so they work without JavaScript.

use crate::{
    api::checklist::{
        load_checklist, tick_checklist_item, AddChecklistItem, MoveChecklistItem, RemoveChecklistItem,
        RenameChecklistItem,
    },
    domain::checklist::{Checklist, ChecklistItem},
    i18n::*,
    ui::{
        components::{ButtonStyle, Field, FormSpec, ServerForm, Tone},
        locale::use_locale,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ChecklistSection(task_id: i64) -> impl IntoView {
    let locale = use_locale();
    let renaming = use_query_map().with_untracked(|q| q.get("rename_item").and_then(|v| v.parse::<i64>().ok()));
    let checklist = Resource::new(move || task_id, load_checklist);
    view! {
        <section id="checklist" aria-labelledby="checklist-heading" class="border-t border-slate-200 pt-4">
            <h2 id="checklist-heading" class="text-lg font-semibold">{td_string!(locale, task.checklist)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match checklist.await {
                        Ok(checklist) => view! { <ChecklistBody task_id checklist renaming /> }.into_any(),
                        Err(_) => {
                            view! {
                                <p class="text-sm text-slate-600">{td_string!(locale, task.checklist_unavailable)}</p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ChecklistBody(task_id: i64, checklist: Checklist, renaming: Option<i64>) -> impl IntoView {
    let locale = use_locale();
    let Checklist { items, can_tick, can_edit } = checklist;
    let here = format!("/tasks/{task_id}#checklist-heading");
    let editing = can_edit.then(|| {
        let renamed = renaming.and_then(|id| items.iter().find(|item| item.id == id)).cloned();
        let form = match renamed {
            Some(item) => FormSpec::new(RenameChecklistItem::url(), td_string!(locale, task.save_item))
                .hidden("id", item.id)
                .hidden("version", item.version)
                .field(Field::input(td_string!(locale, task.item_text), "text", "text").value(item.text))
                .cancel(&here),
            None => FormSpec::new(AddChecklistItem::url(), td_string!(locale, task.add_item))
                .hidden("task", task_id)
                .field(Field::input(td_string!(locale, task.new_item), "text", "text").autocomplete("off")),
        };
        view! {
            <ul class="mt-3 flex flex-col gap-2">
                {items.iter().cloned().map(|item| view! { <ItemControls item task_id /> }).collect_view()}
            </ul>
            <div class="mt-3"><ServerForm form /></div>
        }
    });
    view! {
        <ChecklistBoxes locale items can_tick />
        {editing}
    }
}

/// The checkboxes, and how many are ticked. A tick is saved at once; if the server refuses it
/// (someone changed the item first, or the right is gone), the box goes back and says why.
#[island]
fn ChecklistBoxes(locale: Locale, items: Vec<ChecklistItem>, can_tick: bool) -> impl IntoView {
    provide_context(locale);
    let items = RwSignal::new(items);
    let problem = RwSignal::new(None::<String>);
    let done = move || items.with(|items| items.iter().filter(|item| item.done).count());
    let total = move || items.with(Vec::len);
    let tick = move |id: i64, checked: bool| {
        let Some(version) = items.with_untracked(|items| items.iter().find(|i| i.id == id).map(|i| i.version)) else {
            return;
        };
        items.update(|items| items.iter_mut().filter(|i| i.id == id).for_each(|i| i.done = checked));
        problem.set(None);
        leptos::task::spawn_local(async move {
            match tick_checklist_item(id, version, checked).await {
                Ok(version) => {
                    items.update(|items| items.iter_mut().filter(|i| i.id == id).for_each(|i| i.version = version))
                }
                Err(error) => {
                    items.update(|items| items.iter_mut().filter(|i| i.id == id).for_each(|i| i.done = !checked));
                    problem.set(Some(error.text(locale).into_owned()));
                }
            }
        });
    };
    view! {
        {move || {
            (total() == 0).then(|| view! { <p class="mt-2 text-sm text-slate-600">{td_string!(locale, task.no_items)}</p> })
        }}
        {move || {
            (total() > 0)
                .then(|| {
                    view! {
                        <p class="mt-1 text-sm text-slate-700">
                            {td_string!(locale, task.items_done, done = done(), total = total()).to_string()}
                        </p>
                    }
                })
        }}
        <ul class="mt-2 flex flex-col gap-1">
            <For
                each=move || items.get()
                key=|item| item.id
                children=move |item| {
                    let id = item.id;
                    let checked = move || items.with(|items| items.iter().any(|i| i.id == id && i.done));
                    view! {
                        <li>
                            <label class="inline-flex items-start gap-2">
                                <input
                                    type="checkbox"
                                    class="mt-1 h-4 w-4 focus-ring"
                                    prop:checked=checked
                                    disabled=!can_tick
                                    on:change=move |event| tick(id, event_target_checked(&event))
                                />
                                <span class="break-words">{item.text.clone()}</span>
                            </label>
                        </li>
                    }
                }
            />
        </ul>
        <div role="alert">
            {move || problem.get().map(|text| view! { <p class=Tone::Error.class()>{text}</p> })}
        </div>
    }
}

/// The supervisor's buttons for one item: plain forms to the server fns (each answers with a
/// redirect back here), and Rename as a page state.
#[component]
fn ItemControls(item: ChecklistItem, task_id: i64) -> impl IntoView {
    let locale = use_locale();
    let text = item.text.as_str();
    let (id, version) = (item.id.to_string(), item.version.to_string());
    let mover = |direction: &'static str, label: String| {
        view! {
            <form method="post" action=MoveChecklistItem::url()>
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="version" value=version.clone() />
                <input type="hidden" name="direction" value=direction />
                <button type="submit" class=ButtonStyle::Secondary.class()>{label}</button>
            </form>
        }
    };
    view! {
        <li class="flex flex-wrap items-center gap-2 text-sm">
            <span class="font-medium break-words">{item.text.clone()}</span>
            {mover("up", td_string!(locale, task.move_item_up, text = text).to_string())}
            {mover("down", td_string!(locale, task.move_item_down, text = text).to_string())}
            <form method="get" action=format!("/tasks/{task_id}")>
                <input type="hidden" name="rename_item" value=id.clone() />
                <button type="submit" class=ButtonStyle::Secondary.class()>
                    {td_string!(locale, task.rename_item, text = text).to_string()}
                </button>
            </form>
            <form method="post" action=RemoveChecklistItem::url()>
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="version" value=version.clone() />
                <button type="submit" class=ButtonStyle::DangerOutline.class()>
                    {td_string!(locale, task.remove_item, text = text).to_string()}
                </button>
            </form>
        </li>
    }
}

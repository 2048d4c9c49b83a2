//! The app's two repeated pieces of styling, named once: boxed messages ([`Alert`]) and
//! buttons ([`ButtonStyle`], [`Button`]). Their classes live in `style/tailwind.css`.

use leptos::prelude::*;

/// What kind of message an [`Alert`] is, which sets its colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Something went wrong; nothing was done.
    Error,
    /// Worth knowing before going on (an expired link, a deleted task).
    Warning,
    /// It worked.
    Success,
}

impl Tone {
    /// The tone's CSS class (`style/tailwind.css`), for a box that is not a paragraph.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Error => "alert-error",
            Tone::Warning => "alert-warning",
            Tone::Success => "alert-success",
        }
    }
}

/// A boxed message. `role` makes it announce itself (`alert` or `status`) when it is not inside
/// a live region already; `class` adds spacing.
#[component]
pub fn Alert(
    tone: Tone,
    #[prop(optional)] role: Option<&'static str>,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let class = if class.is_empty() { tone.class().to_owned() } else { format!("{} {class}", tone.class()) };
    view! { <p role=role class=class>{children()}</p> }
}

/// How a button (or a link that acts as one) looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonStyle {
    /// The page's main action.
    Primary,
    /// Confirms a destructive action.
    Danger,
    /// Starts a destructive action (asks first).
    DangerOutline,
    /// A lesser action beside others.
    Secondary,
}

impl ButtonStyle {
    pub fn class(self) -> &'static str {
        match self {
            ButtonStyle::Primary => "btn-primary",
            ButtonStyle::Danger => "btn-danger",
            ButtonStyle::DangerOutline => "btn-danger-outline",
            ButtonStyle::Secondary => "btn-secondary",
        }
    }
}

/// A submit button of a plain form (one that works without JavaScript).
#[component]
pub fn Button(variant: ButtonStyle, children: Children) -> impl IntoView {
    view! {
        <button type="submit" class=variant.class()>
            {children()}
        </button>
    }
}

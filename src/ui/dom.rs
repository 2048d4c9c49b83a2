//! The few direct DOM calls the islands need (focus, drag data, where the pointer is on a card,
//! sending a form). They only do something in the browser; on the server, where no event ever
//! fires, they are no-ops, so components need no `cfg` of their own.

use crate::domain::AppError;

/// Moves keyboard focus to the element with this id, once the page has re-rendered.
pub fn focus_soon(id: String) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        if let Some(element) = leptos::prelude::document().get_element_by_id(&id) {
            if let Ok(element) = element.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Starts a drag of a card: marks it as a move (not a copy) and puts its id in the drag data,
/// which some browsers need before they drag at all.
pub fn start_drag(event: &leptos::ev::DragEvent, card_id: i64) {
    #[cfg(feature = "hydrate")]
    if let Some(data) = event.data_transfer() {
        data.set_effect_allowed("move");
        let _ = data.set_data("text/plain", &card_id.to_string());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (event, card_id);
}

/// Whether the pointer is in the lower half of the element the handler is on (drop after the
/// card rather than before it).
pub fn in_lower_half(event: &leptos::ev::DragEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(target) = event.current_target().and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok()) else {
            return false;
        };
        let rect = target.get_bounding_client_rect();
        f64::from(event.client_y()) > rect.top() + rect.height() / 2.0
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = event;
        false
    }
}

/// The submitted form's fields, URL-encoded as a server fn reads them.
pub fn form_body(event: &leptos::ev::SubmitEvent) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let form = event.target()?.dyn_into::<leptos::web_sys::HtmlFormElement>().ok()?;
        let data = leptos::web_sys::FormData::new_with_form(&form).ok()?;
        let params = leptos::web_sys::UrlSearchParams::new_with_str_sequence_sequence(data.as_ref()).ok()?;
        Some(params.to_string().into())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = event;
        None
    }
}

/// Posts a form to a server fn. `Ok(Some(location))`: the server sends the browser there;
/// `Ok(None)`: accepted, stay; `Err`: the server's reason, or why it could not be asked.
pub async fn post_form(action: &str, body: String) -> Result<Option<String>, AppError> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::{
            wasm_bindgen::{JsCast, JsValue},
            web_sys::{Headers, RequestInit, Response},
        };
        use wasm_bindgen_futures::JsFuture;

        let unreachable = |_| AppError::Request("the server could not be reached".to_owned());
        let headers = Headers::new().map_err(unreachable)?;
        headers.set("Content-Type", "application/x-www-form-urlencoded").map_err(unreachable)?;
        // JSON, not HTML: the server fn then answers with its result instead of a redirect to
        // the page the form came from.
        headers.set("Accept", "application/json").map_err(unreachable)?;
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&body));
        let response: Response = JsFuture::from(leptos::prelude::window().fetch_with_str_and_init(action, &init))
            .await
            .map_err(unreachable)?
            .unchecked_into();
        let text = JsFuture::from(response.text().map_err(unreachable)?).await.map_err(unreachable)?;
        let text = text.as_string().unwrap_or_default();
        if !response.ok() {
            return Err(serde_json::from_str(&text)
                .unwrap_or_else(|_| AppError::Request(format!("the server answered {}", response.status()))));
        }
        Ok(response.headers().get("location").ok().flatten())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (action, body);
        Err(AppError::Request("forms are sent from the browser".to_owned()))
    }
}

/// The browser's time zone, an IANA name such as `Asia/Seoul` (from `Intl`).
pub fn browser_time_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into()).ok()?.as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Loads another page. A redirect back to this page at an anchor (`/tasks/7#comments`) would
/// only scroll there, showing the page as it was before the form was sent: it is loaded again.
pub fn go_to(location: &str) {
    #[cfg(feature = "hydrate")]
    {
        let current = leptos::prelude::window().location();
        let _ = current.set_href(location);
        if let Some((page, _anchor)) = location.split_once('#') {
            let here = format!("{}{}", current.pathname().unwrap_or_default(), current.search().unwrap_or_default());
            if page.is_empty() || page == here {
                let _ = current.reload();
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = location;
}

/// Puts `query` in the address bar in place of the current query (no new history entry, no
/// load): the page has changed in place, and a reload should show it as it is now.
pub fn replace_query(query: &str) {
    #[cfg(feature = "hydrate")]
    {
        let window = leptos::prelude::window();
        let path = window.location().pathname().unwrap_or_default();
        let url = if query.is_empty() { path } else { format!("{path}?{query}") };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&leptos::wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = query;
}

/// Calls `seen` once, when `element` is in view or comes into it (an `IntersectionObserver`
/// with a screen's height of margin, so the next cards are there before they are reached). One
/// look each: the caller looks again after each page it loads, and the first report of a new
/// observer says whether the element is still in view.
pub fn once_in_view(element: &leptos::web_sys::Element, seen: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::{
            wasm_bindgen::{closure::Closure, JsCast},
            web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit},
        };
        let callback = Closure::<dyn FnMut(js_sys::Array, IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                let visible = entries.iter().any(|entry| {
                    entry.dyn_into::<IntersectionObserverEntry>().is_ok_and(|entry| entry.is_intersecting())
                });
                if visible {
                    observer.disconnect();
                    seen();
                }
            },
        );
        let options = IntersectionObserverInit::new();
        options.set_root_margin("100% 0px");
        if let Ok(observer) = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options) {
            observer.observe(element);
        }
        // Kept as long as the page: the observer may call it any time.
        callback.forget();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (element, seen);
}

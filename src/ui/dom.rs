//! The few direct DOM calls the board needs (focus, drag data, where the pointer is on a card).
//! They only do something in the browser; on the server, where no event ever fires, they are
//! no-ops, so components need no `cfg` of their own.

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

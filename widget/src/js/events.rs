//! Events as JavaScript sees them: the detail object of a [`WidgetEvent`] (what handlers get,
//! and `event.detail` of the DOM events), and the DOM `CustomEvent`s `amazonpay:<kind>` on the
//! shop's host element for script-tag pages.

use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::error::WidgetError;
use crate::events::{Detail, Emitter, WidgetEvent};
#[cfg(feature = "pages")]
use crate::js::codec::ToJs;
use crate::js::codec::{ObjectBuilder, Sink};
use crate::js::error::to_js_error;

/// The event's detail as a plain object: `{error, retryable}` for errors (`error` built by
/// `error`; `retryable` as [`WidgetError::retryable`]), the outcome
/// fields for the result page, `{buyer}` for sign-in, `{amazonPayRedirectUrl}` after
/// place-order, `{}` otherwise.
pub fn detail_with<S: Sink>(event: &WidgetEvent, error: impl FnOnce(&WidgetError) -> S) -> S {
    match event {
        WidgetEvent::Error(e) => ObjectBuilder::default()
            .set_value("error", error(e))
            .set("retryable", e.retryable())
            .build(),
        WidgetEvent::Complete(d) | WidgetEvent::Cancel(d) => match d {
            #[cfg(feature = "pages")]
            Detail::Order(order) => order.to_js(),
            #[cfg(feature = "pages")]
            Detail::Placed(url) => ObjectBuilder::default().set("amazonPayRedirectUrl", url).build(),
            #[cfg(feature = "pages")]
            Detail::Buyer(buyer) => ObjectBuilder::default().set("buyer", buyer.as_ref()).build(),
            Detail::None => S::object(),
        },
        _ => S::object(),
    }
}

/// The event's detail as JavaScript sees it (errors as `AmazonPayError`s).
pub fn detail(event: &WidgetEvent) -> JsValue {
    detail_with(event, to_js_error)
}

/// Dispatches `amazonpay:<kind>` (bubbling, with the event's [`detail`]) on `host`.
pub fn dispatch(host: &Element, event: &WidgetEvent) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&detail(event));
    let mut name = String::from("amazonpay:");
    name.push_str(event.kind().as_str());
    if let Ok(dom_event) = web_sys::CustomEvent::new_with_event_init_dict(&name, &init) {
        let _ = host.dispatch_event(&dom_event);
    }
}

/// Calls the listeners, then dispatches the DOM event on `host` (see [`dispatch`]).
pub fn emit_to(emitter: &Emitter, host: &Element, event: &WidgetEvent) {
    emitter.emit(event);
    dispatch(host, event);
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    fn detail_of(event: &WidgetEvent) -> Value {
        detail_with(event, |e| json!({"code": e.code()}))
    }

    #[test]
    fn details_are_plain_objects() {
        assert_eq!(detail_of(&WidgetEvent::Ready), json!({}));
        assert_eq!(detail_of(&WidgetEvent::Cancel(Detail::None)), json!({}));
        assert_eq!(
            detail_of(&WidgetEvent::Error(WidgetError::Destroyed)),
            json!({"error": {"code": "DESTROYED"}, "retryable": false})
        );
    }

    #[cfg(feature = "pages")]
    #[test]
    fn page_details_carry_what_the_page_learned() {
        use amazon_pay_shared::api::BuyerProfile;

        let placed = WidgetEvent::Complete(Detail::Placed("https://pay.example/next".into()));
        assert_eq!(
            detail_of(&placed),
            json!({"amazonPayRedirectUrl": "https://pay.example/next"})
        );
        let buyer = BuyerProfile {
            buyer_id: "amzn1.account.X".into(),
            ..BuyerProfile::default()
        };
        assert_eq!(
            detail_of(&WidgetEvent::Complete(Detail::Buyer(Box::new(buyer)))),
            json!({"buyer": {"buyerId": "amzn1.account.X"}})
        );
    }
}

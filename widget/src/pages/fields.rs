//! Fills the shop's own form fields (inputs, selects, textareas) from Amazon's buyer and
//! address data, and fires `input` and `change` so the shop's scripts notice.

use amazon_pay_shared::api::{Address, BuyerProfile};
use amazon_pay_shared::wire::ReviewResponse;
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

use crate::error::WidgetError;
use crate::options::FieldSelectors;

/// Values in [`crate::options::FIELD_NAMES`] order: name, postal code, prefecture or state,
/// city, three address lines, phone number, email.
pub type FieldValues<'a> = [Option<&'a str>; 9];

/// How many of the values are address fields (name to the third line): on the review page
/// they are made read-only, as Amazon Pay requires for the address it gives.
const ADDRESS_FIELDS: usize = 7;

fn address_values<'a>(address: Option<&'a Address>, out: &mut FieldValues<'a>) {
    if let Some(a) = address {
        out[1] = a.postal_code.as_deref();
        out[2] = a.state_or_region.as_deref();
        out[3] = a.city.as_deref();
        out[4] = a.address_line1.as_deref();
        out[5] = a.address_line2.as_deref();
        out[6] = a.address_line3.as_deref();
        out[7] = a.phone_number.as_deref();
        out[0] = a.name.as_deref();
    }
}

/// The values of a review: the shipping address, its recipient, the buyer's email.
pub fn from_review(review: &ReviewResponse) -> FieldValues<'_> {
    let mut out: FieldValues<'_> = [None; 9];
    address_values(review.shipping_address.as_ref(), &mut out);
    out[0] = out[0].or(review.buyer_name.as_deref());
    out[7] = out[7].or(review.buyer_phone.as_deref());
    out[8] = review.buyer_email.as_deref();
    out
}

/// The values of a signed-in buyer: the profile, completed by the default shipping address.
pub fn from_buyer(buyer: &BuyerProfile) -> FieldValues<'_> {
    let mut out: FieldValues<'_> = [None; 9];
    address_values(buyer.shipping_address.as_ref(), &mut out);
    out[0] = buyer.name.as_deref().or(out[0]);
    out[1] = out[1].or(buyer.postal_code.as_deref());
    out[7] = buyer.phone_number.as_deref().or(out[7]);
    out[8] = buyer.email.as_deref();
    out
}

/// Sets every field that has both a selector and a value; `read_only_address` makes the
/// address fields read-only. Fields without a value are left as they are. A selector that
/// matches nothing is reported after the others were filled.
pub fn fill(
    document: &Document,
    selectors: &FieldSelectors,
    values: &FieldValues<'_>,
    read_only_address: bool,
) -> Result<(), WidgetError> {
    let mut missing = None;
    for (i, ((_, selector), value)) in selectors.entries().iter().zip(values).enumerate() {
        let (Some(selector), Some(value)) = (selector, value) else {
            continue;
        };
        match document.query_selector(selector).ok().flatten() {
            Some(element) => {
                set_value(&element, value);
                if read_only_address && i < ADDRESS_FIELDS {
                    element.set_attribute("readonly", "").ok();
                }
            }
            None => missing = Some(WidgetError::ElementNotFound((*selector).to_owned())),
        }
    }
    missing.map_or(Ok(()), Err)
}

fn prop(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Sets `.value`; for a `<select>` whose option values are codes, picks the option whose text
/// is the value (e.g. a prefecture list with values `13` and texts `東京都`).
fn set_value(element: &Element, value: &str) {
    let _ = Reflect::set(element, &JsValue::from_str("value"), &JsValue::from_str(value));
    let options = prop(element, "options");
    if prop(element, "value").as_string().as_deref() != Some(value) && options.is_object() {
        let count = prop(&options, "length").as_f64().unwrap_or(0.0) as u32;
        for i in 0..count {
            let option = Reflect::get_u32(&options, i).unwrap_or(JsValue::UNDEFINED);
            if prop(&option, "text").as_string().as_deref().map(str::trim) == Some(value) {
                let _ = Reflect::set(element, &JsValue::from_str("selectedIndex"), &JsValue::from(i));
                break;
            }
        }
    }
    for name in ["input", "change"] {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(event) = web_sys::Event::new_with_event_init_dict(name, &init) {
            let _ = element.dispatch_event(&event);
        }
    }
}

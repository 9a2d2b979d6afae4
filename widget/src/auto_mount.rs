//! Script-tag use: mounts a button in every `[data-amazon-pay-button]` element of the page and
//! a return page in every `[data-amazon-pay-review]`, `[data-amazon-pay-result]` and
//! `[data-amazon-pay-signin]` element, configured by their `data-*` attributes. One bad element
//! never stops the others: its error code goes into its `data-amazon-pay-error` attribute and
//! the console.

use web_sys::Element;

use crate::button::{find_mounted, ButtonRef};
use crate::dom;
use crate::error::{Result, WidgetError};
use crate::options::ButtonOptions;
#[cfg(feature = "pages")]
use crate::options::PageOptions;
#[cfg(feature = "pages")]
use crate::pages::{PageKind, PageRef};
use crate::widget::Widget;

/// The attribute that marks a button slot.
pub const BUTTON_SLOT: &str = "data-amazon-pay-button";
/// The attribute that receives the error code of a slot that could not be mounted.
pub const ERROR_ATTRIBUTE: &str = "data-amazon-pay-error";

/// What happened to one slot.
#[derive(Debug)]
pub struct SlotOutcome {
    /// The slot element.
    pub element: Element,
    /// The mounted button, or why not.
    pub result: Result<ButtonRef>,
}

/// The page slots and the page each mounts.
#[cfg(feature = "pages")]
pub const PAGE_SLOTS: [(&str, PageKind); 3] = [
    ("data-amazon-pay-review", PageKind::Review),
    ("data-amazon-pay-result", PageKind::Result),
    ("data-amazon-pay-signin", PageKind::SignIn),
];

/// What happened to one return-page slot.
#[cfg(feature = "pages")]
#[derive(Debug)]
pub struct PageSlotOutcome {
    /// The slot element.
    pub element: Element,
    /// The mounted page, or why not.
    pub result: Result<PageRef>,
}

fn slots(attribute: &str) -> Result<Vec<Element>> {
    let mut selector = String::from("[");
    selector.push_str(attribute);
    selector.push(']');
    let list = dom::document()?
        .query_selector_all(&selector)
        .map_err(|_| WidgetError::BrowserUnsupported)?;
    Ok((0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
        .collect())
}

fn record<T>(element: &Element, result: &Result<T>) {
    match result {
        Ok(_) => {
            element.remove_attribute(ERROR_ATTRIBUTE).ok();
        }
        Err(e) => {
            element.set_attribute(ERROR_ATTRIBUTE, e.code()).ok();
            web_sys::console::warn_1(&format!("amazon-pay-widget: {} ({e})", e.code()).into());
        }
    }
}

/// Mounts every button slot that has no button yet (so calling it again after the page changed
/// only mounts the new slots).
pub fn mount_all(widget: &Widget) -> Result<Vec<SlotOutcome>> {
    let mut outcomes = Vec::new();
    for element in slots(BUTTON_SLOT)? {
        if find_mounted(&element).is_some() {
            continue;
        }
        let result = ButtonOptions::from_attributes(|name| element.get_attribute(name))
            .and_then(|options| widget.mount_button(&element, options))
            .map(|handle| handle.forget());
        record(&element, &result);
        outcomes.push(SlotOutcome { element, result });
    }
    Ok(outcomes)
}

/// Mounts every review, result and sign-in slot that has no mount yet.
#[cfg(feature = "pages")]
pub fn mount_all_pages(widget: &Widget) -> Result<Vec<PageSlotOutcome>> {
    let mut outcomes = Vec::new();
    for (attribute, kind) in PAGE_SLOTS {
        for element in slots(attribute)? {
            if crate::pages::find_mounted(&element).is_some() {
                continue;
            }
            let result = PageOptions::from_attributes(|name| element.get_attribute(name))
                .and_then(|options| widget.mount_page(kind, &element, options))
                .map(|handle| handle.forget());
            record(&element, &result);
            outcomes.push(PageSlotOutcome { element, result });
        }
    }
    Ok(outcomes)
}

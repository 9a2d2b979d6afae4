//! Script-tag use: mounts a button in every `[data-amazon-pay-button]` element of the page,
//! configured by its `data-*` attributes. One bad element never stops the others: its error
//! code goes into its `data-amazon-pay-error` attribute and the console.

use web_sys::Element;

use crate::button::{find_mounted, ButtonRef};
use crate::dom;
use crate::error::{Result, WidgetError};
use crate::options::ButtonOptions;
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

/// Mounts every slot that has no button yet (so calling it again after the page changed only
/// mounts the new slots).
pub fn mount_all(widget: &Widget) -> Result<Vec<SlotOutcome>> {
    let document = dom::document()?;
    let slots = document
        .query_selector_all(&format!("[{BUTTON_SLOT}]"))
        .map_err(|_| WidgetError::BrowserUnsupported)?;
    let mut outcomes = Vec::new();
    for i in 0..slots.length() {
        let Some(element) = slots
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
        else {
            continue;
        };
        if find_mounted(&element).is_some() {
            continue;
        }
        let result = ButtonOptions::from_attributes(|name| element.get_attribute(name))
            .and_then(|options| widget.mount_button(&element, options))
            .map(|handle| handle.forget());
        match &result {
            Ok(_) => {
                element.remove_attribute(ERROR_ATTRIBUTE).ok();
            }
            Err(e) => {
                element.set_attribute(ERROR_ATTRIBUTE, e.code()).ok();
                web_sys::console::warn_1(&format!("amazon-pay-widget: {} ({e})", e.code()).into());
            }
        }
        outcomes.push(SlotOutcome { element, result });
    }
    Ok(outcomes)
}

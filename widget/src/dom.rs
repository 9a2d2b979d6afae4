//! Small DOM helpers: the window and document, elements, styles through the CSSOM (allowed
//! under a CSP without `'unsafe-inline'`) and page-unique ids.

use std::cell::Cell;

use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement, Window};

use crate::error::{Result, WidgetError};

/// The window.
pub fn window() -> Result<Window> {
    web_sys::window().ok_or(WidgetError::BrowserUnsupported)
}

/// The document.
pub fn document() -> Result<Document> {
    window()?.document().ok_or(WidgetError::BrowserUnsupported)
}

/// A new `<div>`.
pub fn div(document: &Document) -> Result<HtmlElement> {
    document
        .create_element("div")
        .map_err(|_| WidgetError::BrowserUnsupported)?
        .dyn_into::<HtmlElement>()
        .map_err(|_| WidgetError::BrowserUnsupported)
}

/// Sets CSS properties one by one.
pub fn set_style(element: &HtmlElement, properties: &[(&str, &str)]) {
    let style = element.style();
    for (name, value) in properties {
        // Setting a property through the CSSOM cannot fail for valid names.
        let _ = style.set_property(name, value);
    }
}

/// The tab's `sessionStorage`, when the browser allows it.
pub fn session_storage() -> Option<web_sys::Storage> {
    window().ok()?.session_storage().ok().flatten()
}

thread_local! {
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

/// A number unique on this page, for ids and registries.
pub fn next_serial() -> u64 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    })
}

/// An element id that is not used on the page yet.
pub fn unique_id(document: &Document, prefix: &str) -> String {
    loop {
        let id = format!("{prefix}-{}", next_serial());
        if document.get_element_by_id(&id).is_none() {
            return id;
        }
    }
}

#[cfg(feature = "pages")]
/// A new element with one attribute (name, value) and optional text; `Err` only without a
/// working document.
pub fn element(
    document: &Document,
    tag: &str,
    attribute: (&str, &str),
    text: Option<&str>,
) -> Result<HtmlElement> {
    let element = document
        .create_element(tag)
        .map_err(|_| WidgetError::BrowserUnsupported)?
        .dyn_into::<HtmlElement>()
        .map_err(|_| WidgetError::BrowserUnsupported)?;
    if !attribute.0.is_empty() {
        element.set_attribute(attribute.0, attribute.1).ok();
    }
    if text.is_some() {
        element.set_text_content(text);
    }
    Ok(element)
}

#[cfg(feature = "pages")]
/// Appends `child` to `parent`.
pub fn append(parent: &web_sys::Node, child: &web_sys::Node) -> Result<()> {
    parent
        .append_child(child)
        .map(drop)
        .map_err(|_| WidgetError::BrowserUnsupported)
}

#[cfg(feature = "pages")]
/// The first value of a query parameter of the page address (`?name=value`), decoded.
pub fn url_param(name: &str) -> Option<String> {
    let search = window().ok()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key != name {
            return None;
        }
        let value = value.replace('+', " ");
        js_sys::decode_uri_component(&value).ok().map(String::from)
    })
}

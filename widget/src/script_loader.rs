//! Loads the region's checkout.js once per page. Concurrent loads of the same URL share one
//! `<script>` element and one promise; a failed load is forgotten so a later mount can retry.
//! If `amazon.Pay` is already on the page (the shop included the script itself), nothing is
//! loaded.

use std::cell::RefCell;

use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::amazon;
use crate::dom;
use crate::error::{Result, WidgetError};

thread_local! {
    static LOADS: RefCell<Vec<(String, Promise)>> = const { RefCell::new(Vec::new()) };
}

/// Makes sure checkout.js from `url` has run on this page.
pub async fn load(url: &str) -> Result<()> {
    if amazon::is_loaded() {
        return Ok(());
    }
    let promise = match LOADS.with(|l| l.borrow().iter().find(|(u, _)| u == url).map(|(_, p)| p.clone())) {
        Some(p) => p,
        None => {
            let p = start(url)?;
            LOADS.with(|l| l.borrow_mut().push((url.to_owned(), p.clone())));
            p
        }
    };
    let outcome = JsFuture::from(promise).await;
    if outcome.is_err() || !amazon::is_loaded() {
        LOADS.with(|l| l.borrow_mut().retain(|(u, _)| u != url));
        return Err(WidgetError::ScriptLoadFailed(url.to_owned()));
    }
    Ok(())
}

fn start(url: &str) -> Result<Promise> {
    let document = dom::document()?;
    let script: web_sys::HtmlScriptElement = document
        .create_element("script")
        .map_err(|_| WidgetError::BrowserUnsupported)?
        .unchecked_into();
    script.set_src(url);
    script.set_async(true);
    script.set_attribute("data-amazon-pay-widget", "checkout.js").ok();
    let parent: web_sys::Element = match document.head() {
        Some(head) => head.into(),
        None => document
            .document_element()
            .ok_or(WidgetError::BrowserUnsupported)?,
    };
    let mut inserted: std::result::Result<(), JsValue> = Ok(());
    let promise = Promise::new(&mut |resolve, reject| {
        script.set_onload(Some(&resolve));
        script.set_onerror(Some(&reject));
        inserted = parent.append_child(&script).map(drop);
    });
    inserted.map_err(|_| WidgetError::ScriptLoadFailed(url.to_owned()))?;
    Ok(promise)
}

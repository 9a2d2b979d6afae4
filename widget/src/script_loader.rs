//! Loads the region's checkout.js once per page. Concurrent loads of the same URL share one
//! `<script>` element and one promise; a failed load is forgotten so a later mount can retry.
//! If `amazon.Pay` is already on the page (the shop included the script itself), nothing is
//! loaded. A `<script>` the script tag's bootstrap started for the same URL (it starts
//! checkout.js the moment `/v1/config` names it, while the wasm may still be loading; see
//! `widget/js/script-tag.js`) is waited for, not added again.

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

/// The load of checkout.js from `url` that the bootstrap started: its `<script>` (marked, with
/// exactly this `src`) carries the promise of its load as `amazonPayLoad`.
fn started_by_bootstrap(document: &web_sys::Document, url: &str) -> Option<Promise> {
    let scripts = document
        .query_selector_all("script[data-amazon-pay-widget]")
        .ok()?;
    (0..scripts.length())
        .filter_map(|i| scripts.item(i))
        .find_map(|node| {
            let script: &web_sys::Element = node.unchecked_ref();
            if script.get_attribute("src").as_deref() != Some(url) {
                return None;
            }
            js_sys::Reflect::get(&node, &JsValue::from_str("amazonPayLoad"))
                .ok()?
                .dyn_into::<Promise>()
                .ok()
        })
}

fn start(url: &str) -> Result<Promise> {
    let document = dom::document()?;
    if let Some(started) = started_by_bootstrap(&document, url) {
        return Ok(started);
    }
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

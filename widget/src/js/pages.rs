//! The return pages' JavaScript surface: `mountReview`, `mountResult` and `mountSignIn` of
//! `AmazonPay`, and the `ReturnPage` class they return.

use std::cell::RefCell;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::error::WidgetError;
use crate::js::api::{js_handler, parse_event, resolve_element, take_handler, AmazonPay, JsHandlers};
use crate::js::error::js_err;
use crate::js::value::from_value;
use crate::options::{PageOptions, RawPageOptions};
use crate::pages::{PageKind, PageRef};

impl AmazonPay {
    fn mount_page(&self, kind: PageKind, element: JsValue, options: JsValue) -> Result<ReturnPage, JsValue> {
        let host = resolve_element(&element).map_err(js_err)?;
        let options = if options.is_undefined() || options.is_null() {
            PageOptions::default()
        } else {
            let raw: RawPageOptions =
                from_value(&options).map_err(|e| js_err(WidgetError::option("options", e)))?;
            PageOptions::from_raw(raw).map_err(js_err)?
        };
        let page = self.widget.mount_page(kind, &host, options).map_err(js_err)?;
        Ok(ReturnPage {
            page: page.forget(),
            handlers: RefCell::new(Vec::new()),
        })
    }
}

#[wasm_bindgen]
impl AmazonPay {
    /// Mounts the review page (`checkoutReviewReturnUrl`) into a fresh child of `element`:
    /// buyer, shipping address and payment method (or the shop's own `fields` filled), change
    /// links and the place-order button.
    #[wasm_bindgen(js_name = mountReview)]
    pub fn mount_review(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Element | string")] element: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageOptions")] options: JsValue,
    ) -> Result<ReturnPage, JsValue> {
        self.mount_page(PageKind::Review, element, options)
    }

    /// Mounts the result page (`checkoutResultReturnUrl`): completes the checkout once and
    /// explains the outcome.
    #[wasm_bindgen(js_name = mountResult)]
    pub fn mount_result(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Element | string")] element: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageOptions")] options: JsValue,
    ) -> Result<ReturnPage, JsValue> {
        self.mount_page(PageKind::Result, element, options)
    }

    /// Mounts the sign-in return page (`signInReturnUrl`): reads the buyer and fills the
    /// shop's `fields`.
    #[wasm_bindgen(js_name = mountSignIn)]
    pub fn mount_sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Element | string")] element: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageOptions")] options: JsValue,
    ) -> Result<ReturnPage, JsValue> {
        self.mount_page(PageKind::SignIn, element, options)
    }
}

/// A mounted review, result or sign-in page (what `mountReview`, `mountResult` and
/// `mountSignIn` return). `destroy()` removes it from the page.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ReturnPage {
    page: PageRef,
    handlers: JsHandlers,
}

impl ReturnPage {
    /// The Rust reference behind this handle.
    pub fn page_ref(&self) -> &PageRef {
        &self.page
    }
}

#[wasm_bindgen]
impl ReturnPage {
    /// Removes the page's elements and listeners (and the button inside it, if any). Safe to
    /// call more than once.
    pub fn destroy(&self) {
        self.handlers.borrow_mut().clear();
        self.page.destroy();
    }

    /// True once destroyed (also when another mount replaced it).
    #[wasm_bindgen(getter)]
    pub fn destroyed(&self) -> bool {
        self.page.is_destroyed()
    }

    /// Listens to `ready`, `click`, `cancel`, `error` or `complete` (see `ButtonEvent`).
    pub fn on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ButtonEventName")] event: &str,
        #[wasm_bindgen(unchecked_param_type = "(event: ButtonEvent) => void")] handler: Function,
    ) -> Result<(), JsValue> {
        let kind = parse_event(event)?;
        let id = self.page.on(kind, js_handler(&handler));
        self.handlers.borrow_mut().push((kind, handler, id));
        Ok(())
    }

    /// Removes a handler added with `on`.
    pub fn off(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ButtonEventName")] event: &str,
        #[wasm_bindgen(unchecked_param_type = "(event: ButtonEvent) => void")] handler: Function,
    ) {
        if let Some(id) = take_handler(&self.handlers, event, &handler) {
            self.page.off(id);
        }
    }
}

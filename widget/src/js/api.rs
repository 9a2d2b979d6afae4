//! The JavaScript surface of the widget: `loadAmazonPay`, `version`, and the `AmazonPay` and
//! `Button` classes (the return pages' methods and `ReturnPage` are in [`super::pages`]).
//!
//! ```js
//! import init, { loadAmazonPay } from "amazon-pay-widget";
//! await init();
//! const amazonPay = await loadAmazonPay("https://signer.example");
//! const button = amazonPay.mountButton("#pay", {
//!   placement: "Cart", productType: "PayAndShip", buttonColor: "Gold",
//!   size: { pc: "medium", smartphone: "large" },
//!   cart: { lines: [{ sku: "TEA-1", quantity: 2 }], estimatedOrderAmount: { amount: "2400", currencyCode: "JPY" } },
//! });
//! button.on("error", (event) => console.warn(event.error.code));
//! button.update([{ sku: "TEA-1", quantity: 3 }]);
//! button.destroy();
//!
//! const result = amazonPay.mountResult("#result", { cart: [{ sku: "TEA-1", quantity: 3 }], cartUrl: "/cart" });
//! result.on("complete", (event) => console.log(event.outcome, event.orderReference));
//! ```
//!
//! Errors are `Error` objects named `AmazonPayError` with a stable `.code` (see
//! [`WidgetError::CODES`]); signer errors also carry `.signerCode`, `.status` and `.requestId`.

use std::cell::RefCell;
use std::rc::Rc;

use amazon_pay_shared::wire::ConfigResponse;
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::button::ButtonRef;
use crate::error::WidgetError;
use crate::events::{EventKind, Handler, ListenerId, WidgetEvent};
use crate::js::error::js_err;
use crate::js::events::detail;
use crate::js::value::from_value;
use crate::options::{self, ButtonOptions, RawButtonOptions, RawCart};
use crate::signer_client::{FetchSignerClient, SignerClient, SignerFuture};
use crate::widget::Widget;

// Amazon's values are spelt as in `amazon_pay_shared::vocabulary` (a test compares them).
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One catalog line; the signer prices it. */
export interface CartLine { sku: string; quantity: number }
/** An exact amount: a decimal string, never a float. */
export interface Price { amount: string; currencyCode: string }
/** A cart: its lines, or an object with lines, a merchant-signed token and the estimated total. */
export type Cart = CartLine[] | { lines?: CartLine[]; cartToken?: string; estimatedOrderAmount?: Price };
export type ButtonSize = "small" | "medium" | "large";
/** Amazon's chargePermissionType: Recurring and PaymentMethodOnFile keep the buyer's payment
 *  method; OneTime (with an address) is the Additional Payment Button for one payment. */
export type ChargePermissionType = "OneTime" | "Recurring" | "PaymentMethodOnFile";
/** Amazon's recurringMetadata: a subscription is charged every `value` (`"1"` to `"999"`) `unit`s. */
export interface RecurringMetadata { frequency: { unit: "Year" | "Month" | "Week" | "Day" | "Variable"; value: string } }
/** The shop's address for the Additional Payment Button (Amazon's addressDetails). Amazon's
 *  country rules apply: JP needs stateOrRegion (the prefecture); elsewhere city, and outside
 *  the EU stateOrRegion too (none for UK, GB, SG, AE, MX). */
export interface ShopAddress {
  name: string; addressLine1: string; addressLine2?: string; addressLine3?: string; city?: string;
  districtOrCounty?: string; stateOrRegion?: string; postalCode: string; countryCode: string; phoneNumber: string;
}
/** Options of mountButton; unset values come from the signer's /v1/config. */
export interface ButtonOptions {
  placement?: "Home" | "Product" | "Cart" | "Checkout" | "Other";
  productType?: "PayAndShip" | "PayOnly" | "SignIn";
  buttonColor?: "Gold" | "LightGray" | "DarkGray";
  size?: ButtonSize | { pc?: ButtonSize; smartphone?: ButtonSize };
  cart?: Cart;
  cartToken?: string;
  estimatedOrderAmount?: Price;
  checkoutLanguage?: string;
  /** Keep the payment method: the button asks the signer's /v1/permission-button. */
  chargePermissionType?: ChargePermissionType;
  /** Recurring only, and required there. */
  recurringMetadata?: RecurringMetadata;
  /** PaymentMethodOnFile: save the payment method only, nothing charged (give no cart). */
  setupOnly?: boolean;
  /** The Additional Payment Button: the shop's address; the buyer pays at once. */
  address?: ShopAddress;
}
export type ButtonEventName = "ready" | "click" | "cancel" | "error" | "complete";
/** The shop's own form fields (CSS selectors) a return page fills. */
export interface FieldSelectors {
  name?: string; postalCode?: string; stateOrRegion?: string; city?: string;
  addressLine1?: string; addressLine2?: string; addressLine3?: string;
  phoneNumber?: string; email?: string;
}
/** Options of mountReview, mountResult and mountSignIn (each uses what it needs). */
export interface PageOptions {
  /** Sent with place-order (review); the fresh button after a decline uses it (result). */
  cart?: Cart;
  cartToken?: string;
  /** Review: fill these instead of showing buyer and address. Sign-in: the registration form. */
  fields?: FieldSelectors;
  /** Where "back to the cart" leads. */
  cartUrl?: string;
  /** Default: the page address's amazonCheckoutSessionId. */
  checkoutSessionId?: string;
  /** Default: the page address's buyerToken. */
  buyerToken?: string;
  /** The language of the widget's text (default: the signer's; ja_JP gives Japanese). */
  checkoutLanguage?: string;
  /** Result: what the checkout kept, so the fresh button after a decline is the same kind
   *  (a subscription stays a subscription). Amazon does not say it of a declined checkout. */
  chargePermissionType?: ChargePermissionType;
  /** Result, with chargePermissionType Recurring: the subscription's frequency. */
  recurringMetadata?: RecurringMetadata;
}
export type Outcome = "completed" | "pending" | "declined" | "canceled" | "expired" | "error";
/** An Amazon address, as the signer gives it. */
export interface Address {
  name?: string; addressLine1?: string; addressLine2?: string; addressLine3?: string; city?: string;
  county?: string; district?: string; stateOrRegion?: string; postalCode?: string; countryCode?: string;
  phoneNumber?: string;
}
/** The signed-in buyer (sign-in `complete`). */
export interface Buyer {
  buyerId: string; name?: string; email?: string; postalCode?: string; countryCode?: string;
  phoneNumber?: string; shippingAddress?: Address; billingAddress?: Address; primeMembershipTypes?: string[];
}
/** `event.detail` of the DOM events and the fields of the handler's event object. */
export interface EventDetail {
  error?: AmazonPayError;
  /** With `error`: the same as `error.retryable`. */
  retryable?: boolean;
  /** Result page. */
  outcome?: Outcome; checkoutSessionId?: string; orderReference?: string;
  chargeId?: string; chargePermissionId?: string; reasonCode?: string;
  /** Review page, after place-order (the buyer is sent there next). */
  amazonPayRedirectUrl?: string;
  /** Result page of a recurring checkout: the subscription it started, with the token the
   *  shop keeps to show it later (the signer's `POST /v1/subscription`). */
  subscription?: SubscriptionAccess;
  /** Sign-in return page. */
  buyer?: Buyer;
}
/** A subscription and the buyer's token for it (only the browser that completed its checkout
 *  gets it; it is a credential: keep it out of URLs and logs). */
export interface SubscriptionAccess { id: string; token: string }
export type AmazonPayErrorCode =
  | "BROWSER_UNSUPPORTED" | "ELEMENT_NOT_FOUND" | "OPTION_INVALID" | "CART_INVALID"
  | "SCRIPT_LOAD_FAILED" | "SCRIPT_ERROR" | "NETWORK_ERROR" | "SIGNER_ERROR"
  | "RESPONSE_INVALID" | "DESTROYED" | "PARAMETER_MISSING" | "CHECKOUT_NOT_IN_THIS_BROWSER";
/** Every error the widget throws or emits. */
export interface AmazonPayError extends Error {
  name: "AmazonPayError";
  code: AmazonPayErrorCode;
  /** True when trying again may help (the network, the signer's 429 and 5xx but
   *  CONFIG_INVALID, checkout.js not loading): the buyer is asked to try again. False for what
   *  stays until the shop changes something (an unknown SKU, an amount over the limit, a
   *  refused origin, an invalid configuration or option): the buyer is told Amazon Pay is not
   *  available, and the console says what to fix. */
  retryable: boolean;
  /** The signer's own code, for SIGNER_ERROR. */
  signerCode?: string;
  /** The HTTP status, for SIGNER_ERROR. */
  status?: number;
  /** The signer's x-request-id, for SIGNER_ERROR answers that carried one. */
  requestId?: string;
}
export interface ButtonEvent extends EventDetail { type: ButtonEventName; detail: EventDetail }
"#;

/// The widget's version, as the npm package reports it.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Loads the widget for a signer: fetches its `/v1/config` and the region's checkout.js (once
/// per page). Rejects with an `AmazonPayError`.
///
/// `prefetched` is for the script tag's bootstrap (leave it out): the `/v1/config` request it
/// started while the wasm was still loading, `{url, response}` (`response`: a promise of its
/// `Response`, or of a copy with the same status, headers and body). Its answer is read and
/// checked exactly as the widget's own request would be, and it is used only when `url` is the
/// one the widget requests for `signer`;
/// otherwise the widget asks itself. The bootstrap then calls `mountAll()` on the result once
/// the page is parsed.
#[wasm_bindgen(js_name = loadAmazonPay)]
pub async fn load_amazon_pay(
    signer: String,
    #[wasm_bindgen(unchecked_optional_param_type = "unknown")] prefetched: JsValue,
) -> Result<AmazonPay, JsValue> {
    let client = FetchSignerClient::new(&signer).map_err(js_err)?;
    let config = prefetched_config(&client, &prefetched).unwrap_or_else(|| client.config());
    let widget = Widget::load_with_config(Rc::new(client), config)
        .await
        .map_err(js_err)?;
    Ok(AmazonPay { widget })
}

/// The prefetched `/v1/config` answer of `{url, response}`, when it is one for `client`.
fn prefetched_config(
    client: &FetchSignerClient,
    prefetched: &JsValue,
) -> Option<SignerFuture<ConfigResponse>> {
    if !prefetched.is_object() {
        return None;
    }
    let url = Reflect::get(prefetched, &JsValue::from_str("url"))
        .ok()?
        .as_string()?;
    let response = Reflect::get(prefetched, &JsValue::from_str("response"))
        .ok()?
        .dyn_into::<Promise>()
        .ok()?;
    client.prefetched_config(&url, response)
}

/// The loaded widget (what `loadAmazonPay` resolves to).
#[wasm_bindgen]
#[derive(Debug)]
pub struct AmazonPay {
    pub(crate) widget: Widget,
}

impl AmazonPay {
    /// Wraps a widget loaded from Rust (with any [`crate::SignerClient`]).
    pub fn from_widget(widget: Widget) -> AmazonPay {
        AmazonPay { widget }
    }
}

pub(crate) fn resolve_element(element: &JsValue) -> Result<web_sys::Element, WidgetError> {
    if let Some(selector) = element.as_string() {
        let document = crate::dom::document()?;
        return document
            .query_selector(&selector)
            .ok()
            .flatten()
            .ok_or(WidgetError::ElementNotFound(selector));
    }
    element
        .dyn_ref::<web_sys::Element>()
        .cloned()
        .ok_or_else(|| WidgetError::ElementNotFound("not an element or a selector".into()))
}

fn parse_options(options: JsValue) -> Result<ButtonOptions, WidgetError> {
    if options.is_undefined() || options.is_null() {
        return Ok(ButtonOptions::default());
    }
    let raw: RawButtonOptions = from_value(&options).map_err(|e| WidgetError::option("options", e))?;
    ButtonOptions::from_raw(raw)
}

#[wasm_bindgen]
impl AmazonPay {
    /// Renders a button into a fresh child of `element` (an element or a CSS selector).
    /// Mounting again into the same element replaces the button there.
    #[wasm_bindgen(js_name = mountButton)]
    pub fn mount_button(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Element | string")] element: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ButtonOptions")] options: JsValue,
    ) -> Result<Button, JsValue> {
        let host = resolve_element(&element).map_err(js_err)?;
        let options = parse_options(options).map_err(js_err)?;
        let handle = self.widget.mount_button(&host, options).map_err(js_err)?;
        Ok(Button {
            button: handle.forget(),
            handlers: RefCell::new(Vec::new()),
        })
    }

    /// Mounts a button in every `[data-amazon-pay-button]` element, and the return page in
    /// every `[data-amazon-pay-review]`, `[data-amazon-pay-result]` and
    /// `[data-amazon-pay-signin]` element, without one yet; returns how many were mounted.
    /// Slots that fail get `data-amazon-pay-error="<code>"`.
    #[wasm_bindgen(js_name = mountAll)]
    pub fn mount_all(&self) -> Result<u32, JsValue> {
        #[cfg(feature = "pages")]
        let pages = crate::auto_mount::mount_all_pages(&self.widget)
            .map_err(js_err)?
            .iter()
            .filter(|o| o.result.is_ok())
            .count();
        #[cfg(not(feature = "pages"))]
        let pages = 0;
        let buttons = crate::auto_mount::mount_all(&self.widget).map_err(js_err)?;
        Ok((pages + buttons.iter().filter(|o| o.result.is_ok()).count()) as u32)
    }

    /// Mounts a button configured by the element's `data-*` attributes (`data-placement`,
    /// `data-product-type`, `data-color`, `data-size`, `data-cart`, …).
    #[wasm_bindgen(js_name = mountButtonFromAttributes)]
    pub fn mount_button_from_attributes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Element | string")] element: JsValue,
    ) -> Result<Button, JsValue> {
        let host = resolve_element(&element).map_err(js_err)?;
        let options = ButtonOptions::from_attributes(|name| host.get_attribute(name)).map_err(js_err)?;
        let handle = self.widget.mount_button(&host, options).map_err(js_err)?;
        Ok(Button {
            button: handle.forget(),
            handlers: RefCell::new(Vec::new()),
        })
    }
}

/// A mounted button (what `mountButton` returns). Letting it be garbage-collected (or calling
/// `free()`) does not remove the button from the page; `destroy()` does.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Button {
    button: ButtonRef,
    handlers: JsHandlers,
}

impl Button {
    /// The Rust reference behind this handle.
    pub fn button_ref(&self) -> &ButtonRef {
        &self.button
    }
}

/// The object a handler gets: `{type, detail, ...detail}`.
fn event_object(event: &WidgetEvent) -> JsValue {
    let detail = detail(event);
    let object = Object::assign(&Object::new(), detail.unchecked_ref());
    let _ = Reflect::set(
        &object,
        &JsValue::from_str("type"),
        &JsValue::from_str(event.kind().as_str()),
    );
    let _ = Reflect::set(&object, &JsValue::from_str("detail"), &detail);
    object.into()
}

pub(crate) fn parse_event(event: &str) -> Result<EventKind, JsValue> {
    EventKind::parse(event).ok_or_else(|| {
        js_err(WidgetError::option(
            "event",
            format!("'{event}' is not an event name"),
        ))
    })
}

/// A Rust listener calling a JavaScript handler; an exception in it is reported, never passed on.
pub(crate) fn js_handler(handler: &Function) -> Handler {
    let callback = handler.clone();
    Rc::new(move |event: &WidgetEvent| {
        if let Err(e) = callback.call1(&JsValue::NULL, &event_object(event)) {
            web_sys::console::error_2(
                &JsValue::from_str("amazon-pay-widget: an event handler threw"),
                &e,
            );
        }
    })
}

pub(crate) type JsHandlers = RefCell<Vec<(EventKind, Function, ListenerId)>>;

/// Removes the matching handler from `handlers`; returns its listener id.
pub(crate) fn take_handler(handlers: &JsHandlers, event: &str, handler: &Function) -> Option<ListenerId> {
    let kind = EventKind::parse(event)?;
    let mut handlers = handlers.borrow_mut();
    let pos = handlers.iter().position(|(k, h, _)| *k == kind && h == handler)?;
    Some(handlers.remove(pos).2)
}

#[wasm_bindgen]
impl Button {
    /// Replaces the cart: updates Amazon's estimated amount and shows or hides the button by
    /// the display limits.
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Cart")] cart: JsValue,
    ) -> Result<(), JsValue> {
        let raw: RawCart = from_value(&cart).map_err(|e| js_err(WidgetError::CartInvalid(e)))?;
        let cart = options::cart_from_raw(raw).map_err(js_err)?;
        self.button.update(cart).map_err(js_err)
    }

    /// Removes the button, its elements and listeners. Safe to call more than once.
    pub fn destroy(&self) {
        self.handlers.borrow_mut().clear();
        self.button.destroy();
    }

    /// True once destroyed (also when another mount replaced it).
    #[wasm_bindgen(getter)]
    pub fn destroyed(&self) -> bool {
        self.button.is_destroyed()
    }

    /// Listens to `ready`, `click`, `cancel`, `error` or `complete`. The handler gets
    /// `{type, detail, ...detail}` (`error` for errors); an exception in it is reported, never
    /// passed on.
    pub fn on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ButtonEventName")] event: &str,
        #[wasm_bindgen(unchecked_param_type = "(event: ButtonEvent) => void")] handler: Function,
    ) -> Result<(), JsValue> {
        let kind = parse_event(event)?;
        let id = self.button.on(kind, js_handler(&handler));
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
            self.button.off(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use amazon_pay_shared::vocabulary::{
        ButtonColor, ChargePermissionType, FrequencyUnit, Placement, ProductType, Vocabulary,
    };

    /// This file's text: the TypeScript declarations exist only as wasm-bindgen's custom
    /// section, not as a Rust value a test could read.
    const SOURCE: &str = include_str!("api.rs");

    /// `"A" | "B" | "C"` for `T`'s values.
    fn union<T: Vocabulary>() -> String {
        let names: Vec<String> = T::NAMES.iter().map(|n| format!("\"{n}\"")).collect();
        names.join(" | ")
    }

    /// The TypeScript declarations spell Amazon's sets exactly as the shared vocabulary does.
    #[test]
    fn typescript_unions_are_the_shared_vocabulary() {
        for declared in [
            format!("placement?: {};", union::<Placement>()),
            format!("productType?: {};", union::<ProductType>()),
            format!("buttonColor?: {};", union::<ButtonColor>()),
            format!("type ChargePermissionType = {};", union::<ChargePermissionType>()),
            format!("unit: {};", union::<FrequencyUnit>()),
        ] {
            assert!(SOURCE.contains(&declared), "{declared}");
        }
    }
}

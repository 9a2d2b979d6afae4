//! One Amazon Pay button: mount, update, destroy.
//!
//! * The button renders into a fresh wrapper `<div>` the widget owns inside the shop's host
//!   element: `host > div[data-amazon-pay-widget] > (div#amazon-pay-button-N, div[role=status])`.
//!   checkout.js takes over the inner div (attributes, shadow root); of the shop's element the
//!   widget sets only the `data-amazon-pay-mounted` marker, `aria-busy` while a click is being
//!   signed, and its `min-width` and `min-height` (the button's size, while it is shown).
//! * The inner div has a fixed size ([`crate::size`]) so checkout.js's resize observer settles;
//!   the host's `min-width` and `min-height` are set to it before checkout.js renders, so the
//!   page does not move when the button appears (the shop's CSS reserves the same size before
//!   the widget loads).
//! * While the signer signs a click, the host has `aria-busy="true"` and the button is dimmed
//!   with a progress cursor; both are cleared when the answer is in.
//! * Decoupled click: checkout.js calls our `onClick` callback; the widget asks the signer for
//!   a freshly signed payload (`POST /v1/button`, or `POST /v1/permission-button` for a button
//!   that keeps the payment method) and calls `initCheckout` with it.
//! * Mounting into an element that already holds a button destroys that button first; destroy
//!   is idempotent and removes every element and listener the mount added.
//! * Failures show one calm line under the button (with the error code) and an `error` event;
//!   the page keeps working and the next click tries again. The line says "try again" only for
//!   errors that may pass ([`WidgetError::retryable`]); for the others it says Amazon Pay is not
//!   available and the console names what the shop should fix ([`crate::advice`]). After a
//!   failed click the focus moves to the line (a live region).

use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use amazon_pay_shared::wire::{ButtonRequest, SignInButtonRequest};
use gloo_events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{Element, HtmlElement, MediaQueryList};

use crate::amazon::{AmazonButton, InitCheckout, RenderOptions};
use crate::context::MountContext;
use crate::copy::Lang;
use crate::dom;
use crate::error::{Result, WidgetError};
use crate::events::{Emitter, EventKind, Handler, ListenerId, WidgetEvent};
use crate::js::events::emit_to;
use crate::options::{ButtonOptions, Cart};
use crate::permission::PermissionButtonRequest;
use crate::registry::{self, Mount};
pub use crate::registry::{HOST_MARKER, WRAPPER_MARKER};
use crate::size::{Viewport, SMARTPHONE_QUERY};
use crate::vocabulary::ProductType;
/// The id prefix of the element checkout.js renders into.
pub const BUTTON_ID_PREFIX: &str = "amazon-pay-button";
/// The `sessionStorage` key set when a button sends the buyer to Amazon Pay (its time in ms).
/// A return page clears it; a button mounted while it is set (the buyer is back at the shop
/// through the cancel URL, or went back) says the checkout was canceled.
pub const STARTED_KEY: &str = "amazon-pay-widget:checkout-started";
/// How long a started checkout counts (Amazon Pay's hosted pages time out well before).
const STARTED_FOR_MS: u64 = 60 * 60 * 1000;

fn mark_started() {
    if let Some(storage) = dom::session_storage() {
        let _ = storage.set_item(STARTED_KEY, &(js_sys::Date::now() as u64).to_string());
    }
}

/// Clears the started-checkout mark; true when it was set within the last hour.
pub(crate) fn take_started() -> bool {
    let Some(storage) = dom::session_storage() else {
        return false;
    };
    let mark = storage.get_item(STARTED_KEY).ok().flatten();
    if mark.is_some() {
        let _ = storage.remove_item(STARTED_KEY);
    }
    let now = js_sys::Date::now() as u64;
    mark.and_then(|m| m.parse::<u64>().ok())
        .is_some_and(|at| at <= now && now - at < STARTED_FOR_MS)
}

/// How many buttons are mounted on the page.
pub fn mounted_count() -> usize {
    registry::count::<ButtonInner>()
}

/// The DOM and listeners of a live mount.
struct Mounted {
    wrapper: HtmlElement,
    button: HtmlElement,
    message: HtmlElement,
    amazon: AmazonButton,
    options: ButtonOptions,
    product_type: ProductType,
    media: Option<MediaQueryList>,
    _viewport_listener: Option<EventListener>,
    busy: bool,
}

struct ButtonInner {
    serial: u64,
    shared: Rc<MountContext>,
    host: Element,
    state: RefCell<Option<Mounted>>,
    emitter: Emitter,
}

impl fmt::Debug for ButtonInner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Button")
            .field("serial", &self.serial)
            .field("mounted", &self.state.borrow().is_some())
            .field("emitter", &self.emitter)
            .finish()
    }
}

/// A reference to a mounted button. Cloning it does not keep the button on the page longer:
/// the button stays until [`ButtonRef::destroy`] or a new mount in the same element.
#[derive(Debug, Clone)]
pub struct ButtonRef {
    inner: Rc<ButtonInner>,
}

/// The owner of a mounted button: dropping it destroys the button (like gloo's
/// `EventListener`). [`ButtonHandle::forget`] hands the button over to the page.
#[derive(Debug)]
pub struct ButtonHandle {
    button: Option<ButtonRef>,
}

impl Deref for ButtonHandle {
    type Target = ButtonRef;

    fn deref(&self) -> &ButtonRef {
        // `button` is only `None` inside `forget`, which consumes the handle.
        self.button
            .as_ref()
            .expect_throw("ButtonHandle used after forget")
    }
}

impl Drop for ButtonHandle {
    fn drop(&mut self) {
        if let Some(button) = self.button.take() {
            button.destroy();
        }
    }
}

impl ButtonHandle {
    /// Keeps the button mounted after the handle is gone; it can still be destroyed through
    /// the returned reference or by mounting again into the same element.
    pub fn forget(mut self) -> ButtonRef {
        self.button.take().expect_throw("ButtonHandle used after forget")
    }
}

impl ButtonRef {
    /// True once destroyed (by [`ButtonRef::destroy`] or a new mount in the same element).
    pub fn is_destroyed(&self) -> bool {
        self.inner.state.borrow().is_none()
    }

    /// The element checkout.js rendered into (for tests and styling), while mounted.
    pub fn button_element(&self) -> Option<HtmlElement> {
        self.inner.state.borrow().as_ref().map(|m| m.button.clone())
    }

    /// True while the button is shown (the cart total is within the display limits).
    pub fn is_shown(&self) -> bool {
        self.inner
            .state
            .borrow()
            .as_ref()
            .is_some_and(|m| m.wrapper.style().get_property_value("display").ok().as_deref() != Some("none"))
    }

    /// Replaces the cart: calls `updateButtonInfo` with the new estimated total and shows or
    /// hides the button by the display limits.
    pub fn update(&self, cart: Cart) -> Result<()> {
        cart.validate()?;
        let amazon = {
            let mut state = self.inner.state.borrow_mut();
            let mounted = state.as_mut().ok_or(WidgetError::Destroyed)?;
            if let Some(permission) = &mounted.options.permission {
                permission.validate(&cart)?;
            }
            mounted.options.cart = cart.clone();
            mounted.amazon.clone()
        };
        self.inner.clear_message(false);
        if let Some(amount) = &cart.estimated_order_amount {
            if let Err(e) = amazon.update_button_info(&amount.to_price()) {
                self.inner.fail(e.clone());
                return Err(e);
            }
        }
        self.inner.apply_visibility();
        Ok(())
    }

    /// Adds an event listener.
    pub fn on(&self, kind: EventKind, handler: Handler) -> ListenerId {
        self.inner.emitter.on(kind, handler)
    }

    /// Removes an event listener.
    pub fn off(&self, id: ListenerId) -> bool {
        self.inner.emitter.off(id)
    }

    /// Removes the button, its elements and its listeners. Safe to call more than once.
    pub fn destroy(&self) {
        self.inner.destroy();
    }
}

/// See [`crate::Widget::mount_button`].
pub(crate) fn mount(
    shared: Rc<MountContext>,
    host: &Element,
    options: ButtonOptions,
) -> Result<ButtonHandle> {
    options.validate()?;
    if !host.is_connected() {
        return Err(WidgetError::ElementNotFound(
            "the element is not in the document".into(),
        ));
    }
    // Mount twice → the first mount goes away, whoever still holds it.
    registry::release_host(host);
    let document = dom::document()?;
    // A setup-only button ships nothing: Amazon's PayOnly.
    let setup_only = options.permission.as_ref().is_some_and(|p| p.setup_only);
    let product_type = match options.product_type {
        Some(product_type) => product_type,
        None if setup_only => ProductType::PayOnly,
        None => shared.product_type,
    };
    let render = RenderOptions {
        merchant_id: shared.config.merchant_id.clone(),
        ledger_currency: shared.config.ledger_currency.clone(),
        placement: options.placement.unwrap_or(shared.placement).as_str().to_owned(),
        product_type: product_type.as_str().to_owned(),
        button_color: options
            .button_color
            .unwrap_or(shared.button_color)
            .as_str()
            .to_owned(),
        checkout_language: options
            .checkout_language
            .clone()
            .or_else(|| Some(shared.config.checkout_language.clone()).filter(|l| !l.is_empty())),
        sandbox: shared.config.sandbox,
        public_key_id: shared.config.public_key_id.clone(),
        estimated_order_amount: options.cart.estimated_order_amount.map(|m| m.to_price()),
    };

    let wrapper = dom::div(&document)?;
    wrapper.set_attribute(WRAPPER_MARKER, "button").ok();
    dom::set_style(&wrapper, &[("display", "block")]);
    let button = dom::div(&document)?;
    let id = dom::unique_id(&document, BUTTON_ID_PREFIX);
    button.set_id(&id);
    let message = dom::div(&document)?;
    message.set_attribute("role", "status").ok();
    message.set_attribute("aria-live", "polite").ok();
    message.set_attribute("tabindex", "-1").ok();
    message.set_attribute("data-amazon-pay-message", "").ok();
    dom::set_style(
        &message,
        &[
            ("display", "none"),
            ("margin-top", "4px"),
            ("font-size", "12px"),
            ("line-height", "1.4"),
            ("color", "#565959"),
            ("max-width", "320px"),
        ],
    );
    wrapper
        .append_child(&button)
        .map_err(|_| WidgetError::BrowserUnsupported)?;
    wrapper
        .append_child(&message)
        .map_err(|_| WidgetError::BrowserUnsupported)?;
    host.append_child(&wrapper)
        .map_err(|_| WidgetError::BrowserUnsupported)?;

    let media = dom::window()?.match_media(SMARTPHONE_QUERY).ok().flatten();
    let viewport = viewport_of(media.as_ref());
    size_button(host, &button, &options, viewport);

    let amazon = match AmazonButton::render(&format!("#{id}"), &render) {
        Ok(amazon) => amazon,
        Err(e) => {
            wrapper.remove();
            return Err(e);
        }
    };

    let inner = Rc::new(ButtonInner {
        serial: dom::next_serial(),
        shared,
        host: host.clone(),
        state: RefCell::new(None),
        emitter: Emitter::default(),
    });

    // checkout.js keeps the callback as long as its button lives; the callback holds the button
    // weakly, so after destroy it does nothing and keeps nothing alive.
    let weak = Rc::downgrade(&inner);
    let callback = Closure::<dyn FnMut()>::new(move || {
        if let Some(inner) = weak.upgrade() {
            inner.clicked();
        }
    })
    .into_js_value();
    if let Err(e) = amazon.on_click(callback.unchecked_ref()) {
        wrapper.remove();
        return Err(e);
    }

    let viewport_listener = media.as_ref().map(|mql| {
        let weak = Rc::downgrade(&inner);
        EventListener::new(mql, "change", move |_| {
            if let Some(inner) = weak.upgrade() {
                inner.apply_size();
            }
        })
    });

    *inner.state.borrow_mut() = Some(Mounted {
        wrapper,
        button,
        message,
        amazon,
        options,
        product_type,
        media,
        _viewport_listener: viewport_listener,
        busy: false,
    });
    registry::register(&inner);
    inner.apply_visibility();

    let returned = take_started();
    // `ready` (and `cancel` for a buyer back without paying) after the caller had a chance to
    // listen.
    let weak = Rc::downgrade(&inner);
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(inner) = weak.upgrade() {
            if inner.state.borrow().is_some() {
                emit_to(&inner.emitter, &inner.host, &WidgetEvent::Ready);
            }
            if returned {
                inner.canceled();
            }
        }
    });

    Ok(ButtonHandle {
        button: Some(ButtonRef { inner }),
    })
}

fn viewport_of(media: Option<&MediaQueryList>) -> Viewport {
    if media.is_some_and(MediaQueryList::matches) {
        Viewport::Smartphone
    } else {
        Viewport::Pc
    }
}

/// Pins the button's size, and the host's `min-width` and `min-height` to it.
fn size_button(host: &Element, button: &HtmlElement, options: &ButtonOptions, viewport: Viewport) {
    let size = options.size.dimensions(viewport);
    let (w, h) = (format!("{}px", size.width), format!("{}px", size.height));
    // Any element with a style (HTML or SVG) will do.
    dom::set_style(host.unchecked_ref(), &[("min-width", &w), ("min-height", &h)]);
    dom::set_style(
        button,
        &[
            ("display", "block"),
            ("box-sizing", "border-box"),
            ("width", &w),
            ("min-width", &w),
            ("max-width", &w),
            ("height", &h),
            ("min-height", &h),
            ("max-height", &h),
        ],
    );
}

impl ButtonInner {
    fn apply_size(&self) {
        if let Some(m) = self.state.borrow().as_ref() {
            size_button(&self.host, &m.button, &m.options, viewport_of(m.media.as_ref()));
        }
    }

    fn apply_visibility(&self) {
        let state = self.state.borrow();
        let Some(m) = state.as_ref() else { return };
        let shown = self
            .shared
            .rule
            .shows(m.options.cart.estimated_order_amount.as_ref());
        if shown {
            m.wrapper.style().remove_property("display").ok();
            m.wrapper.remove_attribute("data-amazon-pay-hidden").ok();
            // checkout.js may have re-clamped the size while hidden: pin it again.
            size_button(&self.host, &m.button, &m.options, viewport_of(m.media.as_ref()));
        } else {
            // What the shop's CSS reserves is left; nothing of the widget's.
            self.unpin_host();
            dom::set_style(&m.wrapper, &[("display", "none")]);
            m.wrapper.set_attribute("data-amazon-pay-hidden", "total").ok();
        }
    }

    fn clicked(self: Rc<Self>) {
        let (cart, product_type, placement, color, permission) = {
            let mut state = self.state.borrow_mut();
            let Some(m) = state.as_mut() else { return };
            if m.busy {
                return;
            }
            m.busy = true;
            self.show_busy(m, true);
            (
                m.options.cart.clone(),
                m.product_type,
                m.options.placement.unwrap_or(self.shared.placement),
                m.options.button_color.unwrap_or(self.shared.button_color),
                m.options.permission.clone(),
            )
        };
        self.clear_message(true);
        emit_to(&self.emitter, &self.host, &WidgetEvent::Click);
        let client = self.shared.client.clone();
        let weak = Rc::downgrade(&self);
        wasm_bindgen_futures::spawn_local(async move {
            let request = match product_type {
                ProductType::SignIn => {
                    let answer = client
                        .sign_in_button(SignInButtonRequest {
                            placement: Some(placement),
                            binding_hash: None,
                        })
                        .await;
                    answer.map(|a| InitCheckout {
                        create_checkout_session_config: None,
                        sign_in_config: Some(a.sign_in_config),
                        estimated_order_amount: None,
                    })
                }
                _ => {
                    let signing = match &permission {
                        Some(p) => {
                            client.permission_button(PermissionButtonRequest::new(p, placement, &cart))
                        }
                        None => client.button(ButtonRequest {
                            product_type,
                            placement,
                            cart: cart.lines.clone(),
                            cart_token: cart.cart_token.clone(),
                            amount: None,
                            button_color: Some(color),
                            binding_hash: None,
                        }),
                    };
                    // Setup only charges nothing: no amount to show at Amazon.
                    let setup_only = permission.is_some_and(|p| p.setup_only);
                    signing.await.map(|a| InitCheckout {
                        create_checkout_session_config: Some(a.create_checkout_session_config),
                        sign_in_config: None,
                        estimated_order_amount: (!setup_only).then_some(a.estimated_order_amount),
                    })
                }
            };
            if let Some(inner) = weak.upgrade() {
                inner.signed(request);
            }
        });
    }

    fn signed(&self, request: Result<InitCheckout>) {
        let amazon = {
            let mut state = self.state.borrow_mut();
            let Some(m) = state.as_mut() else { return };
            m.busy = false;
            self.show_busy(m, false);
            m.amazon.clone()
        };
        match request.and_then(|r| amazon.init_checkout(&r)) {
            Ok(()) => mark_started(),
            Err(e) => {
                self.fail(e);
                // The buyer clicked: the line says what happened, and the focus goes there.
                if let Some(m) = self.state.borrow().as_ref() {
                    m.message.focus().ok();
                }
            }
        }
    }

    /// `aria-busy` on the host and a dimmed button with a progress cursor while signing.
    fn show_busy(&self, m: &Mounted, busy: bool) {
        let style = m.button.style();
        if busy {
            self.host.set_attribute("aria-busy", "true").ok();
            dom::set_style(&m.button, &[("opacity", "0.6"), ("cursor", "progress")]);
        } else {
            self.host.remove_attribute("aria-busy").ok();
            style.remove_property("opacity").ok();
            style.remove_property("cursor").ok();
        }
    }

    fn unpin_host(&self) {
        let host: &HtmlElement = self.host.unchecked_ref();
        host.style().remove_property("min-width").ok();
        host.style().remove_property("min-height").ok();
    }

    fn lang(&self, m: &Mounted) -> Lang {
        self.shared.lang(m.options.checkout_language.as_deref())
    }

    /// The buyer is back without paying: says so under the button, marks the wrapper
    /// `data-amazon-pay-outcome="canceled"` and fires `cancel`.
    fn canceled(&self) {
        let Some(()) = self.state.borrow().as_ref().map(|m| {
            m.wrapper
                .set_attribute("data-amazon-pay-outcome", "canceled")
                .ok();
            m.message
                .set_text_content(Some(crate::copy::canceled_line(self.lang(m))));
            m.message.style().remove_property("display").ok();
        }) else {
            return;
        };
        emit_to(
            &self.emitter,
            &self.host,
            &WidgetEvent::Cancel(crate::events::Detail::None),
        );
    }

    fn fail(&self, error: WidgetError) {
        if let Some(m) = self.state.borrow().as_ref() {
            let line = crate::copy::error_line(self.lang(m), &error);
            m.message.set_text_content(Some(&line));
            m.message.set_attribute("data-code", error.code()).ok();
            m.message
                .set_attribute("data-retryable", if error.retryable() { "true" } else { "false" })
                .ok();
            if let Some((code, _)) = error.signer_detail() {
                m.message.set_attribute("data-signer-code", code).ok();
            }
            m.message.style().remove_property("display").ok();
        }
        crate::advice::report(&error);
        emit_to(&self.emitter, &self.host, &WidgetEvent::Error(error));
    }

    /// Hides the message line; a cart update keeps the canceled note, a click clears it too.
    fn clear_message(&self, clicked: bool) {
        if let Some(m) = self.state.borrow().as_ref() {
            if !clicked && m.wrapper.has_attribute("data-amazon-pay-outcome") {
                return;
            }
            m.wrapper.remove_attribute("data-amazon-pay-outcome").ok();
            m.message.set_text_content(None);
            m.message.remove_attribute("data-code").ok();
            m.message.remove_attribute("data-signer-code").ok();
            m.message.remove_attribute("data-retryable").ok();
            dom::set_style(&m.message, &[("display", "none")]);
        }
    }

    fn destroy(&self) {
        let Some(mounted) = self.state.borrow_mut().take() else {
            return;
        };
        // Dropping `mounted` removes the viewport listener.
        mounted.wrapper.remove();
        self.unpin_host();
        self.host.remove_attribute("aria-busy").ok();
        drop(mounted);
        registry::unregister(self.serial, &self.host);
        self.emitter.clear();
    }
}

impl Mount for ButtonInner {
    fn serial(&self) -> u64 {
        self.serial
    }

    fn host(&self) -> &Element {
        &self.host
    }

    fn destroy(&self) {
        ButtonInner::destroy(self);
    }
}

/// The button mounted in `host`, if any.
pub fn find_mounted(host: &Element) -> Option<ButtonRef> {
    registry::find::<ButtonInner>(host).map(|inner| ButtonRef { inner })
}

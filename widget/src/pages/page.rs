//! What the return-page mounts (review, result, sign-in) share: the wrapper element the widget
//! owns inside the shop's host, the message line, events, and destroy.
//!
//! `host > div[data-amazon-pay-widget="review|result|signin"] > (div[data-amazon-pay-message], …)`.
//! Destroy is idempotent and removes every element and listener the mount added. Each page's
//! own flow lives in [`super::review`], [`super::result`] and [`super::signin`].

use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::UnwrapThrowExt;
use web_sys::{Document, Element, HtmlElement};

use crate::button::ButtonRef;
use crate::context::MountContext;
use crate::copy::{self, Lang, Text};
use crate::dom;
use crate::error::{Result, WidgetError};
use crate::events::{Emitter, EventKind, Handler, ListenerId, WidgetEvent};
use crate::js::events::emit_to;
use crate::options::PageOptions;
use crate::registry::{self, Mount};

/// The attribute carrying the outcome of the result and sign-in pages.
pub const OUTCOME_ATTRIBUTE: &str = "data-amazon-pay-outcome";
/// The attribute of the message line.
pub const MESSAGE_ATTRIBUTE: &str = "data-amazon-pay-message";
/// The attribute of the elements holding values (`buyer`, `email`, `address`, …).
pub const FIELD_ATTRIBUTE: &str = "data-amazon-pay-field";
/// The attribute of links and buttons (`change-address`, `place-order`, `back-to-cart`, …).
pub const ACTION_ATTRIBUTE: &str = "data-amazon-pay-action";

/// Which return page a mount runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// The review page (`checkoutReviewReturnUrl`).
    Review,
    /// The result page (`checkoutResultReturnUrl`).
    Result,
    /// The sign-in return page (`signInReturnUrl`).
    SignIn,
}

impl PageKind {
    /// The wrapper's `data-amazon-pay-widget` value.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Review => "review",
            PageKind::Result => "result",
            PageKind::SignIn => "signin",
        }
    }
}

/// The DOM and listeners of a live page mount.
pub(crate) struct PageDom {
    pub(crate) document: Document,
    pub(crate) wrapper: HtmlElement,
    pub(crate) message: HtmlElement,
    /// A button mounted inside the page (the fresh button after a decline).
    pub(crate) button: Option<ButtonRef>,
    pub(crate) listeners: Vec<EventListener>,
}

/// One mounted return page.
pub(crate) struct PageInner {
    pub(crate) serial: u64,
    pub(crate) kind: PageKind,
    pub(crate) shared: Rc<MountContext>,
    pub(crate) host: Element,
    pub(crate) lang: Lang,
    pub(crate) options: PageOptions,
    pub(crate) emitter: Emitter,
    pub(crate) state: RefCell<Option<PageDom>>,
}

impl fmt::Debug for PageInner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("kind", &self.kind)
            .field("serial", &self.serial)
            .field("mounted", &self.state.borrow().is_some())
            .finish()
    }
}

impl PageInner {
    /// True until destroyed.
    pub(crate) fn is_live(&self) -> bool {
        self.state.borrow().is_some()
    }

    /// Runs `f` on the live DOM; `None` once destroyed.
    pub(crate) fn with_dom<T>(&self, f: impl FnOnce(&mut PageDom) -> T) -> Option<T> {
        self.state.borrow_mut().as_mut().map(f)
    }

    /// Calls the listeners and dispatches the DOM event in a microtask (so that the caller of
    /// `mount` can listen first, even to an error found while mounting), while mounted.
    pub(crate) fn emit(self: &Rc<Self>, event: &WidgetEvent) {
        let (page, event) = (Rc::downgrade(self), event.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(page) = page.upgrade().filter(|p| p.is_live()) {
                emit_to(&page.emitter, &page.host, &event);
            }
        });
    }

    /// Shows one line in the message element (`None` hides it); `code` goes into `data-code`.
    pub(crate) fn say(&self, text: Option<&str>, code: Option<&str>) {
        self.with_dom(|d| {
            d.message.set_text_content(text);
            match code {
                Some(code) => d.message.set_attribute("data-code", code).ok(),
                None => d.message.remove_attribute("data-code").ok(),
            };
            if text.is_some() {
                d.message.style().remove_property("display").ok();
            } else {
                dom::set_style(&d.message, &[("display", "none")]);
            }
        });
    }

    /// Shows the error's calm line, moves the focus to it, tells the console what the shop
    /// should fix (for an error that stays) and fires `error`.
    pub(crate) fn fail(self: &Rc<Self>, error: WidgetError) {
        self.say(Some(&copy::error_line(self.lang, &error)), Some(error.code()));
        self.focus_message();
        crate::advice::report(&error);
        self.emit(&WidgetEvent::Error(error));
    }

    /// Moves the focus to the message line (a live region), after an error or a decline.
    pub(crate) fn focus_message(&self) {
        self.with_dom(|d| d.message.focus().ok());
    }

    /// Sets `data-amazon-pay-outcome` on the wrapper.
    pub(crate) fn set_outcome(&self, outcome: &str) {
        self.with_dom(|d| d.wrapper.set_attribute(OUTCOME_ATTRIBUTE, outcome).ok());
    }

    /// A new element (one attribute, optional text), appended to `parent` or the wrapper.
    pub(crate) fn add(
        &self,
        parent: Option<&Element>,
        tag: &str,
        attribute: (&str, &str),
        text: Option<&str>,
    ) -> Result<HtmlElement> {
        let state = self.state.borrow();
        let d = state.as_ref().ok_or(WidgetError::Destroyed)?;
        let element = dom::element(&d.document, tag, attribute, text)?;
        match parent {
            Some(parent) => dom::append(parent, &element)?,
            None => dom::append(&d.wrapper, &element)?,
        }
        Ok(element)
    }

    /// The link back to the cart (`a[data-amazon-pay-action="back-to-cart"]`), when the shop
    /// gave `cartUrl`.
    pub(crate) fn add_back_link(&self) {
        if let Some(url) = &self.options.cart_url {
            if let Ok(link) = self.add(
                None,
                "a",
                (ACTION_ATTRIBUTE, "back-to-cart"),
                Some(Text::BackToCart.get(self.lang)),
            ) {
                link.set_attribute("href", url).ok();
            }
        }
    }

    /// The client of the signer.
    pub(crate) fn client(&self) -> Rc<dyn crate::SignerClient> {
        self.shared.client.clone()
    }

    pub(crate) fn destroy(&self) {
        let Some(dom) = self.state.borrow_mut().take() else {
            return;
        };
        if let Some(button) = &dom.button {
            button.destroy();
        }
        dom.wrapper.remove();
        // Dropping `dom` removes its listeners.
        drop(dom);
        registry::unregister(self.serial, &self.host);
        self.emitter.clear();
    }
}

/// A reference to a mounted return page; it stays until [`PageRef::destroy`] or a new mount
/// in the same element.
#[derive(Debug, Clone)]
pub struct PageRef {
    pub(crate) inner: Rc<PageInner>,
}

impl PageRef {
    /// Which page this is.
    pub fn kind(&self) -> PageKind {
        self.inner.kind
    }

    /// True once destroyed.
    pub fn is_destroyed(&self) -> bool {
        !self.inner.is_live()
    }

    /// The wrapper element the widget owns, while mounted.
    pub fn wrapper(&self) -> Option<HtmlElement> {
        self.inner.with_dom(|d| d.wrapper.clone())
    }

    /// The button mounted inside the page (after a decline), while there is one.
    pub fn button(&self) -> Option<ButtonRef> {
        self.inner.with_dom(|d| d.button.clone()).flatten()
    }

    /// Adds an event listener.
    pub fn on(&self, kind: EventKind, handler: Handler) -> ListenerId {
        self.inner.emitter.on(kind, handler)
    }

    /// Removes an event listener.
    pub fn off(&self, id: ListenerId) -> bool {
        self.inner.emitter.off(id)
    }

    /// Removes the page's elements and listeners. Safe to call more than once.
    pub fn destroy(&self) {
        self.inner.destroy();
    }
}

/// The owner of a mounted return page: dropping it destroys the page;
/// [`PageHandle::forget`] hands it over to the page.
#[derive(Debug)]
pub struct PageHandle {
    pub(crate) page: Option<PageRef>,
}

impl Deref for PageHandle {
    type Target = PageRef;

    fn deref(&self) -> &PageRef {
        // `page` is only `None` inside `forget`, which consumes the handle.
        self.page.as_ref().expect_throw("PageHandle used after forget")
    }
}

impl Drop for PageHandle {
    fn drop(&mut self) {
        if let Some(page) = self.page.take() {
            page.destroy();
        }
    }
}

impl PageHandle {
    /// Keeps the page mounted after the handle is gone.
    pub fn forget(mut self) -> PageRef {
        self.page.take().expect_throw("PageHandle used after forget")
    }
}

impl Mount for PageInner {
    fn serial(&self) -> u64 {
        self.serial
    }

    fn host(&self) -> &Element {
        &self.host
    }

    fn destroy(&self) {
        PageInner::destroy(self);
    }
}

/// The page mounted in `host`, if any.
pub fn find_mounted(host: &Element) -> Option<PageRef> {
    registry::find::<PageInner>(host).map(|inner| PageRef { inner })
}

/// Makes a fresh page mount of `kind` in `host` (releasing what was mounted there): the
/// wrapper and its message line, registered; the page's flow is not started yet.
pub(crate) fn open(
    shared: Rc<MountContext>,
    kind: PageKind,
    host: &Element,
    options: PageOptions,
) -> Result<Rc<PageInner>> {
    options.cart.validate()?;
    if !host.is_connected() {
        return Err(WidgetError::ElementNotFound(
            "the element is not in the document".into(),
        ));
    }
    registry::release_host(host);
    // The buyer is back from Amazon Pay on a return page: not a cancel.
    crate::button::take_started();
    let document = dom::document()?;
    let wrapper = dom::element(&document, "div", (registry::WRAPPER_MARKER, kind.as_str()), None)?;
    let message = dom::element(&document, "div", (MESSAGE_ATTRIBUTE, ""), None)?;
    message.set_attribute("role", "status").ok();
    message.set_attribute("aria-live", "polite").ok();
    message.set_attribute("tabindex", "-1").ok();
    dom::set_style(&message, &[("display", "none")]);
    dom::append(&wrapper, &message)?;
    dom::append(host, &wrapper)?;
    let inner = Rc::new(PageInner {
        serial: dom::next_serial(),
        kind,
        lang: shared.lang(options.checkout_language.as_deref()),
        shared,
        host: host.clone(),
        options,
        emitter: Emitter::default(),
        state: RefCell::new(Some(PageDom {
            document,
            wrapper,
            message,
            button: None,
            listeners: Vec::new(),
        })),
    });
    registry::register(&inner);
    Ok(inner)
}

/// The value of an option, else of a query parameter of the page address; checked by `valid`.
pub(crate) fn parameter(option: Option<&str>, name: &str, valid: fn(&str) -> bool) -> Result<String> {
    let value = option.map(str::to_owned).or_else(|| dom::url_param(name));
    match value {
        Some(v) if valid(&v) => Ok(v),
        _ => Err(WidgetError::MissingParameter(name.to_owned())),
    }
}

//! Events of every mount (`ready`, `click`, `cancel`, `error`, `complete`) and their
//! listeners. [`crate::js::events`] turns them into plain objects and into the DOM
//! `CustomEvent`s (`amazonpay:ready`, …) that script-tag pages listen to on the host element.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

#[cfg(feature = "pages")]
use amazon_pay_shared::api::BuyerProfile;

use crate::error::WidgetError;
#[cfg(feature = "pages")]
use crate::outcome::OrderResult;

/// The event names, as JavaScript spells them in `on(name, handler)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// The button is rendered.
    Ready,
    /// The buyer clicked; checkout is starting.
    Click,
    /// The buyer cancelled.
    Cancel,
    /// Something failed; the payload is the error.
    Error,
    /// Checkout completed.
    Complete,
}

impl EventKind {
    /// Parses an event name.
    pub fn parse(name: &str) -> Option<EventKind> {
        match name {
            "ready" => Some(EventKind::Ready),
            "click" => Some(EventKind::Click),
            "cancel" => Some(EventKind::Cancel),
            "error" => Some(EventKind::Error),
            "complete" => Some(EventKind::Complete),
            _ => None,
        }
    }

    /// The name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Ready => "ready",
            EventKind::Click => "click",
            EventKind::Cancel => "cancel",
            EventKind::Error => "error",
            EventKind::Complete => "complete",
        }
    }
}

/// What a `complete` or `cancel` event carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// Nothing more.
    None,
    /// The result page: the outcome and the order reference.
    #[cfg(feature = "pages")]
    Order(OrderResult),
    /// The review page placed the order; the buyer goes to this Amazon Pay URL next.
    #[cfg(feature = "pages")]
    Placed(String),
    /// The sign-in return page: the signed-in buyer.
    #[cfg(feature = "pages")]
    Buyer(Box<BuyerProfile>),
}

/// One event with its payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WidgetEvent {
    /// See [`EventKind::Ready`].
    Ready,
    /// See [`EventKind::Click`].
    Click,
    /// See [`EventKind::Cancel`].
    Cancel(Detail),
    /// See [`EventKind::Error`].
    Error(WidgetError),
    /// See [`EventKind::Complete`].
    Complete(Detail),
}

impl WidgetEvent {
    /// The event's kind.
    pub fn kind(&self) -> EventKind {
        match self {
            WidgetEvent::Ready => EventKind::Ready,
            WidgetEvent::Click => EventKind::Click,
            WidgetEvent::Cancel(_) => EventKind::Cancel,
            WidgetEvent::Error(_) => EventKind::Error,
            WidgetEvent::Complete(_) => EventKind::Complete,
        }
    }
}

/// A listener.
pub type Handler = Rc<dyn Fn(&WidgetEvent)>;

/// Identifies a listener for [`Emitter::off`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ListenerId(u32);

/// The listeners of one mount.
#[derive(Default)]
pub struct Emitter {
    next: Cell<u32>,
    listeners: RefCell<Vec<(ListenerId, EventKind, Handler)>>,
}

impl fmt::Debug for Emitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emitter")
            .field("listeners", &self.listeners.borrow().len())
            .finish()
    }
}

impl Emitter {
    /// Adds a listener.
    pub fn on(&self, kind: EventKind, handler: Handler) -> ListenerId {
        let id = ListenerId(self.next.get());
        self.next.set(self.next.get().wrapping_add(1));
        self.listeners.borrow_mut().push((id, kind, handler));
        id
    }

    /// Removes a listener; true if it was there.
    pub fn off(&self, id: ListenerId) -> bool {
        let mut listeners = self.listeners.borrow_mut();
        let before = listeners.len();
        listeners.retain(|(i, _, _)| *i != id);
        listeners.len() != before
    }

    /// Calls every listener of the event's kind. Listeners may add or remove listeners.
    pub fn emit(&self, event: &WidgetEvent) {
        let kind = event.kind();
        let handlers: Vec<Handler> = self
            .listeners
            .borrow()
            .iter()
            .filter(|(_, k, _)| *k == kind)
            .map(|(_, _, h)| h.clone())
            .collect();
        for handler in handlers {
            handler(event);
        }
    }

    /// Removes every listener.
    pub fn clear(&self) {
        self.listeners.borrow_mut().clear();
    }

    /// How many listeners there are.
    pub fn len(&self) -> usize {
        self.listeners.borrow().len()
    }

    /// True without listeners.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

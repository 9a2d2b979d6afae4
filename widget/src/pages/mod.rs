//! The return pages Amazon Pay sends the buyer back to: the review page
//! (`checkoutReviewReturnUrl`), the result page (`checkoutResultReturnUrl`) and the sign-in
//! return page (`signInReturnUrl`). What they share (wrapper, message line, events, destroy)
//! is [`page`]; each page's flow is its own module; [`fields`] fills the shop's own form.
//!
//! Mounting into an element that already holds a mount (button or page) destroys that one
//! first (the mounts of a page are registered by host element).

pub mod fields;
pub mod page;
pub mod result;
pub mod review;
pub mod signin;

use std::rc::Rc;

use web_sys::Element;

use crate::context::MountContext;
use crate::error::Result;
use crate::options::PageOptions;
pub use page::{find_mounted, PageHandle, PageKind, PageRef};

/// Mounts a return page of `kind` in `host` and starts its flow (see
/// [`crate::Widget::mount_page`]).
pub(crate) fn mount(
    shared: Rc<MountContext>,
    kind: PageKind,
    host: &Element,
    options: PageOptions,
) -> Result<PageHandle> {
    let inner = page::open(shared, kind, host, options)?;
    match kind {
        PageKind::Review => review::start(&inner),
        PageKind::Result => result::start(&inner),
        PageKind::SignIn => signin::start(&inner),
    }
    Ok(PageHandle {
        page: Some(PageRef { inner }),
    })
}

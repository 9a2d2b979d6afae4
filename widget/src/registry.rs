//! Every mount on the page (buttons and return pages), by the host element it lives in: what
//! the mounts register themselves with, and what finds or releases the mount of a host.
//!
//! A host carries `data-amazon-pay-mounted="<serial>"` while a mount lives in it; a lookup
//! matches that serial and the very element (a cloned element carries the marker of the mount
//! it was copied from).

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;

/// The attribute set on the shop's host element while a button or page is mounted in it.
pub const HOST_MARKER: &str = "data-amazon-pay-mounted";
/// The attribute of the wrapper element the widget owns.
pub const WRAPPER_MARKER: &str = "data-amazon-pay-widget";

/// A live mount.
pub(crate) trait Mount: Any {
    /// Its page-unique serial (the value of [`HOST_MARKER`]).
    fn serial(&self) -> u64;
    /// The shop's element it lives in.
    fn host(&self) -> &Element;
    /// Removes it (its elements and listeners) and unregisters it.
    fn destroy(&self);
}

struct Entry {
    mount: Rc<dyn Mount>,
    any: Rc<dyn Any>,
}

thread_local! {
    static MOUNTS: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// Adds a freshly mounted `mount` and marks its host.
pub(crate) fn register<T: Mount>(mount: &Rc<T>) {
    mount
        .host()
        .set_attribute(HOST_MARKER, &mount.serial().to_string())
        .ok();
    let entry = Entry {
        mount: mount.clone(),
        any: mount.clone(),
    };
    MOUNTS.with(|m| m.borrow_mut().push(entry));
}

/// Removes the mount `serial` (and its host's marker, while the marker is its own).
pub(crate) fn unregister(serial: u64, host: &Element) {
    if host.get_attribute(HOST_MARKER).as_deref() == Some(serial.to_string().as_str()) {
        host.remove_attribute(HOST_MARKER).ok();
    }
    MOUNTS.with(|m| m.borrow_mut().retain(|e| e.mount.serial() != serial));
}

/// The mount living in `host`, of any kind.
fn mounted_at(host: &Element) -> Option<(Rc<dyn Mount>, Rc<dyn Any>)> {
    let serial = host.get_attribute(HOST_MARKER)?;
    MOUNTS.with(|m| {
        m.borrow()
            .iter()
            .find(|e| e.mount.serial().to_string() == serial && e.mount.host() == host)
            .map(|e| (e.mount.clone(), e.any.clone()))
    })
}

/// The mount of type `T` living in `host`, if any.
pub(crate) fn find<T: Mount>(host: &Element) -> Option<Rc<T>> {
    mounted_at(host).and_then(|(_, any)| any.downcast::<T>().ok())
}

/// How many mounts of type `T` are on the page.
pub(crate) fn count<T: Mount>() -> usize {
    MOUNTS.with(|m| m.borrow().iter().filter(|e| e.any.is::<T>()).count())
}

/// Makes `host` free for a new mount: destroys the mount living there and removes a stale
/// wrapper (server-rendered or cloned HTML).
pub(crate) fn release_host(host: &Element) {
    if host.has_attribute(HOST_MARKER) {
        if let Some((mount, _)) = mounted_at(host) {
            mount.destroy();
        }
        host.remove_attribute(HOST_MARKER).ok();
    }
    if let Ok(Some(stale)) = host.query_selector(":scope > [data-amazon-pay-widget]") {
        stale.remove();
    }
}

//! What every return page shares: their language, mounting again and destroy.

use crate::support::*;

#[wasm_bindgen_test]
async fn english_copy_outside_japan() {
    let signer = TestSigner::new();
    *signer.language.borrow_mut() = "en_US".into();
    let widget = widget(&signer).await;
    let host = new_host();
    let page = widget
        .mount_result(
            &host,
            PageOptions::new().with_checkout_session_id(session("pend")),
        )
        .unwrap();
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert_eq!(
        wrapper.get_attribute("data-amazon-pay-outcome").as_deref(),
        Some("pending")
    );
    assert!(wrapper
        .text_content()
        .unwrap()
        .contains("Thank you for your order"));
    assert!(wrapper.text_content().unwrap().contains("Amazon Pay reference"));
    // The option wins over the signer's language.
    let host = new_host();
    let review = widget
        .mount_review(
            &host,
            PageOptions::new()
                .with_checkout_session_id(session("open"))
                .with_checkout_language("ja_JP"),
        )
        .unwrap();
    settle().await;
    assert!(review
        .wrapper()
        .unwrap()
        .text_content()
        .unwrap()
        .contains("お支払い方法"));
}

#[wasm_bindgen_test]
async fn pages_mount_again_destroy_and_leave_nothing_behind() {
    track_listeners();
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let host = new_host();
    let baseline = live_listener_count();
    let id = session("open");
    let first = widget
        .mount_review(&host, PageOptions::new().with_checkout_session_id(&id))
        .unwrap();
    settle().await;
    assert!(live_listener_count() > baseline, "place-order listens");
    // Mount again into the same element (a review after a result, say): one mount remains.
    let second = widget
        .mount_result(&host, PageOptions::new().with_checkout_session_id(session("ok")))
        .unwrap();
    assert!(first.is_destroyed());
    assert_eq!(host.children().length(), 1);
    assert_eq!(second.kind(), PageKind::Result);
    settle().await;
    // A button mounted into the same element replaces the page too.
    let button = widget
        .mount_button(&host, ButtonOptions::new().with_cart(cart("2400")))
        .unwrap();
    assert!(second.is_destroyed());
    assert_eq!(host.children().length(), 1);
    drop(button);
    assert_eq!(host.children().length(), 0);
    assert!(host.get_attribute(HOST_MARKER).is_none());
    assert_eq!(live_listener_count(), baseline, "no listener left behind");
    // Destroy is idempotent; a destroyed page ignores late answers.
    let third = widget
        .mount_review(&host, PageOptions::new().with_checkout_session_id(&id))
        .unwrap();
    third.destroy();
    third.destroy();
    settle().await;
    assert_eq!(host.children().length(), 0);
}

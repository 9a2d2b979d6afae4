//! The sign-in return page: the shop's registration form filled from the buyer.

use crate::support::*;

#[wasm_bindgen_test]
async fn sign_in_fills_the_registration_form() {
    let signer = TestSigner::new();
    let widget = widget(&signer).await;
    let form = new_host();
    form.set_inner_html(
        r#"<input id="m-name"><input id="m-mail"><input id="m-zip"><input id="m-pref">
        <input id="m-city"><input id="m-line1"><input id="m-line2"><input id="m-tel">"#,
    );
    let fields: FieldSelectors = FieldSelectors {
        name: Some("#m-name".into()),
        email: Some("#m-mail".into()),
        postal_code: Some("#m-zip".into()),
        state_or_region: Some("#m-pref".into()),
        city: Some("#m-city".into()),
        address_line1: Some("#m-line1".into()),
        address_line2: Some("#m-line2".into()),
        phone_number: Some("#m-tel".into()),
        ..FieldSelectors::default()
    };
    let host = new_host();
    let page = widget
        .mount_sign_in(
            &host,
            PageOptions::new()
                .with_buyer_token("token.ok")
                .with_fields(fields.clone()),
        )
        .unwrap();
    let log = record(&page);
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert_eq!(wrapper.get_attribute(WRAPPER_MARKER).as_deref(), Some("signin"));
    assert_eq!(
        wrapper.get_attribute("data-amazon-pay-outcome").as_deref(),
        Some("filled")
    );
    let value = |id: &str| prop(&find(&form, id).unwrap(), "value").as_string().unwrap();
    assert_eq!(value("#m-name"), "山田 花子");
    assert_eq!(value("#m-mail"), "hanako.yamada@example.jp");
    assert_eq!(value("#m-zip"), "100-0001");
    assert_eq!(value("#m-pref"), "東京都");
    assert_eq!(value("#m-line1"), "千代田1-1");
    assert_eq!(value("#m-tel"), "0312345678");
    assert!(
        !find(&form, "#m-zip").unwrap().has_attribute("readonly"),
        "editable"
    );
    assert_eq!(kinds(&log), vec!["ready", "complete"]);
    match log.borrow().last().unwrap() {
        WidgetEvent::Complete(Detail::Buyer(buyer)) => {
            assert_eq!(buyer.buyer_id, "amzn1.account.SANDBOXBUYERJP0001")
        }
        other => panic!("{other:?}"),
    }

    // A refused token: an error outcome and event.
    let host = new_host();
    let page = widget
        .mount_sign_in(
            &host,
            PageOptions::new()
                .with_buyer_token("token.bad")
                .with_fields(fields),
        )
        .unwrap();
    let log = record(&page);
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert_eq!(
        wrapper.get_attribute("data-amazon-pay-outcome").as_deref(),
        Some("error")
    );
    assert!(text(&wrapper, "[data-amazon-pay-message]").contains("INVALID_ID"));
    assert_eq!(kinds(&log), vec!["error"]);

    // Without a token (the page opened directly) the mount stays quiet.
    let host = new_host();
    let page = widget.mount_sign_in(&host, PageOptions::new()).unwrap();
    settle().await;
    let wrapper = page.wrapper().unwrap();
    assert!(wrapper.get_attribute("data-amazon-pay-outcome").is_none());
    assert_eq!(text(&wrapper, "[data-amazon-pay-message]"), "");
    form.remove();
}

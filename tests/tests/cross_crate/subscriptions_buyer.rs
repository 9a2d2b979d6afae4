//! The buyer's own subscription, `POST /v1/subscription {token}`, against the signer with its
//! ledger and the sandbox: the token comes only in the complete answer of a recurring checkout
//! (to the browser holding its binding secret); it opens that subscription and nothing else;
//! the answer says what the buyer needs (status, plan, next charge date, the charges, and when
//! past due why and Amazon's page to change the payment method) and nothing of the buyer; any
//! token that does not open a subscription is answered as an unknown subscription.

use amazon_pay_shared::keys::pem::private_key_pkcs8_der;
use amazon_pay_shared::payload_seal::key_from_secret;
use amazon_pay_shared::subscription_token::{self, LIFETIME_SECS};
use amazon_pay_tests::edge::{call, call_as, control, inspect, Caller, SHOP_ORIGIN};
use amazon_pay_tests::key_text;
use amazon_pay_tests::ledger_edge::{buy, merchant, stack, StackOptions};
use reqwest::Method;
use serde_json::{json, Value};

use crate::subscriptions::{clock_to, subscribe_as, subscription, unix};

const HANAKO: &str = "amzn1.account.SANDBOXBUYERJP0001";

/// The buyer's page asks for its subscription: the shop's Origin, the token in the body.
async fn read_as(origin: Option<&str>, signer: &str, token: &str) -> (u16, Value) {
    call_as(
        Caller::Outsider { origin, secret: None },
        Method::POST,
        format!("{signer}/v1/subscription"),
        Some(json!({ "token": token })),
    )
    .await
}

async fn read(signer: &str, token: &str) -> Value {
    let (s, v) = read_as(Some(SHOP_ORIGIN), signer, token).await;
    assert_eq!(s, 200, "{v}");
    v
}

/// The signer's own token key, as it derives it from the test private key.
fn signer_key() -> [u8; 32] {
    let der = private_key_pkcs8_der(&key_text("merchant-pkcs8.pem")).expect("the test key");
    key_from_secret(&der)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Every text of the buyer the sandbox knows that a view must never show: name, mail, phone and
/// the lines of each address.
async fn buyer_texts(sb: &str, buyer_id: &str) -> Vec<String> {
    let v = inspect(sb, "/_sandbox/buyers").await;
    let buyer = v["buyers"]
        .as_array()
        .expect("buyers")
        .iter()
        .find(|b| b["buyerId"] == buyer_id)
        .unwrap_or_else(|| panic!("{buyer_id} in {v}"))
        .clone();
    let mut texts = Vec::new();
    for key in ["name", "email", "phone"] {
        if let Some(t) = buyer[key].as_str() {
            texts.push(t.to_owned());
        }
    }
    for entry in buyer["addresses"].as_array().into_iter().flatten() {
        let address = &entry["address"];
        for key in [
            "name",
            "addressLine1",
            "addressLine2",
            "city",
            "postalCode",
            "phoneNumber",
        ] {
            if let Some(t) = address[key].as_str().filter(|t| t.len() >= 4) {
                texts.push(t.to_owned());
            }
        }
    }
    assert!(texts.len() >= 4, "the sandbox's buyer: {buyer}");
    texts
}

#[tokio::test(flavor = "multi_thread")]
async fn the_buyer_reads_their_subscription_with_the_token_of_its_checkout_and_nothing_else() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    let base = w.base.clone();
    control(&st.sb, "/_sandbox/clock", json!({"freeze": true})).await;

    // A one-time order gives no token.
    let (_, order) = buy(w, &st.sb, json!([{"sku": "TEA-1", "quantity": 1}]), json!({})).await;
    assert_eq!(order["outcome"], "Completed", "{order}");
    assert!(order.get("subscription").is_none(), "{order}");

    // The recurring checkout's complete answer carries the subscription and its token.
    let done = subscribe_as(&st, json!({"buyerId": HANAKO, "instrumentId": "jp-visa"})).await;
    let pid = done["chargePermissionId"].as_str().unwrap().to_owned();
    let id = format!("sub-{pid}");
    assert_eq!(done["subscription"]["id"], id.as_str(), "{done}");
    let token = done["subscription"]["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    assert!(token.starts_with(&format!("s1.{id}.")), "{token}");
    // Completing again (the result page reloaded) answers it again, to the same browser only.
    let complete = w.url(&format!(
        "/v1/checkout-sessions/{}/complete",
        checkout_session_of(w, &pid).await
    ));
    let (s, again) = call(Method::POST, complete.clone(), Some(json!({})), false).await;
    assert_eq!(
        (s, again["subscription"]["id"].as_str()),
        (200, Some(id.as_str())),
        "{again}"
    );
    let (s, outsider) = call_as(
        Caller::Outsider {
            origin: Some(SHOP_ORIGIN),
            secret: None,
        },
        Method::POST,
        complete,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 404, "{outsider}");
    assert!(!outsider.to_string().contains("s1."), "{outsider}");

    let first = read(&base, &token).await;
    assert_eq!(first["id"], id.as_str());
    assert_eq!(first["status"], "active");
    assert_eq!(
        first["plan"],
        json!({"kind": "fixed", "amount": {"amount": "1700", "currencyCode": "JPY"},
               "frequency": {"unit": "Month", "value": "1"}}),
        "{first}"
    );
    assert_eq!(first["charges"].as_array().unwrap().len(), 1, "{first}");
    assert_eq!(first["charges"][0]["state"], "paid");
    let merchant_view = subscription(w, &id).await;
    assert_eq!(
        first["nextChargeDate"], merchant_view["nextChargeDate"],
        "{first}"
    );
    assert!(first.get("updatePaymentMethodUrl").is_none() && first.get("reason").is_none());
    // The renewed token opens the same subscription.
    let renewed = first["token"].as_str().expect("a renewed token").to_owned();
    assert_eq!(read(&base, &renewed).await["id"], id.as_str());

    // A month later the scheduled handler charges period 1: the buyer sees it.
    clock_to(&st.sb, unix(&merchant_view["nextChargeAt"])).await;
    w.run_scheduled().await;
    let second = read(&base, &token).await;
    let charges: Vec<(String, String, String)> = second["charges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["date"].as_str().unwrap().to_owned(),
                c["amount"]["amount"].as_str().unwrap().to_owned(),
                c["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let merchant_view = subscription(w, &id).await;
    assert_eq!(charges.len(), 2, "{second}");
    assert_eq!(
        (charges[1].1.as_str(), charges[1].2.as_str()),
        ("1700", "paid"),
        "{second}"
    );
    // The period's date is the date it was due, at the merchant's offset, as the buyer was told.
    assert_eq!(
        charges[1].0,
        first["nextChargeDate"].as_str().unwrap(),
        "{second}"
    );
    assert_eq!(second["nextChargeDate"], merchant_view["nextChargeDate"]);
    assert_ne!(second["nextChargeDate"], first["nextChargeDate"]);

    // Nothing of the buyer, and no id of Amazon's or the merchant's but the subscription's.
    let text = second.to_string();
    for pii in buyer_texts(&st.sb, HANAKO).await {
        assert!(!text.contains(&pii), "the buyer's {pii:?} in {text}");
    }
    for period in merchant_view["periods"].as_array().unwrap() {
        for hidden in [&period["chargeId"], &period["merchantReference"]] {
            let hidden = hidden.as_str().unwrap();
            assert!(!text.contains(hidden), "{hidden} in {text}");
        }
    }
    assert!(!text.contains(merchant_view["merchantReference"].as_str().unwrap()));

    // Forged, expired, foreign and garbage tokens: one answer, that of an unknown subscription.
    let key = signer_key();
    let fresh = subscription_token::issue(&key, &id, now()).unwrap();
    assert_eq!(
        read(&base, &fresh).await["id"],
        id.as_str(),
        "the test derives the signer's key"
    );
    let (_, order_b) = buy(w, &st.sb, json!([{"sku": "CUP-2", "quantity": 1}]), json!({})).await;
    assert!(order_b.get("subscription").is_none());
    let other = subscribe_as(&st, json!({})).await;
    let other_id = other["subscription"]["id"].as_str().unwrap().to_owned();
    let other_token = other["subscription"]["token"].as_str().unwrap().to_owned();
    assert_eq!(read(&base, &other_token).await["id"], other_id.as_str());
    let mut flipped = token.clone();
    let last = flipped.pop().unwrap();
    flipped.push(if last == 'A' { 'B' } else { 'A' });
    let unknown = subscription_token::issue(&key, "sub-S03-0000000-0000000", now()).unwrap();
    let expired = subscription_token::issue(&key, &id, now() - LIFETIME_SECS - 60).unwrap();
    let foreign = subscription_token::issue(&key_from_secret(b"another signer"), &id, now()).unwrap();
    let refused = [
        (
            "the other subscription's id in this token",
            token.replacen(&id, &other_id, 1),
        ),
        ("a changed MAC", flipped),
        ("expired", expired),
        ("another signer's key", foreign),
        ("garbage", "not a token".to_owned()),
        ("empty", String::new()),
        ("long", "s1.".repeat(5_000)),
    ];
    let (s, known_unknown) = read_as(Some(SHOP_ORIGIN), &base, &unknown).await;
    assert_eq!(
        (s, known_unknown["error"]["code"].as_str()),
        (404, Some("SUBSCRIPTION_NOT_FOUND")),
        "{known_unknown}"
    );
    for (what, bad) in refused {
        let (s, v) = read_as(Some(SHOP_ORIGIN), &base, &bad).await;
        assert_eq!(s, 404, "{what}: {v}");
        assert_eq!(
            v, known_unknown,
            "{what}: the same answer as an unknown subscription"
        );
    }
    // A body that is not `{token}` is refused as any public route refuses it.
    let (s, v) = call_as(
        Caller::Outsider {
            origin: Some(SHOP_ORIGIN),
            secret: None,
        },
        Method::POST,
        w.url("/v1/subscription"),
        Some(json!({"token": token, "subscriptionId": other_id})),
    )
    .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (400, Some("INVALID_REQUEST")),
        "{v}"
    );

    // The origin policy: a foreign page learns nothing, even with the token; without an Origin
    // (a server holding the token) it is served like every public route.
    for origin in ["https://evil.example", "null"] {
        let (s, v) = read_as(Some(origin), &base, &token).await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (403, Some("ORIGIN_NOT_ALLOWED")),
            "{v}"
        );
        assert!(
            v.get("status").is_none() && !v.to_string().contains("charges"),
            "{v}"
        );
    }
    let (s, v) = read_as(None, &base, &token).await;
    assert_eq!((s, v["id"].as_str()), (200, Some(id.as_str())), "{v}");
    let (s, v) = read_as(None, &base, "forged").await;
    assert_eq!((s, v), (404, known_unknown.clone()));
    // GET is not the route's method: the token never goes into a URL.
    let (s, v) = call(Method::GET, w.url("/v1/subscription"), None, false).await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (405, Some("METHOD_NOT_ALLOWED")),
        "{v}"
    );

    // A hard decline: past due, with Amazon's page for this permission and a reason to read.
    control(
        &st.sb,
        &format!("/_sandbox/chargePermissions/{pid}/paymentMethod"),
        json!({"instrumentId": "us-discover-hard"}),
    )
    .await;
    clock_to(&st.sb, unix(&merchant_view["nextChargeAt"])).await;
    w.run_scheduled().await;
    let past_due = read(&base, &token).await;
    assert_eq!(past_due["status"], "past_due", "{past_due}");
    assert_eq!(
        past_due["updatePaymentMethodUrl"],
        format!("https://pay.amazon.com/jp/jr/your-account/ba/{pid}")
    );
    assert_eq!(past_due["reason"]["code"], "PAYMENT_METHOD_DECLINED");
    assert!(past_due["reason"]["message"]
        .as_str()
        .unwrap()
        .contains("payment method"));
    assert_eq!(past_due["charges"][2]["state"], "declined", "{past_due}");
    assert!(past_due.get("nextChargeDate").is_none(), "{past_due}");
    assert!(!past_due.to_string().contains("HardDeclined"), "{past_due}");
    // The merchant's own view agrees.
    let (s, m) = merchant(w, Method::GET, &format!("/v1/merchant/subscriptions/{id}"), None).await;
    assert_eq!((s, m["status"].as_str()), (200, Some("past_due")));
}

/// The checkout session of the subscription's first period, from the merchant's ledger.
async fn checkout_session_of(w: &amazon_pay_tests::ledger_edge::LedgerSigner, pid: &str) -> String {
    let (s, v) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/transactions?chargePermissionId={pid}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    v["transactions"][0]["checkoutSessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("{v}"))
        .to_owned()
}

/// The one-step checkouts complete through the same function: a recurring one started with the
/// Additional Payment Button (the shop's address, no review page) gives its token too; a saved
/// payment method (setup during the same kind of checkout) starts no subscription and gives none.
#[tokio::test(flavor = "multi_thread")]
async fn a_subscription_of_the_additional_payment_button_gives_its_token_too() {
    let st = stack(StackOptions::default()).await;
    let address = json!({"name": "山田 太郎", "addressLine1": "六本木1-1-1", "city": "港区",
                         "stateOrRegion": "東京都", "postalCode": "106-0032", "countryCode": "JP",
                         "phoneNumber": "0312345678"});
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let recurring = json!({"kind": "Recurring", "frequencyUnit": "Month", "frequencyValue": "1",
                           "placement": "Checkout", "cart": cart, "address": address});
    let (_, done) = crate::merchant_recurring::checkout(&st, recurring, "PayAndShip", None).await;
    assert_eq!(done["outcome"], "Completed", "{done}");
    let pid = done["chargePermissionId"].as_str().unwrap();
    let token = done["subscription"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{done}"));
    let view = read(&st.signer.base, token).await;
    assert_eq!(view["id"], format!("sub-{pid}"));
    assert_eq!(view["charges"][0]["state"], "paid", "{view}");
    assert!(
        !view.to_string().contains("六本木") && !view.to_string().contains("山田"),
        "{view}"
    );

    let saved =
        json!({"kind": "PaymentMethodOnFile", "placement": "Checkout", "cart": cart, "address": address});
    let (_, done) = crate::merchant_recurring::checkout(&st, saved, "PayAndShip", None).await;
    assert_eq!(done["outcome"], "Completed", "{done}");
    assert!(done.get("subscription").is_none(), "{done}");
}

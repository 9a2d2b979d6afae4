//! The ledger through a whole purchase: the signer in workerd with a local D1 database (via
//! Miniflare), the sandbox over HTTP. Place-order and complete record the transaction with its
//! Amazon ids; capture and refund record intents and results; the status history follows
//! `derive_status`; the list filters and pages; the CSV export carries the reference ids.

use amazon_pay_tests::edge::call;
use amazon_pay_tests::ledger_edge::{buy, stack, LedgerSigner, StackOptions};
use reqwest::Method;
use serde_json::{json, Value};

async fn merchant(signer: &LedgerSigner, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    call(method, signer.url(path), body, true).await
}

fn statuses(detail: &Value) -> Vec<String> {
    detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_purchase_is_recorded_with_its_history_and_exported() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    let (id, done) = buy(w, &st.sb, json!([{"sku": "TEA-1", "quantity": 2}]), json!({})).await;
    assert_eq!(done["outcome"], "Completed", "{done}");
    let charge = done["chargeId"].as_str().unwrap().to_owned();
    let permission = done["chargePermissionId"].as_str().unwrap().to_owned();
    let reference = format!(
        "order-{}",
        id.replace('-', "").chars().take(24).collect::<String>()
    );

    let (s, detail) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/transactions/{reference}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{detail}\n{}", w.logs());
    assert_eq!(detail["status"], "AUTH");
    assert_eq!(detail["flow"], "ONE_TIME");
    assert_eq!(detail["amount"], "2900");
    assert_eq!(detail["checkoutSessionId"], id.as_str());
    assert_eq!(detail["chargePermissionId"], permission.as_str());
    assert_eq!(detail["chargeId"], charge.as_str());
    assert_eq!(statuses(&detail), ["AUTHPROCESS", "AUTH"]);
    assert_eq!(detail["history"][0]["source"], "place-order");
    assert_eq!(detail["history"][1]["source"], "complete");
    assert_eq!(detail["intents"][0]["operation"], "COMPLETE");
    assert_eq!(detail["intents"][0]["state"], "DONE");

    // Capture: an intent, then the result.
    let (s, captured) = merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/capture"),
        Some(json!({"amount": {"amount": "2900", "currencyCode": "JPY"}})),
    )
    .await;
    assert_eq!(s, 200, "{captured}");
    let (_, detail) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/transactions/{reference}"),
        None,
    )
    .await;
    assert_eq!(detail["status"], "SALES", "{detail}");
    assert_eq!(detail["captured"], "2900");

    // A partial refund: pending at Amazon until a sync (or a notification) settles it.
    let (s, refund) = merchant(
        w,
        Method::POST,
        "/v1/merchant/refunds",
        Some(json!({"chargeId": charge, "amount": {"amount": "900", "currencyCode": "JPY"}, "reference": "r-1"})),
    )
    .await;
    assert_eq!(s, 200, "{refund}");
    let refund_id = refund["refundId"].as_str().unwrap().to_owned();
    let (_, detail) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/transactions/{reference}"),
        None,
    )
    .await;
    assert_eq!(detail["status"], "REQRETURN", "{detail}");
    let (s, synced) = merchant(w, Method::POST, "/v1/merchant/sync", Some(json!({}))).await;
    assert_eq!(s, 200, "{synced}");
    assert_eq!(
        synced["transactions"][0]["merchantReference"],
        reference.as_str(),
        "{synced}"
    );
    assert_eq!(synced["transactions"][0]["status"], "SALES");
    let (_, detail) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/transactions/{reference}"),
        None,
    )
    .await;
    assert_eq!(
        statuses(&detail),
        ["AUTHPROCESS", "AUTH", "SALES", "REQRETURN", "SALES"]
    );
    assert_eq!(detail["refunded"], "900");
    assert_eq!(detail["refundIds"], json!([refund_id]));
    let operations: Vec<&str> = detail["intents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["operation"].as_str().unwrap())
        .collect();
    assert_eq!(operations, ["COMPLETE", "CAPTURE", "CANCEL_PARTIAL"]);

    // A second purchase, then the list: newest first, filters, paging.
    let (second, _) = buy(w, &st.sb, json!([{"sku": "CUP-2", "quantity": 1}]), json!({})).await;
    let (s, page) = merchant(w, Method::GET, "/v1/merchant/transactions?limit=1", None).await;
    assert_eq!(s, 200, "{page}");
    assert_eq!(page["transactions"].as_array().unwrap().len(), 1);
    assert_eq!(page["transactions"][0]["checkoutSessionId"], second.as_str());
    let cursor = page["nextCursor"].as_str().unwrap();
    let (_, next) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/transactions?limit=1&cursor={cursor}"),
        None,
    )
    .await;
    assert_eq!(next["transactions"][0]["merchantReference"], reference.as_str());
    assert!(next["nextCursor"].is_null(), "{next}");
    let (_, auth) = merchant(w, Method::GET, "/v1/merchant/transactions?status=AUTH", None).await;
    assert_eq!(auth["transactions"].as_array().unwrap().len(), 1);
    assert_eq!(auth["transactions"][0]["checkoutSessionId"], second.as_str());
    for bad in ["status=PAID", "limit=0", "limit=51", "foo=1", "cursor=%21"] {
        let (s, e) = merchant(w, Method::GET, &format!("/v1/merchant/transactions?{bad}"), None).await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (400, Some("INVALID_REQUEST")),
            "{bad}: {e}"
        );
    }

    // The CSV export with the Amazon reference ids.
    let resp = amazon_pay_tests::edge::client()
        .get(w.url("/v1/merchant/transactions.csv"))
        .header(
            "authorization",
            format!("Bearer {}", amazon_pay_tests::edge::MERCHANT_TOKEN),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = resp.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("merchant_reference,flow,status,currency,amount"));
    let row = lines.iter().find(|l| l.starts_with(&reference)).unwrap();
    for needle in [
        id.as_str(),
        permission.as_str(),
        charge.as_str(),
        refund_id.as_str(),
        ",SALES,JPY,2900,",
    ] {
        assert!(row.contains(needle), "{needle} not in {row}");
    }

    // The CSV pages like the list: the cursor of the next page in a header.
    let resp = amazon_pay_tests::edge::client()
        .get(w.url("/v1/merchant/transactions.csv?limit=1"))
        .header(
            "authorization",
            format!("Bearer {}", amazon_pay_tests::edge::MERCHANT_TOKEN),
        )
        .send()
        .await
        .unwrap();
    let cursor = resp.headers()["x-next-cursor"].to_str().unwrap().to_owned();
    let first_page = resp.text().await.unwrap();
    assert_eq!(first_page.lines().count(), 2, "{first_page}");
    assert!(first_page.contains(second.as_str()));
    let resp = amazon_pay_tests::edge::client()
        .get(w.url(&format!("/v1/merchant/transactions.csv?limit=1&cursor={cursor}")))
        .header(
            "authorization",
            format!("Bearer {}", amazon_pay_tests::edge::MERCHANT_TOKEN),
        )
        .send()
        .await
        .unwrap();
    assert!(resp.headers().get("x-next-cursor").is_none());
    assert!(resp.text().await.unwrap().contains(&reference));

    // Without the bearer token nothing is listed.
    let (s, _) = call(Method::GET, w.url("/v1/merchant/transactions"), None, false).await;
    assert_eq!(s, 401);
    let logs = w.logs();
    assert!(!logs.contains(amazon_pay_tests::edge::MERCHANT_TOKEN));
    assert!(!logs.contains("PRIVATE KEY"));
}

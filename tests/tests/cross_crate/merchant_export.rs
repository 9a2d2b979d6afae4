//! The merchant's CSV export and settings summary against the signer with its D1 ledger.
//!
//! The export reads the ledger `EXPORT_PAGE_ROWS` rows at a time while the download streams; set
//! to 2 here, five matching purchases span three reads, so one download proves that every page
//! of a filter arrives, each row once (the same code path reads 500 at a time by default).

use std::collections::HashSet;

use amazon_pay_tests::edge::{call, client, default_bindings, MERCHANT_TOKEN};
use amazon_pay_tests::ledger_edge::{buy, detail, merchant, stack, StackOptions};
use reqwest::Method;
use serde_json::{json, Value};

/// A merchant GET of the export; answers status, headers and the raw body bytes.
async fn export(base: &str, query: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let resp = client()
        .get(format!("{base}/v1/merchant/transactions.csv{query}"))
        .header("authorization", format!("Bearer {MERCHANT_TOKEN}"))
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.bytes().await.unwrap().to_vec())
}

/// The data rows of a CSV (after the header line).
fn rows(csv: &str) -> Vec<&str> {
    csv.split("\r\n").skip(1).filter(|l| !l.is_empty()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_csv_export_streams_every_page_of_a_filter_in_one_download() {
    let st = stack(StackOptions::with_bindings(&[
        ("EXPORT_PAGE_ROWS", "2"),
        // Every merchant reference starts like a spreadsheet formula (`-…`).
        ("ORDER_REFERENCE_PREFIX", "-sum-"),
    ]))
    .await;
    let w = &st.signer;
    let cart = json!([{"sku": "TEA-1", "quantity": 1}]);
    let mut sessions = Vec::new();
    for _ in 0..6 {
        let (id, _) = buy(w, &st.sb, cart.clone(), json!({})).await;
        sessions.push(id);
    }
    // The first purchase is captured, so a status filter leaves it out.
    let (s, page) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/transactions?checkoutSessionId={}", sessions[0]),
        None,
    )
    .await;
    assert_eq!(s, 200, "{page}");
    assert_eq!(page["transactions"].as_array().unwrap().len(), 1, "{page}");
    let captured_ref = page["transactions"][0]["merchantReference"]
        .as_str()
        .unwrap()
        .to_owned();
    let d = detail(w, &captured_ref).await;
    let charge = d["chargeId"].as_str().unwrap().to_owned();
    let (s, c) = merchant(
        w,
        Method::POST,
        &format!("/v1/merchant/charges/{charge}/capture"),
        Some(json!({"amount": {"amount": d["amount"], "currencyCode": "JPY"}})),
    )
    .await;
    assert_eq!(s, 200, "{c}");
    let status = d["status"].as_str().unwrap().to_owned();
    let (_, by_charge) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/transactions?chargeId={charge}"),
        None,
    )
    .await;
    assert_eq!(
        by_charge["transactions"][0]["merchantReference"],
        captured_ref.as_str(),
        "{by_charge}"
    );
    let (_, still) = merchant(
        w,
        Method::GET,
        &format!("/v1/merchant/transactions?status={status}"),
        None,
    )
    .await;
    let expected: HashSet<String> = still["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["merchantReference"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(expected.len(), 5, "{still}");
    assert!(!expected.contains(&captured_ref));

    // One download, streamed, with every row of the filter once.
    let (s, headers, body) = export(&w.base, &format!("?status={status}")).await;
    assert_eq!(s, 200);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(headers.get("content-length").is_none(), "{headers:?}");
    assert_eq!(headers["transfer-encoding"], "chunked", "{headers:?}");
    assert!(headers.get("x-next-cursor").is_none());
    assert!(!body.starts_with(b"\xEF\xBB\xBF"), "no BOM unless asked");
    let csv = String::from_utf8(body).unwrap();
    assert!(csv.starts_with("merchant_reference,flow,status,currency,amount"));
    let lines = rows(&csv);
    assert_eq!(lines.len(), 5, "{csv}");
    let exported: HashSet<String> = lines
        .iter()
        .map(|l| l.split(',').next().unwrap().trim_start_matches('\'').to_owned())
        .collect();
    assert_eq!(exported, expected, "{csv}");
    for line in &lines {
        // The formula-looking reference is neutralised; the lines summary is there.
        assert!(line.starts_with("'-sum-"), "{line}");
        assert!(line.contains(",TEA-1×1,"), "{line}");
    }

    // The byte order mark only with bom=1; the rows are the same.
    let (s, _, body) = export(&w.base, &format!("?status={status}&bom=1")).await;
    assert_eq!(s, 200);
    assert!(body.starts_with(b"\xEF\xBB\xBFmerchant_reference,"));
    assert_eq!(rows(std::str::from_utf8(&body[3..]).unwrap()), lines);
    let (s, _, body) = export(&w.base, "?bom=0").await;
    assert_eq!(s, 200);
    assert_eq!(rows(std::str::from_utf8(&body).unwrap()).len(), 6);
    assert!(body.starts_with(b"merchant_reference,"));
    let (s, _, body) = export(&w.base, "?bom=yes").await;
    let e: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!((s, e["error"]["code"].as_str()), (400, Some("INVALID_REQUEST")));

    // An explicit limit keeps the paged export with its next-page header.
    let (_, headers, body) = export(&w.base, &format!("?status={status}&limit=3")).await;
    assert_eq!(rows(std::str::from_utf8(&body).unwrap()).len(), 3);
    let cursor = headers["x-next-cursor"].to_str().unwrap().to_owned();
    let (_, headers, body) = export(&w.base, &format!("?status={status}&limit=3&cursor={cursor}")).await;
    assert_eq!(rows(std::str::from_utf8(&body).unwrap()).len(), 2);
    assert!(headers.get("x-next-cursor").is_none());

    // Without the merchant token there is no export.
    let resp = client()
        .get(w.url("/v1/merchant/transactions.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_settings_summary_shows_the_configuration_and_no_secret() {
    let st = stack(StackOptions::default()).await;
    let w = &st.signer;
    let (s, v) = merchant(w, Method::GET, "/v1/merchant/settings", None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["environment"], "sandbox");
    assert_eq!(v["region"], "jp");
    assert_eq!(v["merchantId"], "A2SANDBOXMERCHANT");
    assert_eq!(v["ledgerEnabled"], true);
    assert_eq!(v["ledgerCurrency"], "JPY");
    assert_eq!(v["catalog"]["currency"], "JPY");
    assert_eq!(v["amountLimits"]["maxAmount"], "9999999");
    assert!(
        v["publicKeyIds"][0].as_str().is_some_and(|k| !k.is_empty()),
        "{v}"
    );
    assert!(
        v["allowedOrigins"].as_array().is_some_and(|o| !o.is_empty()),
        "{v}"
    );
    assert!(v["returnUrls"]["checkoutReview"].as_str().is_some(), "{v}");
    let text = v.to_string();
    let bindings = default_bindings(&st.sb);
    for secret in [
        "AMAZON_PAY_PRIVATE_KEY",
        "MERCHANT_API_TOKEN",
        "CART_TOKEN_SECRET",
    ] {
        let value = &bindings.iter().find(|(k, _)| k == secret).unwrap().1;
        // The key is checked line by line: no part of its PEM body may appear either.
        for part in value.lines().filter(|l| l.len() >= 16) {
            assert!(!text.contains(part), "{secret} leaks: {text}");
        }
    }
    assert!(!text.contains("PRIVATE KEY"));

    // Only the merchant may read it.
    let (s, e) = call(Method::GET, w.url("/v1/merchant/settings"), None, false).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (401, Some("UNAUTHORIZED")),
        "{e}"
    );
    let resp = client()
        .get(w.url("/v1/merchant/settings"))
        .header("authorization", "Bearer not-the-merchant-token-0123456789abcdef")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
}

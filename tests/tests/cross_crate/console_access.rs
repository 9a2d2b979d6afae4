//! The merchant console behind Cloudflare Access (`CONSOLE_ACCESS_TEAM_DOMAIN`,
//! `CONSOLE_ACCESS_AUD`), against a stand-in of the team's `/cdn-cgi/access/certs` on
//! 127.0.0.1: a valid `Cf-Access-Jwt-Assertion` (RS256 by a key of the team, issued by the team
//! domain, for the audience, in time) opens a session without the token form; a token of
//! another key, audience or issuer, an expired one, or none opens nothing; the token form is
//! refused; and a session cookie without Access's token beside it opens no page.

use amazon_pay_tests::console::ConsoleClient;
use amazon_pay_tests::edge::MERCHANT_TOKEN;
use amazon_pay_tests::key_text;
use amazon_pay_tests::ledger_edge::{stack, StackOptions};
use base64::Engine as _;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use serde_json::{json, Value};

const AUD: &str = "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn key(name: &str) -> rsa::RsaPrivateKey {
    let pem = key_text(name);
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .expect("PEM body");
    rsa::RsaPrivateKey::from_pkcs8_der(&der).expect("PKCS#8 key")
}

fn jwk(key: &rsa::RsaPrivateKey, kid: &str) -> Value {
    json!({"kid": kid, "kty": "RSA", "alg": "RS256", "use": "sig",
           "n": b64(&key.n().to_bytes_be()), "e": b64(&key.e().to_bytes_be())})
}

/// An Access token signed by `key` under `kid`.
fn token(key: &rsa::RsaPrivateKey, kid: &str, claims: Value) -> String {
    let head = b64(json!({"alg": "RS256", "kid": kid, "typ": "JWT"})
        .to_string()
        .as_bytes());
    let body = b64(claims.to_string().as_bytes());
    let signed = format!("{head}.{body}");
    let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key.clone());
    let signature = signer.sign(signed.as_bytes()).to_vec();
    format!("{signed}.{}", b64(&signature))
}

/// Serves the team's keys at `/cdn-cgi/access/certs`; answers the team domain.
async fn team(keys: Value) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = axum::Router::new().route(
        "/cdn-cgi/access/certs",
        axum::routing::get(move || {
            let keys = keys.clone();
            async move { axum::Json(keys) }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://127.0.0.1:{port}")
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn console_access_tokens_replace_the_token_form() {
    let team_key = key("merchant-pkcs8.pem");
    let other_key = key("other-pkcs8.pem");
    let domain = team(json!({"keys": [jwk(&team_key, "team-1")]})).await;
    let st = stack(StackOptions::with_bindings(&[
        ("CONSOLE_ACCESS_TEAM_DOMAIN", &domain),
        ("CONSOLE_ACCESS_AUD", AUD),
    ]))
    .await;
    let w = &st.signer;
    let now = amazon_pay_tests::edge::now();
    let claims = |aud: &str, iss: &str, exp: i64| {
        json!({"aud": [aud], "iss": iss, "exp": exp, "iat": now - 10, "nbf": now - 10,
               "email": "owner@shop.example", "sub": "user-1", "type": "app"})
    };
    let valid = token(&team_key, "team-1", claims(AUD, &domain, now + 600));

    // Without a token, or with one Access did not issue for this application: no session.
    let c = ConsoleClient::new(&w.base);
    let p = c.get("/console/").await;
    assert_eq!((p.status, p.session_cookie()), (401, None), "{}", p.body);
    assert!(p.body.contains("Cloudflare Access") && !p.body.contains("name=\"token\""));
    for (name, t) in [
        (
            "other key",
            token(&other_key, "team-1", claims(AUD, &domain, now + 600)),
        ),
        (
            "unknown key id",
            token(&other_key, "team-2", claims(AUD, &domain, now + 600)),
        ),
        (
            "other audience",
            token(&team_key, "team-1", claims("another-app", &domain, now + 600)),
        ),
        (
            "other issuer",
            token(
                &team_key,
                "team-1",
                claims(AUD, "https://evil.cloudflareaccess.com", now + 600),
            ),
        ),
        (
            "expired",
            token(&team_key, "team-1", claims(AUD, &domain, now - 60)),
        ),
        ("tampered", format!("{}x", &valid[..valid.len() - 1])),
    ] {
        let r = no_redirects()
            .get(w.url("/console/"))
            .header("cf-access-jwt-assertion", t)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401, "{name}");
        assert!(r.headers().get("set-cookie").is_none(), "{name}");
    }
    // Even the merchant token opens nothing behind Access.
    let p = c.post("/console/sign-in", &[("token", MERCHANT_TOKEN)]).await;
    assert_eq!((p.status, p.session_cookie()), (403, None), "{}", p.body);

    // A valid token opens the session; the pages need it beside the cookie.
    let cl = no_redirects();
    let r = cl
        .get(w.url("/console/"))
        .header("cf-access-jwt-assertion", &valid)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "{}", w.logs());
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("console_session="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("session cookie");
    let page = |with_token: bool| {
        let mut rb = cl.get(w.url("/console/orders")).header("cookie", &cookie);
        if with_token {
            rb = rb.header("cf-access-jwt-assertion", &valid);
        }
        rb.send()
    };
    let r = page(true).await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let r = page(false).await.unwrap();
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers().get("location").and_then(|v| v.to_str().ok())
        ),
        (303, Some("/console/"))
    );
    assert!(w.logged("console-access-refused").await);
}

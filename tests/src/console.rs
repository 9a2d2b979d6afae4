//! The merchant console over HTTP, as a browser without JavaScript uses it: a client that does
//! not follow redirects and keeps the console's session cookie by hand, forms sent as
//! `application/x-www-form-urlencoded`, and the CSRF token read from a page.

use reqwest::header::HeaderMap;

/// One console answer.
#[derive(Debug, Clone)]
pub struct Page {
    /// HTTP status.
    pub status: u16,
    /// Headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: String,
}

impl Page {
    /// `location`, if any.
    pub fn location(&self) -> Option<&str> {
        self.headers.get("location").and_then(|v| v.to_str().ok())
    }

    /// Every `Set-Cookie` value.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    }

    /// The `name=value` of the session cookie this answer sets, if it sets one with a value.
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookies().into_iter().find_map(|c| {
            let pair = c.split(';').next()?.trim().to_owned();
            (pair.starts_with("console_session=") && pair.len() > "console_session=".len()).then_some(pair)
        })
    }

    /// The first CSRF token of a form on the page.
    pub fn csrf(&self) -> Option<String> {
        let at = self.body.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
        Some(
            self.body[at..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect(),
        )
    }

    /// The value of the first hidden field `name` on the page.
    pub fn field(&self, name: &str) -> Option<String> {
        let needle = format!("name=\"{name}\" value=\"");
        let at = self.body.find(&needle)? + needle.len();
        Some(self.body[at..].chars().take_while(|c| *c != '"').collect())
    }
}

/// A console client of one signer (`base` is `http://127.0.0.1:PORT`).
#[derive(Debug, Clone)]
pub struct ConsoleClient {
    client: reqwest::Client,
    /// The signer.
    pub base: String,
    /// The `Cookie` header sent (`console_session=…`), if any.
    pub cookie: Option<String>,
}

/// `application/x-www-form-urlencoded` of the fields.
pub fn form_body(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl ConsoleClient {
    /// A client without a session.
    pub fn new(base: &str) -> ConsoleClient {
        ConsoleClient {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("client"),
            base: base.to_owned(),
            cookie: None,
        }
    }

    async fn send(&self, rb: reqwest::RequestBuilder, headers: &[(&str, &str)]) -> Page {
        let mut rb = rb;
        if let Some(c) = &self.cookie {
            rb = rb.header("cookie", c);
        }
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        let resp = rb.send().await.expect("console request");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.text().await.unwrap_or_default();
        Page {
            status,
            headers,
            body,
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Page {
        self.send(self.client.get(format!("{}{path}", self.base)), &[])
            .await
    }

    /// `POST path` with a form and extra headers.
    pub async fn post_with(&self, path: &str, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> Page {
        let rb = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(fields));
        self.send(rb, headers).await
    }

    /// `POST path` with a form.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_with(path, fields, &[]).await
    }

    /// Signs in with `token`; keeps the session cookie when one is set.
    pub async fn sign_in(&mut self, token: &str) -> Page {
        let page = self.post("/console/sign-in", &[("token", token)]).await;
        if let Some(c) = page.session_cookie() {
            self.cookie = Some(c);
        }
        page
    }

    /// The CSRF token of the session (read from the order list).
    pub async fn csrf(&self) -> String {
        let page = self.get("/console/orders").await;
        assert_eq!(page.status, 200, "{}", page.body);
        page.csrf().expect("a CSRF token on the order list")
    }
}

//! Cookies of the console: read from the request's `Cookie` header, written as `Set-Cookie`
//! values scoped to `/console` (`HttpOnly; SameSite=Strict`, `Secure` over https).

use worker::Request;

/// The value of cookie `name`, if the request carries it.
pub fn read(req: &Request, name: &str) -> Option<String> {
    let header = req.headers().get("cookie").ok().flatten()?;
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.trim().to_owned())
    })
}

/// Whether the request came over https (the cookie is then `Secure`).
pub fn is_https(req: &Request) -> bool {
    req.url().map(|u| u.scheme() == "https").unwrap_or(false)
}

/// A `Set-Cookie` value for the console's path; `max_age` 0 removes the cookie.
pub fn set(name: &str, value: &str, max_age: i64, secure: bool) -> String {
    let mut cookie = format!("{name}={value}; Path=/console; Max-Age={max_age}; HttpOnly; SameSite=Strict");
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_scoped_and_strict() {
        assert_eq!(
            set("a", "b", 60, true),
            "a=b; Path=/console; Max-Age=60; HttpOnly; SameSite=Strict; Secure"
        );
        assert!(!set("a", "", 0, false).contains("Secure"));
    }
}

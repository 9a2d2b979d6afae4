//! Form bodies (`application/x-www-form-urlencoded`, at most 64 KiB and 40 fields).

use amazon_pay_shared::wire::ErrorCode;
use worker::Request;

use crate::error::{ApiError, ApiResult};
use crate::http::{raw_body, require_media_type};

/// A decoded form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    fields: Vec<(String, String)>,
}

impl Form {
    /// Decodes `bytes`.
    pub fn parse(bytes: &[u8]) -> ApiResult<Form> {
        let fields: Vec<(String, String)> = url::form_urlencoded::parse(bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if fields.len() > 40 {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "the form has too many fields",
            ));
        }
        Ok(Form { fields })
    }

    /// The first value of field `name`, trimmed.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim())
    }
}

/// The first value of `name` in a page's query pairs, trimmed; an empty value is no value
/// (a filter form sends its empty fields).
pub fn query_value(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Reads the request's form body.
pub async fn read(req: &mut Request) -> ApiResult<Form> {
    require_media_type(
        req,
        "application/x-www-form-urlencoded",
        "send the form as application/x-www-form-urlencoded",
    )?;
    Form::parse(&raw_body(req).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_decode() {
        let f = Form::parse(b"csrf=ab%2Bc&amount=+1200+&x=").unwrap();
        assert_eq!(f.get("csrf"), Some("ab+c"));
        assert_eq!(f.get("amount"), Some("1200"));
        assert_eq!(f.get("x"), Some(""));
        assert_eq!(f.get("y"), None);
        let many = vec!["a=1"; 41].join("&");
        assert!(Form::parse(many.as_bytes()).is_err());
    }

    #[test]
    fn a_query_value_is_the_first_trimmed_and_not_empty() {
        let pairs: Vec<(String, String)> = [("status", " paused "), ("status", "active"), ("from", "  ")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(query_value(&pairs, "status").as_deref(), Some("paused"));
        assert_eq!(query_value(&pairs, "from"), None);
        assert_eq!(query_value(&pairs, "to"), None);
    }
}

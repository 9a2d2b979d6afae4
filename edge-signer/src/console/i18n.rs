//! The console's language: Japanese or English, from the `console_lang` cookie (set by the
//! language links) or else the browser's `Accept-Language`; English when neither names one.

use worker::Request;

use super::cookies;

/// The language cookie's name.
pub const COOKIE: &str = "console_lang";

/// A console language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// The text in this language.
    pub fn t(self, en: &'static str, ja: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }

    /// `en` or `ja` (the `lang` attribute, the cookie, the switch's path).
    pub fn code(self) -> &'static str {
        self.t("en", "ja")
    }

    /// The language of a code.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The first of Japanese and English in an `Accept-Language` value, by weight.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, u32)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .map_or(1000, |q| (q.clamp(0.0, 1.0) * 1000.0) as u32);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::from_code(primary) {
                if weight > 0 && best.is_none_or(|(_, w)| weight > w) {
                    best = Some((lang, weight));
                }
            }
        }
        best.map(|(l, _)| l)
    }

    /// The request's language.
    pub fn of(req: &Request) -> Lang {
        if let Some(lang) = cookies::read(req, COOKIE).and_then(|c| Lang::from_code(&c)) {
            return lang;
        }
        req.headers()
            .get("accept-language")
            .ok()
            .flatten()
            .and_then(|h| Lang::from_accept_language(&h))
            .unwrap_or(Lang::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_by_weight() {
        assert_eq!(
            Lang::from_accept_language("ja-JP,ja;q=0.9,en;q=0.8"),
            Some(Lang::Ja)
        );
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,ja;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("fr;q=1,ja;q=0.2,en;q=0.5"),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_accept_language("de"), None);
        assert_eq!(Lang::from_accept_language("ja;q=0"), None);
    }
}

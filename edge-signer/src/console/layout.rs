//! The page around every console screen (skip link, header with the store's name, navigation,
//! language switch, sign-out) and the stylesheet served at `/console/console.css`: readable
//! from 390 px phones to 1280 px desktops, every control reachable by keyboard with a visible
//! focus ring.

use maud::{html, Markup, DOCTYPE};

use super::csrf;
use super::i18n::Lang;

/// What a page needs from its request.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// The language.
    pub lang: Lang,
    /// The store's name.
    pub store: &'a str,
    /// The session's CSRF token when signed in (navigation and sign-out are shown).
    pub csrf: Option<&'a str>,
    /// This page's path (the language switch comes back to it).
    pub path: &'a str,
}

/// A whole page.
pub fn page(frame: &Frame<'_>, title: &str, content: Markup) -> Markup {
    let lang = frame.lang;
    let back: String = url::form_urlencoded::byte_serialize(frame.path.as_bytes()).collect();
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " · " (frame.store) }
                link rel="stylesheet" href="/console/console.css";
            }
            body {
                a.skip href="#main" { (lang.t("Skip to content", "本文へ移動")) }
                header.top {
                    div.brand { (frame.store) " " span.muted { (lang.t("Amazon Pay console", "Amazon Pay 管理画面")) } }
                    @if frame.csrf.is_some() {
                        nav aria-label=(lang.t("Console", "管理画面")) {
                            ul {
                                li { a href="/console/orders" { (lang.t("Orders", "注文")) } }
                                li { a href="/console/subscriptions" { (lang.t("Subscriptions", "定期購入")) } }
                                li { a href="/console/notifications" { (lang.t("Notifications", "通知ログ")) } }
                                li { a href="/console/settings" { (lang.t("Settings", "設定")) } }
                            }
                        }
                    }
                    div.tools {
                        span.langs {
                            @if lang == Lang::Ja {
                                a href={ "/console/language/en?back=" (back) } lang="en" { "English" }
                            } @else {
                                a href={ "/console/language/ja?back=" (back) } lang="ja" { "日本語" }
                            }
                        }
                        @if let Some(token) = frame.csrf {
                            form.inline method="post" action="/console/sign-out" {
                                input type="hidden" name=(csrf::FIELD) value=(token);
                                button.link type="submit" { (lang.t("Sign out", "サインアウト")) }
                            }
                        }
                    }
                }
                main #main tabindex="-1" {
                    h1 { (title) }
                    (content)
                }
            }
        }
    }
}

/// The stylesheet.
pub const CSS: &str = r#"
:root{--ink:#1d2329;--muted:#5b6670;--line:#d5dbe0;--bg:#f6f7f8;--card:#fff;--accent:#0b5cad;--bad:#a4161a;--good:#1b6e3a;--warn:#8a5300;font-family:system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}
body{margin:0;line-height:1.5;font-size:16px}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible,main:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
.top{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.75rem 1rem;background:#232f3e;color:#fff}
.top a,.top .link{color:#fff}
.brand{font-weight:700}
.brand .muted{color:#c7d0d8;font-weight:400}
.top nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
.tools{margin-left:auto;display:flex;gap:1rem;align-items:center}
main{max-width:1200px;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem;overflow-wrap:anywhere}
.reason,.error,.notice,.card>p{overflow-wrap:anywhere}
caption{text-align:left;padding:.25rem 0}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem;margin-bottom:1rem}
.muted{color:var(--muted)}
.inline{display:inline}
button,.button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.link{background:none;border:none;padding:0;text-decoration:underline}
button[disabled]{background:#c9d0d6;border-color:#c9d0d6;color:#3f4a54;cursor:not-allowed}
label{display:block;font-weight:600;margin-bottom:.25rem}
input,select{font:inherit;padding:.45rem .5rem;border:1px solid #8a96a1;border-radius:6px;background:#fff;max-width:100%}
.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.75rem;align-items:end}
.filters .actions{display:flex;gap:.5rem}
table{border-collapse:collapse;width:100%;background:var(--card)}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;background:#e7eef6;font-size:.85rem;white-space:nowrap}
.amazon{color:var(--muted);font-size:.85rem}
.ids{font-family:ui-monospace,monospace;font-size:.85rem;word-break:break-all}
.notice{border-left:4px solid var(--good);background:#eaf5ee;padding:.75rem 1rem;margin-bottom:1rem}
.error{border-left:4px solid var(--bad);background:#fbeaea;padding:.75rem 1rem;margin-bottom:1rem}
.reason{color:var(--bad);font-size:.9rem;margin:.25rem 0 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:1rem}
.amounts{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:.5rem;margin:0}
.amounts div{background:var(--bg);border-radius:6px;padding:.5rem}
.amounts dt{font-size:.85rem;color:var(--muted)}
.amounts dd{margin:0;font-size:1.2rem;font-variant-numeric:tabular-nums}
.timeline{list-style:none;margin:0;padding:0 0 0 1rem;border-left:3px solid var(--line)}
.timeline li{margin:0 0 .75rem;position:relative}
.timeline li::before{content:"";position:absolute;left:-1.45rem;top:.45rem;width:.7rem;height:.7rem;border-radius:50%;background:var(--accent)}
.action{border-top:1px solid var(--line);padding:.75rem 0}
.action h3{margin:.25rem 0 .5rem}
.action:first-of-type{border-top:none}
.action form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
.pager{display:flex;gap:1rem;margin:1rem 0}
dl.settings{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
.card>:first-child{margin-top:0}
.card>:last-child{margin-bottom:0}
dl.settings dt{font-weight:600}
dl.settings dd{margin:0;word-break:break-word}
@media (max-width:700px){
  .tools{margin-left:0}
  table.stack thead{position:absolute;left:-9999px}
  table.stack,table.stack tbody,table.stack tr,table.stack caption{display:block;width:100%}
  table.stack{background:none}
  table.stack tr{border:1px solid var(--line);border-radius:8px;margin-bottom:.75rem;background:var(--card);padding:.25rem 0}
  table.stack td{overflow-wrap:anywhere;white-space:normal;display:block;position:relative;border:none;padding:.25rem .75rem .25rem 8.5rem;text-align:left;min-height:1.9rem}
  table.stack td::before{content:attr(data-label);position:absolute;left:.75rem;width:7.25rem;font-size:.8rem;color:var(--muted);font-family:system-ui,sans-serif;padding-top:.15rem}
  .filters input,.filters select{width:100%}
  dl.settings{grid-template-columns:1fr}
  dl.settings dd{margin-bottom:.5rem}
}
"#;

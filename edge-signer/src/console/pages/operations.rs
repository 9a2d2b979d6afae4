//! Operations: the result of "sync now", the read-only settings (never a secret), and the logs
//! of received Amazon Pay notifications and of the events sent to the merchant's backend with
//! their delivery state.

use maud::{html, Markup};

use super::text::{status, when};
use crate::console::csrf;
use crate::console::layout::{page, Frame};
use crate::ledger::logs::NotificationRow;
use crate::ledger::outbox::EventRow;
use crate::services::sync::Synced;

/// One setting as the settings page shows it (name, value).
pub type SettingLine = (&'static str, String);

/// The settings page: sections of name and value, and the sync form.
pub fn settings_page(frame: &Frame<'_>, sections: &[(&'static str, Vec<SettingLine>)]) -> Markup {
    let lang = frame.lang;
    page(
        frame,
        lang.t("Settings", "設定"),
        html! {
            section.card aria-labelledby="sync-title" {
                h2 #sync-title { (lang.t("Sync with Amazon Pay", "Amazon Pay と同期")) }
                p.muted { (lang.t(
                    "Finishes calls that died halfway and settles pending statuses (the same as POST /v1/merchant/sync).",
                    "途中で止まった呼び出しを完了し、処理中のステータスを確定します (POST /v1/merchant/sync と同じ処理)。"
                )) }
                form method="post" action="/console/sync" {
                    input type="hidden" name=(csrf::FIELD) value=(frame.csrf.unwrap_or(""));
                    button type="submit" { (lang.t("Sync now", "今すぐ同期")) }
                }
            }
            p.muted { (lang.t("Read-only: settings are changed in wrangler.toml and with wrangler secret; secrets are never shown.",
                "表示のみです。設定は wrangler.toml と wrangler secret で変更します。シークレットは表示されません。")) }
            @for (title, lines) in sections {
                section.card {
                    h2 { (title) }
                    dl.settings {
                        @for (name, value) in lines {
                            dt { (name) } dd { (value) }
                        }
                    }
                }
            }
        },
    )
}

/// The sync result page.
pub fn sync_page(frame: &Frame<'_>, synced: &Synced) -> Markup {
    let lang = frame.lang;
    page(
        frame,
        lang.t("Sync done", "同期しました"),
        html! {
            p.notice role="status" {
                (lang.t("Intents looked at: ", "確認したインテント: ")) (synced.intents.len())
                " · " (lang.t("pending orders read again: ", "再確認した処理中の注文: ")) (synced.transactions.len())
                " · " (lang.t("checkout sessions Amazon ended: ", "Amazon側で終了していたチェックアウト: ")) (synced.sessions.len())
            }
            @if !synced.transactions.is_empty() || !synced.sessions.is_empty() {
                table.stack {
                    thead { tr { th scope="col" { (lang.t("Order", "注文番号")) } th scope="col" { (lang.t("Before", "前")) } th scope="col" { (lang.t("Now", "現在")) } } }
                    tbody {
                        @for t in synced.transactions.iter().chain(&synced.sessions) {
                            tr {
                                td data-label=(lang.t("Order", "注文番号")) { a href={ "/console/orders/" (t.merchant_reference) } { (t.merchant_reference) } }
                                td data-label=(lang.t("Before", "前")) { (status(lang, &t.before)) }
                                td data-label=(lang.t("Now", "現在")) { (status(lang, &t.status)) }
                            }
                        }
                    }
                }
            }
            @if !synced.intents.is_empty() {
                ul {
                    @for i in &synced.intents {
                        li { a href={ "/console/orders/" (i.merchant_reference) } { (i.merchant_reference) } " · " (i.operation) " → " (i.state) }
                    }
                }
            }
            p { a.button.secondary href="/console/orders" { (lang.t("Back to orders", "注文一覧へ")) } }
        },
    )
}

/// The notification logs: Amazon Pay's notifications received, and the merchant events sent
/// with their delivery state.
pub fn notifications_page(frame: &Frame<'_>, received: &[NotificationRow], events: &[EventRow]) -> Markup {
    let lang = frame.lang;
    page(
        frame,
        lang.t("Notifications", "通知ログ"),
        html! {
            section.card aria-labelledby="received-title" {
                h2 #received-title { (lang.t("Received from Amazon Pay", "Amazon Pay から受信")) }
                p.muted { (lang.t("Instant notifications as the signer received them, newest first (the last 50).",
                    "署名サーバーが受信した即時通知 (新しい順、最新 50 件)。")) }
                @if received.is_empty() {
                    p { (lang.t("No notification was received yet.", "まだ通知を受信していません。")) }
                } @else {
                    table.stack.received {
                        thead { tr {
                            th scope="col" { (lang.t("Received", "受信日時")) } th scope="col" { (lang.t("Object", "対象")) }
                            th scope="col" { "Id" } th scope="col" { (lang.t("Outcome", "処理結果")) } th scope="col" { "Message id" }
                        } }
                        tbody {
                            @for n in received {
                                tr {
                                    td data-label=(lang.t("Received", "受信日時")) { (when(n.received_at)) }
                                    td data-label=(lang.t("Object", "対象")) { (n.object_type) }
                                    td.ids data-label="Id" { (n.object_id) }
                                    td data-label=(lang.t("Outcome", "処理結果")) { (n.outcome) }
                                    td.ids data-label="Message id" { (n.message_id) }
                                }
                            }
                        }
                    }
                }
            }
            section.card aria-labelledby="sent-title" {
                h2 #sent-title { (lang.t("Sent to the shop's backend", "ショップのバックエンドへ送信")) }
                p.muted { (lang.t("Merchant events and their delivery state, newest first (the last 50).",
                    "マーチャントイベントと配信状況 (新しい順、最新 50 件)。")) }
                @if events.is_empty() {
                    p { (lang.t("No event was queued yet (or MERCHANT_EVENTS_URL is not set).",
                        "まだイベントはありません (または MERCHANT_EVENTS_URL が未設定です)。")) }
                } @else {
                    table.stack.sent {
                        thead { tr {
                            th scope="col" { (lang.t("Event", "イベント")) } th scope="col" { (lang.t("Subject", "対象")) }
                            th scope="col" { (lang.t("State", "状態")) } th.num scope="col" { (lang.t("Attempts", "試行")) }
                            th scope="col" { (lang.t("Last attempt", "最終試行")) }
                        } }
                        tbody {
                            @for e in events {
                                tr {
                                    td data-label=(lang.t("Event", "イベント")) { (e.kind) br; span.muted { (when(e.created_at)) } }
                                    td.ids data-label=(lang.t("Subject", "対象")) { (e.subject) }
                                    td data-label=(lang.t("State", "状態")) {
                                        span.badge { (e.state) }
                                        @if let Some(err) = &e.last_error { " " span.amazon { (err) } }
                                    }
                                    td.num data-label=(lang.t("Attempts", "試行")) { (e.attempts) }
                                    td data-label=(lang.t("Last attempt", "最終試行")) {
                                        @match e.last_attempt_at { Some(t) => (when(t)), None => "—" }
                                        @if let Some(st) = e.last_status { " · HTTP " (st) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

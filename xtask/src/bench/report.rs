//! The results: `results.json` (one flat object), the readable table (terminal and Markdown)
//! and an SVG bar chart of the ratios against their goals.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The network round trip of the button's second measurement (`button_visible_rtt_ms`), in
/// milliseconds: every answer arrives at least this long after its request (Chromium's network
/// emulation).
pub const RTT_MS: u32 = 40;

/// Keys `results.json` always has (besides `machine`), so other tools can read it.
pub const REQUIRED_KEYS: [&str; 26] = [
    "edge_sign_ms",
    "openssl_sign_ms",
    "edge_rsa_crate_sign_ms",
    "node_sdk_sign_ms",
    "edge_vs_node_sdk",
    "button_rps",
    "noop_rps",
    "button_vs_noop",
    "button_fresh_rps",
    "node_sdk_server_rps",
    "button_vs_node_server",
    "button_vs_ceiling",
    "button_p99_ms",
    "load_errors",
    "amzpay_sign_ops",
    "openssl_sign_ops",
    "widget_gzip_bytes",
    "button_visible_ms",
    "reference_button_visible_ms",
    "button_vs_reference",
    "button_visible_rtt_ms",
    "reference_button_visible_rtt_ms",
    "button_vs_reference_rtt",
    "button_layout_shift",
    "purchase_ms",
    "machine",
];

/// The widget's budget for its script-tag bundle (JS + wasm, gzip): 60 KB, counted as 60,000
/// bytes, the same limit `widget/build.sh` enforces.
pub const WIDGET_BUDGET_BYTES: f64 = 60_000.0;

/// Every figure of one run, in the order measured.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// `"full"` or `"smoke"`.
    pub mode: String,
    /// CPU model, cores, memory.
    pub machine: String,
    values: Vec<(String, Option<f64>)>,
    notes: Vec<String>,
}

impl Results {
    /// Empty results for a machine.
    pub fn new(mode: &str, machine: String) -> Results {
        Results {
            mode: mode.to_owned(),
            machine,
            ..Results::default()
        }
    }

    /// Sets a figure (`None` or a non-finite number is written as `null`).
    pub fn set(&mut self, key: &str, value: Option<f64>) {
        let value = value.filter(|v| v.is_finite());
        match self.values.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.values.push((key.to_owned(), value)),
        }
    }

    /// A figure, if measured.
    pub fn get(&self, key: &str) -> Option<f64> {
        self.values.iter().find(|(k, _)| k == key).and_then(|(_, v)| *v)
    }

    /// Adds a note (what was measured how, or why a figure is null).
    pub fn note(&mut self, text: String) {
        self.notes.push(text);
    }

    /// The ratios, from the figures measured.
    pub fn derive(&mut self) {
        let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) if b != 0.0 => Some(a / b),
            _ => None,
        };
        let edge = self.get("edge_sign_ms");
        self.set("edge_vs_node_sdk", ratio(self.get("node_sdk_sign_ms"), edge));
        self.set("edge_vs_openssl", ratio(edge, self.get("openssl_sign_ms")));
        self.set("edge_vs_workerd_js", ratio(edge, self.get("workerd_js_sign_ms")));
        self.set(
            "edge_vs_openssl_scalar",
            ratio(edge, self.get("openssl_scalar_sign_ms")),
        );
        self.set(
            "edge_vs_node_sdk_scalar",
            ratio(self.get("node_sdk_scalar_sign_ms"), edge),
        );
        self.set(
            "rsa_crate_vs_webcrypto",
            ratio(self.get("edge_rsa_crate_sign_ms"), edge),
        );
        self.set(
            "amzpay_vs_openssl_sign",
            ratio(self.get("amzpay_sign_ops"), self.get("openssl_sign_ops")),
        );
        self.set(
            "amzpay_vs_openssl_verify",
            ratio(self.get("amzpay_verify_ops"), self.get("openssl_verify_ops")),
        );
        self.set(
            "widget_vs_budget",
            ratio(self.get("widget_gzip_bytes"), Some(WIDGET_BUDGET_BYTES)),
        );
        // The share of the no-op route's throughput left when each request also signs once
        // with the platform's RSA (a minimal JavaScript Worker's WebCrypto in the same workerd).
        let ceiling = match (self.get("noop_cpu_ms"), self.get("workerd_js_sign_ms")) {
            (Some(noop), Some(sign)) if noop + sign > 0.0 => Some(noop / (noop + sign)),
            _ => None,
        };
        self.set("ceiling_vs_noop", ceiling);
        self.set(
            "ceiling_rps",
            self.get("noop_rps").zip(ceiling).map(|(n, c)| n * c),
        );
        self.set(
            "button_vs_ceiling",
            ratio(self.get("button_fresh_vs_noop"), ceiling),
        );
        self.set(
            "button_vs_reference",
            ratio(
                self.get("button_visible_ms"),
                self.get("reference_button_visible_ms"),
            ),
        );
        self.set(
            "button_vs_reference_rtt",
            ratio(
                self.get("button_visible_rtt_ms"),
                self.get("reference_button_visible_rtt_ms"),
            ),
        );
    }

    /// The flat JSON object: `machine`, `mode`, every figure (number or `null`), `notes` (one
    /// string).
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\n");
        let _ = writeln!(
            out,
            "  \"machine\": {},",
            serde_json::Value::from(self.machine.as_str())
        );
        let _ = writeln!(
            out,
            "  \"mode\": {},",
            serde_json::Value::from(self.mode.as_str())
        );
        for (key, value) in &self.values {
            let number = value
                .map(|v| (v * 10_000.0).round() / 10_000.0)
                .and_then(serde_json::Number::from_f64)
                .map_or("null".to_owned(), |n| n.to_string());
            let _ = writeln!(out, "  {}: {number},", serde_json::Value::from(key.as_str()));
        }
        let _ = writeln!(
            out,
            "  \"notes\": {}",
            serde_json::Value::from(self.notes.join("; "))
        );
        out.push_str("}\n");
        out
    }

    /// Problems that make the run unusable: one of the `required` keys (normally
    /// [`REQUIRED_KEYS`]) missing, or a figure that is not a finite number (a `null` is
    /// accepted only with a note saying why).
    pub fn problems(&self, required: &[&str]) -> Vec<String> {
        let mut problems = Vec::new();
        for key in required.iter().filter(|k| **k != "machine") {
            match self.values.iter().find(|(k, _)| k == key) {
                None => problems.push(format!("{key} is missing")),
                Some((_, Some(_))) => {}
                Some((_, None)) => {
                    if !self.notes.iter().any(|n| n.starts_with(&format!("{key}: null"))) {
                        problems.push(format!("{key} is not a finite number"));
                    }
                }
            }
        }
        if self.machine.is_empty() {
            problems.push("machine is empty".into());
        }
        problems
    }

    fn rows(&self) -> Vec<Row> {
        let f = |k: &str| self.get(k);
        vec![
            Row::new(
                "edge sign, WebCrypto in workerd (ms)",
                f("edge_sign_ms"),
                "Node SDK",
                f("node_sdk_sign_ms"),
                f("edge_vs_node_sdk"),
                "SDK/ours ≥ 2",
                Goal::AtLeast(2.0),
            ),
            Row::new(
                "edge sign vs OpenSSL (ms)",
                f("edge_sign_ms"),
                "openssl speed",
                f("openssl_sign_ms"),
                f("edge_vs_openssl"),
                "ours/OpenSSL ≤ 1.3",
                Goal::AtMost(1.3),
            ),
            Row::new(
                "edge sign vs JS in the same workerd (ms)",
                f("edge_sign_ms"),
                "minimal JS Worker",
                f("workerd_js_sign_ms"),
                f("edge_vs_workerd_js"),
                "comparison",
                Goal::None,
            ),
            Row::new(
                "edge sign vs OpenSSL w/o AVX-512 IFMA (ms)",
                f("edge_sign_ms"),
                "openssl, scalar",
                f("openssl_scalar_sign_ms"),
                f("edge_vs_openssl_scalar"),
                "comparison",
                Goal::None,
            ),
            Row::new(
                "edge sign vs Node SDK w/o AVX-512 IFMA (ms)",
                f("edge_sign_ms"),
                "Node SDK, scalar",
                f("node_sdk_scalar_sign_ms"),
                f("edge_vs_node_sdk_scalar"),
                "comparison",
                Goal::None,
            ),
            Row::new(
                "rsa crate in the Worker (ms)",
                f("edge_rsa_crate_sign_ms"),
                "WebCrypto",
                f("edge_sign_ms"),
                f("rsa_crate_vs_webcrypto"),
                "comparison",
                Goal::None,
            ),
            Row::new(
                "POST /v1/button, bound as the widget sends it (req/s)",
                f("button_fresh_rps"),
                "Node SDK server",
                f("node_sdk_server_rps"),
                f("button_vs_node_server"),
                "≥ 1.5",
                Goal::AtLeast(1.5),
            ),
            Row::new(
                "…, bound, against the RSA ceiling (req/s)",
                f("button_fresh_rps"),
                "no-op × RSA ceiling",
                f("ceiling_rps"),
                f("button_vs_ceiling"),
                "≥ 0.8",
                Goal::AtLeast(0.8),
            ),
            Row::new(
                "…, bound, against the no-op route (req/s)",
                f("button_fresh_rps"),
                "no-op route",
                f("noop_rps"),
                f("button_fresh_vs_noop"),
                "comparison",
                Goal::None,
            ),
            Row::new(
                "POST /v1/button, unbound (signature reused) (req/s)",
                f("button_rps"),
                "no-op route",
                f("noop_rps"),
                f("button_vs_noop"),
                "≥ 0.5",
                Goal::AtLeast(0.5),
            ),
            Row::new(
                "bound /v1/button p99 (ms)",
                f("button_fresh_p99_ms"),
                "Node SDK server p99",
                f("node_sdk_server_p99_ms"),
                None,
                "",
                Goal::None,
            ),
            Row::new(
                "CPU per bound request (ms)",
                f("button_fresh_cpu_ms"),
                "Node SDK server",
                f("node_sdk_server_cpu_ms"),
                None,
                "",
                Goal::None,
            ),
            Row::new(
                "unbound /v1/button p50 (ms)",
                f("button_p50_ms"),
                "no-op p50",
                f("noop_p50_ms"),
                None,
                "",
                Goal::None,
            ),
            Row::new(
                "unbound /v1/button p99 (ms)",
                f("button_p99_ms"),
                "no-op p99",
                f("noop_p99_ms"),
                None,
                "",
                Goal::None,
            ),
            Row::new(
                "workerd CPU per unbound request (ms)",
                f("button_cpu_ms"),
                "no-op route",
                f("noop_cpu_ms"),
                None,
                "",
                Goal::None,
            ),
            Row::new(
                "load errors",
                f("load_errors"),
                "",
                None,
                None,
                "0 (64 conns, 60 s)",
                Goal::None,
            ),
            Row::new(
                "amzpay sign (ops/s)",
                f("amzpay_sign_ops"),
                "openssl sign/s",
                f("openssl_sign_ops"),
                f("amzpay_vs_openssl_sign"),
                "comparison",
                Goal::None,
            ),
            Row::new(
                "amzpay verify (ops/s)",
                f("amzpay_verify_ops"),
                "openssl verify/s",
                f("openssl_verify_ops"),
                f("amzpay_vs_openssl_verify"),
                "comparison",
                Goal::None,
            ),
            Row::new(
                "widget JS+wasm gzip (bytes)",
                f("widget_gzip_bytes"),
                "budget",
                Some(WIDGET_BUDGET_BYTES),
                f("widget_vs_budget"),
                "≤ 1",
                Goal::AtMost(1.0),
            ),
            Row::new(
                "button on screen (ms)",
                f("button_visible_ms"),
                "plain-JS page",
                f("reference_button_visible_ms"),
                f("button_vs_reference"),
                "≤ 1",
                Goal::AtMost(1.0),
            ),
            Row::new(
                format!("button on screen, {RTT_MS} ms round trips (ms)"),
                f("button_visible_rtt_ms"),
                "plain-JS page",
                f("reference_button_visible_rtt_ms"),
                f("button_vs_reference_rtt"),
                "comparison",
                Goal::None,
            ),
            Row::new(
                "layout shift while the button loads (CLS)",
                f("button_layout_shift"),
                "plain-JS page",
                f("reference_layout_shift"),
                None,
                "0",
                Goal::None,
            ),
            Row::new(
                "purchase, click → result (ms)",
                f("purchase_ms"),
                "",
                None,
                None,
                "≤ 1500",
                Goal::None,
            ),
        ]
    }

    /// The table for the terminal.
    pub fn table(&self) -> String {
        let rows = self.rows();
        let header = ["measurement", "ours", "reference", "ref value", "ratio", "goal"];
        let cells: Vec<[String; 6]> = rows.iter().map(Row::cells).collect();
        let mut widths = header.map(|h| h.chars().count());
        for c in &cells {
            for (w, s) in widths.iter_mut().zip(c.iter()) {
                *w = (*w).max(s.chars().count());
            }
        }
        let line = |c: [&str; 6]| {
            let mut s = String::new();
            for (i, (cell, w)) in c.iter().zip(widths.iter()).enumerate() {
                let pad = w.saturating_sub(cell.chars().count());
                if i == 0 || i == 2 || i == 5 {
                    let _ = write!(s, "{cell}{}  ", " ".repeat(pad));
                } else {
                    let _ = write!(s, "{}{cell}  ", " ".repeat(pad));
                }
            }
            s.trim_end().to_owned()
        };
        let mut out = line(header);
        out.push('\n');
        for c in &cells {
            out.push_str(&line([&c[0], &c[1], &c[2], &c[3], &c[4], &c[5]]));
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "machine: {} ({} run, load average {} → {})",
            self.machine,
            self.mode,
            self.get("load_average_start")
                .map_or("?".to_owned(), |v| format!("{v:.2}")),
            self.get("load_average_end")
                .map_or("?".to_owned(), |v| format!("{v:.2}")),
        );
        out
    }

    /// The table in Markdown (for README.md).
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "| measurement | ours | reference | ref value | ratio | goal |\n|---|---:|---|---:|---:|---|\n",
        );
        for row in self.rows() {
            let c = row.cells();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                c[0], c[1], c[2], c[3], c[4], c[5]
            );
        }
        out
    }

    /// A horizontal bar chart of the ratios that have a goal, with the goal marked.
    pub fn chart_svg(&self) -> String {
        let rows: Vec<Row> = self.rows().into_iter().filter(|r| r.goal != Goal::None).collect();
        let (left, bar_width, row_h, top) = (300.0, 380.0, 46.0, 50.0);
        let height = top + row_h * rows.len() as f64 + 40.0;
        let max = rows
            .iter()
            .flat_map(|r| [r.ratio.unwrap_or(0.0), r.goal.value()])
            .fold(1.0_f64, f64::max)
            * 1.15;
        let x = |v: f64| left + bar_width * (v / max).clamp(0.0, 1.0);
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"{height:.0}\" \
             viewBox=\"0 0 760 {height:.0}\" font-family=\"sans-serif\" font-size=\"13\">\n\
             <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n\
             <text x=\"20\" y=\"28\" font-size=\"16\" font-weight=\"bold\">cargo xtask bench: ratios against their goals</text>\n"
        );
        for (i, row) in rows.iter().enumerate() {
            let y = top + row_h * i as f64;
            let _ = writeln!(
                svg,
                "<text x=\"20\" y=\"{:.0}\">{}</text>",
                y + 20.0,
                xml(ratio_label(&row.label))
            );
            let _ = writeln!(
                svg,
                "<text x=\"20\" y=\"{:.0}\" fill=\"#666\" font-size=\"11\">goal: {}</text>",
                y + 35.0,
                xml(row.goal_text)
            );
            match row.ratio {
                Some(v) => {
                    let color = if row.goal.met(v) { "#2e8b57" } else { "#d2691e" };
                    let _ = writeln!(
                        svg,
                        "<rect x=\"{left}\" y=\"{:.0}\" width=\"{:.1}\" height=\"22\" fill=\"{color}\"/>",
                        y + 8.0,
                        x(v) - left
                    );
                    let _ = writeln!(
                        svg,
                        "<text x=\"{:.1}\" y=\"{:.0}\">{}</text>",
                        x(v) + 6.0,
                        y + 24.0,
                        fmt_ratio(v)
                    );
                }
                None => {
                    let _ = writeln!(
                        svg,
                        "<text x=\"{left}\" y=\"{:.0}\" fill=\"#666\">not measured</text>",
                        y + 24.0
                    );
                }
            }
            let g = x(row.goal.value());
            let _ = writeln!(
                svg,
                "<line x1=\"{g:.1}\" y1=\"{:.0}\" x2=\"{g:.1}\" y2=\"{:.0}\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>",
                y + 4.0,
                y + 34.0
            );
        }
        let _ = writeln!(
            svg,
            "<text x=\"20\" y=\"{:.0}\" fill=\"#444\" font-size=\"11\">{}</text>\n</svg>",
            height - 14.0,
            xml(&format!("dashed line: goal · {}", self.machine))
        );
        svg
    }
}

/// What a ratio means, for the chart.
fn ratio_label(row_label: &str) -> &str {
    match row_label {
        "edge sign, WebCrypto in workerd (ms)" => "Node SDK sign time ÷ edge (WebCrypto)",
        "edge sign vs OpenSSL (ms)" => "edge sign time ÷ openssl speed",
        "POST /v1/button, bound as the widget sends it (req/s)" => {
            "bound /v1/button req/s ÷ Node SDK server req/s"
        }
        "…, bound, against the RSA ceiling (req/s)" => {
            "bound /v1/button ÷ no-op route, ÷ noop_cpu/(noop_cpu + JS sign)"
        }
        "POST /v1/button, unbound (signature reused) (req/s)" => {
            "unbound /v1/button req/s ÷ no-op route req/s"
        }
        "widget JS+wasm gzip (bytes)" => "widget gzip bytes ÷ 60 KB budget",
        other => other,
    }
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn fmt_number(v: f64) -> String {
    if v.abs() >= 1000.0 || (v.fract() == 0.0 && v.abs() < 1e15) {
        format!("{v:.0}")
    } else if v.abs() >= 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

fn fmt_ratio(v: f64) -> String {
    format!("{v:.2}×")
}

/// A goal on a ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Goal {
    AtLeast(f64),
    AtMost(f64),
    None,
}

impl Goal {
    fn met(self, v: f64) -> bool {
        match self {
            Goal::AtLeast(g) => v >= g,
            Goal::AtMost(g) => v <= g,
            Goal::None => true,
        }
    }

    fn value(self) -> f64 {
        match self {
            Goal::AtLeast(g) | Goal::AtMost(g) => g,
            Goal::None => 0.0,
        }
    }
}

#[derive(Debug, Clone)]
struct Row {
    label: Cow<'static, str>,
    ours: Option<f64>,
    reference: &'static str,
    reference_value: Option<f64>,
    ratio: Option<f64>,
    goal_text: &'static str,
    goal: Goal,
}

impl Row {
    fn new(
        label: impl Into<Cow<'static, str>>,
        ours: Option<f64>,
        reference: &'static str,
        reference_value: Option<f64>,
        ratio: Option<f64>,
        goal_text: &'static str,
        goal: Goal,
    ) -> Row {
        Row {
            label: label.into(),
            ours,
            reference,
            reference_value,
            ratio,
            goal_text,
            goal,
        }
    }

    fn cells(&self) -> [String; 6] {
        let value = |v: Option<f64>| v.map_or("n/a".to_owned(), fmt_number);
        let ratio = match self.ratio {
            Some(r) if self.goal != Goal::None => {
                format!("{} {}", fmt_ratio(r), if self.goal.met(r) { "✓" } else { "✗" })
            }
            Some(r) => fmt_ratio(r),
            None => String::new(),
        };
        [
            self.label.to_string(),
            value(self.ours),
            self.reference.to_owned(),
            if self.reference.is_empty() {
                String::new()
            } else {
                value(self.reference_value)
            },
            ratio,
            self.goal_text.to_owned(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> Results {
        let mut r = Results::new("smoke", "test machine".into());
        for key in REQUIRED_KEYS.iter().filter(|k| **k != "machine") {
            r.set(key, Some(1.5));
        }
        // What the derived ratios are computed from.
        for key in ["noop_cpu_ms", "workerd_js_sign_ms", "button_fresh_vs_noop"] {
            r.set(key, Some(1.5));
        }
        r
    }

    #[test]
    fn json_is_one_flat_object_with_every_key() {
        let mut r = complete();
        r.set("widget_gzip_bytes", None);
        r.note("widget_gzip_bytes: null, no bundle".into());
        r.derive();
        let parsed: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        let object = parsed.as_object().unwrap();
        for key in REQUIRED_KEYS {
            assert!(object.contains_key(key), "{key}");
        }
        assert!(object.values().all(|v| !v.is_object() && !v.is_array()));
        assert_eq!(parsed["machine"], "test machine");
        assert_eq!(parsed["edge_sign_ms"], 1.5);
        assert!(parsed["widget_gzip_bytes"].is_null());
        assert!(
            r.problems(&REQUIRED_KEYS).is_empty(),
            "{:?}",
            r.problems(&REQUIRED_KEYS)
        );
    }

    #[test]
    fn problems_name_missing_and_unexplained_figures() {
        let mut r = complete();
        r.set("button_rps", Some(f64::NAN));
        r.values.retain(|(k, _)| k != "purchase_ms");
        let problems = r.problems(&REQUIRED_KEYS);
        assert_eq!(
            problems,
            vec![
                "button_rps is not a finite number".to_owned(),
                "purchase_ms is missing".to_owned()
            ]
        );
        // A part run alone answers only for its own keys.
        assert_eq!(
            r.problems(&["purchase_ms"]),
            vec!["purchase_ms is missing".to_owned()]
        );
        assert!(r.problems(&["edge_sign_ms"]).is_empty());
    }

    #[test]
    fn the_ceiling_is_the_no_op_route_slowed_by_one_platform_signature() {
        let mut r = complete();
        r.set("noop_rps", Some(4000.0));
        r.set("noop_cpu_ms", Some(0.5));
        r.set("workerd_js_sign_ms", Some(1.5));
        r.set("button_fresh_vs_noop", Some(0.2));
        r.derive();
        assert_eq!(r.get("ceiling_vs_noop"), Some(0.25));
        assert_eq!(r.get("ceiling_rps"), Some(1000.0));
        assert!((r.get("button_vs_ceiling").unwrap() - 0.8).abs() < 1e-12);
        assert!(r.table().contains("no-op × RSA ceiling"));
        let mut missing = complete();
        missing.set("workerd_js_sign_ms", None);
        missing.derive();
        assert_eq!(missing.get("button_vs_ceiling"), None);
    }

    #[test]
    fn table_and_chart_show_ratios_and_goals() {
        let mut r = complete();
        r.set("edge_sign_ms", Some(1.0));
        r.set("node_sdk_sign_ms", Some(2.5));
        r.derive();
        assert_eq!(r.get("edge_vs_node_sdk"), Some(2.5));
        assert!(r.table().contains("2.50× ✓"));
        assert!(r.markdown().starts_with("| measurement |"));
        let svg = r.chart_svg();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("2.50×"));
    }
}

//! The `amzpay` command line, run as a merchant would: exact output, exit codes, one-line
//! errors, no key material, and byte-identical canonical requests for the Node SDK vectors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn amzpay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amzpay"))
        .args(args)
        .output()
        .expect("run amzpay")
}

fn amzpay_stdin(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_amzpay"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails on its arguments exits without reading stdin: a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn keys() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/keys")
}

fn key(name: &str) -> String {
    keys().join(name).to_string_lossy().into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn assert_no_secret(o: &Output) {
    let pem = std::fs::read_to_string(keys().join("merchant-pkcs8.pem")).unwrap();
    let body_line = pem.lines().nth(1).unwrap();
    for text in [stdout(o), stderr(o)] {
        assert!(!text.contains("PRIVATE KEY"), "{text}");
        assert!(!text.contains(body_line), "{text}");
    }
}

fn vectors() -> Vec<Value> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/node-sdk-vectors.json"),
    )
    .unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["cases"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn keygen_sign_verify_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("keys");
    let o = amzpay(&["keygen", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_no_secret(&o);
    let private = std::fs::read_to_string(out.join("private.pem")).unwrap();
    assert!(private.starts_with("-----BEGIN PRIVATE KEY-----"));
    assert!(std::fs::read_to_string(out.join("public.pem"))
        .unwrap()
        .starts_with("-----BEGIN PUBLIC KEY-----"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("private.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "private key must not be readable by others");
    }
    let again = amzpay(&["keygen", "--out", out.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(out.join("private.pem")).unwrap(),
        private,
        "never overwritten"
    );

    let payload = dir.path().join("payload.json");
    std::fs::write(&payload, "{\"storeId\":\"s\",\"x\":\"https:\\/\\/a\"}\n").unwrap();
    let priv_path = out.join("private.pem");
    let pub_path = out.join("public.pem");
    let s = amzpay(&[
        "sign-payload",
        "--private-key",
        priv_path.to_str().unwrap(),
        payload.to_str().unwrap(),
    ]);
    assert!(s.status.success());
    assert_no_secret(&s);
    let sig = stdout(&s).trim().to_owned();
    let v = amzpay(&[
        "verify-payload",
        "--public-key",
        pub_path.to_str().unwrap(),
        "--signature",
        &sig,
        payload.to_str().unwrap(),
    ]);
    assert_eq!(v.status.code(), Some(0), "{}", stderr(&v));
    // The final newline is part of the signed bytes.
    std::fs::write(&payload, "{\"storeId\":\"s\",\"x\":\"https:\\/\\/a\"}").unwrap();
    let v = amzpay(&[
        "verify-payload",
        "--public-key",
        pub_path.to_str().unwrap(),
        "--signature",
        &sig,
        payload.to_str().unwrap(),
    ]);
    assert_eq!(v.status.code(), Some(1));
    let reason = stderr(&v);
    assert_eq!(reason.lines().count(), 1, "{reason}");
    assert!(reason.contains("expected string to sign"), "{reason}");
}

#[test]
fn payload_from_stdin_and_explain() {
    let payload = br#"{"a":"\u00e9","b":"https:\/\/x"}"#;
    let o = amzpay_stdin(
        &[
            "sign-payload",
            "--private-key",
            &key("merchant-pkcs1.pem"),
            "--explain",
            "-",
        ],
        payload,
    );
    assert!(o.status.success());
    let expected = amazon_pay_shared::signing::payload_string_to_sign(
        amazon_pay_shared::signing::Algorithm::V2,
        payload,
    );
    assert_eq!(stdout(&o), expected, "printed exactly, no trailing newline");
    let o = amzpay_stdin(
        &["sign-payload", "--private-key", &key("merchant-pkcs1.pem"), "-"],
        payload,
    );
    let sig = stdout(&o).trim().to_owned();
    let v = amzpay_stdin(
        &[
            "verify-payload",
            "--public-key",
            &key("merchant-public-pkcs1.pem"),
            "--signature",
            &sig,
            "-",
        ],
        payload,
    );
    assert_eq!(v.status.code(), Some(0));
}

#[test]
fn salt_mix_up_is_named() {
    let payload = b"{}";
    let o = amzpay_stdin(
        &[
            "sign-payload",
            "--private-key",
            &key("merchant-pkcs8.pem"),
            "--algorithm",
            "AMZN-PAY-RSASSA-PSS",
            "-",
        ],
        payload,
    );
    let sig = stdout(&o).trim().to_owned();
    let v = amzpay_stdin(
        &[
            "verify-payload",
            "--public-key",
            &key("merchant-public.pem"),
            "--signature",
            &sig,
            "-",
        ],
        payload,
    );
    assert_eq!(v.status.code(), Some(1));
    assert!(stderr(&v).contains("salt 20"), "{}", stderr(&v));
    let v = amzpay_stdin(
        &[
            "verify-payload",
            "--public-key",
            &key("other-public.pem"),
            "--signature",
            &sig,
            "--algorithm",
            "AMZN-PAY-RSASSA-PSS",
            "-",
        ],
        payload,
    );
    assert_eq!(v.status.code(), Some(1));
}

fn request_args(case: &Value) -> Vec<String> {
    let s = |f: &str| case[f].as_str().unwrap().to_owned();
    let full = s("path");
    let api_path = full
        .strip_prefix("/sandbox")
        .or_else(|| full.strip_prefix("/live"))
        .unwrap_or(&full)
        .to_owned();
    let headers = case["headers"].as_object().unwrap();
    let mut args = vec![
        "--public-key-id".into(),
        s("publicKeyId"),
        "--region".into(),
        s("region"),
        "--method".into(),
        s("method"),
        "--path".into(),
        api_path,
        "--query".into(),
        s("query"),
        "--date".into(),
        headers["x-amz-pay-date"].as_str().unwrap().into(),
        "--header".into(),
        format!("user-agent: {}", headers["user-agent"].as_str().unwrap()),
        "--algorithm".into(),
        s("algorithm"),
    ];
    if let Some(k) = headers.get("x-amz-pay-idempotency-key") {
        args.push("--idempotency-key".into());
        args.push(k.as_str().unwrap().into());
    }
    if case["sandbox"].as_bool().unwrap() {
        args.push("--sandbox".into());
    }
    args
}

#[test]
fn sign_request_reproduces_every_sdk_vector() {
    let dir = tempfile::tempdir().unwrap();
    for case in vectors().iter().filter(|c| c["kind"] == "request") {
        let body = dir.path().join("body");
        std::fs::write(&body, case["body"].as_str().unwrap()).unwrap();
        let mut args = vec![
            "sign-request".to_owned(),
            "--private-key".into(),
            key("merchant-pkcs1.pem"),
        ];
        args.extend(request_args(case));
        args.extend(["--body".to_owned(), body.to_str().unwrap().to_owned()]);
        let run = |print: &str| {
            let mut a = args.clone();
            a.extend(["--print".to_owned(), print.to_owned()]);
            let refs: Vec<&str> = a.iter().map(String::as_str).collect();
            let o = amzpay(&refs);
            assert!(o.status.success(), "{}: {}", case["name"], stderr(&o));
            assert_no_secret(&o);
            stdout(&o)
        };
        assert_eq!(
            run("canonical"),
            case["canonicalRequest"].as_str().unwrap(),
            "{}",
            case["name"]
        );
        assert_eq!(
            run("string-to-sign"),
            case["stringToSign"].as_str().unwrap(),
            "{}",
            case["name"]
        );
        // The hashes, named as in the edge signer's log line of a refused call.
        let hashes: Value = serde_json::from_str(&run("hashes")).unwrap();
        let sha = |text: &str| amazon_pay_shared::signing::hex_sha256(text.as_bytes());
        assert_eq!(
            hashes["stringToSignSha256"].as_str(),
            Some(sha(case["stringToSign"].as_str().unwrap()).as_str()),
            "{}",
            case["name"]
        );
        assert_eq!(
            hashes["canonicalRequestSha256"].as_str(),
            Some(sha(case["canonicalRequest"].as_str().unwrap()).as_str()),
            "{}",
            case["name"]
        );
        let headers: Value = serde_json::from_str(&run("headers")).unwrap();
        let ours = headers["authorization"].as_str().unwrap();
        assert!(ours.starts_with(case["algorithm"].as_str().unwrap()));

        // Both the SDK's and our authorization verify through verify-request.
        for authorization in [case["authorization"].as_str().unwrap(), ours] {
            let mut v = vec![
                "verify-request".to_owned(),
                "--public-key".into(),
                key("merchant-public.pem"),
            ];
            v.extend(["--authorization".to_owned(), authorization.to_owned()]);
            v.extend(request_args(case));
            v.extend(["--body".to_owned(), body.to_str().unwrap().to_owned()]);
            let refs: Vec<&str> = v.iter().map(String::as_str).collect();
            let o = amzpay(&refs);
            assert_eq!(o.status.code(), Some(0), "{}: {}", case["name"], stderr(&o));
        }
    }
}

#[test]
fn verify_request_explains_failures() {
    let case = vectors()
        .into_iter()
        .find(|c| c["name"] == "post_utf8_body")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("body");
    std::fs::write(&body, case["body"].as_str().unwrap()).unwrap();
    let authorization = case["authorization"].as_str().unwrap();
    let verify = |auth: &str, extra: &[&str], body_text: Option<&str>| {
        if let Some(t) = body_text {
            std::fs::write(&body, t).unwrap();
        }
        let mut v = vec![
            "verify-request".to_owned(),
            "--public-key".into(),
            key("merchant-public.pem"),
        ];
        v.extend(["--authorization".to_owned(), auth.to_owned()]);
        v.extend(request_args(&case));
        v.extend(["--body".to_owned(), body.to_str().unwrap().to_owned()]);
        v.extend(extra.iter().map(|s| (*s).to_owned()));
        let refs: Vec<&str> = v.iter().map(String::as_str).collect();
        amzpay(&refs)
    };
    // Wrong algorithm declared.
    let relabelled = authorization.replacen("AMZN-PAY-RSASSA-PSS-V2", "AMZN-PAY-RSASSA-PSS", 1);
    let o = verify(&relabelled, &[], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("wrong algorithm"), "{}", stderr(&o));
    // An extra signed header the request does not have.
    let o = verify(authorization, &["--header", "x-amz-pay-authtoken: t"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("signed-header list differs"),
        "{}",
        stderr(&o)
    );
    // One byte of the body changed: the expected string to sign is shown, on one line.
    let mut text = case["body"].as_str().unwrap().to_owned();
    text.push(' ');
    let o = verify(authorization, &[], Some(&text));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("expected string to sign \"AMZN-PAY-RSASSA-PSS-V2\\n"),
        "{err}"
    );
    // A malformed header is an invalid signature, not a crash.
    let o = verify("garbage", &[], None);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    let cases: Vec<Vec<String>> = vec![
        vec![
            "sign-payload".into(),
            "--private-key".into(),
            "/nonexistent.pem".into(),
            "-".into(),
        ],
        vec![
            "sign-payload".into(),
            "--private-key".into(),
            key("merchant-public.pem"),
            "-".into(),
        ],
        vec![
            "sign-payload".into(),
            "--private-key".into(),
            key("merchant-pkcs8.pem"),
            "--algorithm".into(),
            "RSA".into(),
            "-".into(),
        ],
        vec![
            "verify-payload".into(),
            "--public-key".into(),
            key("merchant-public.pem"),
            "--signature".into(),
            "***".into(),
            "-".into(),
        ],
        vec![
            "sign-request".into(),
            "--private-key".into(),
            key("merchant-pkcs8.pem"),
            "--public-key-id".into(),
            "K".into(),
            "--region".into(),
            "mars".into(),
            "--method".into(),
            "GET".into(),
            "--path".into(),
            "/v2/x".into(),
        ],
        vec![
            "sign-request".into(),
            "--private-key".into(),
            key("merchant-pkcs8.pem"),
            "--public-key-id".into(),
            "K".into(),
            "--region".into(),
            "jp".into(),
            "--method".into(),
            "GET".into(),
            "--path".into(),
            "/v2/x".into(),
            "--idempotency-key".into(),
            "has space".into(),
        ],
        vec![
            "sign-request".into(),
            "--private-key".into(),
            key("merchant-pkcs8.pem"),
            "--public-key-id".into(),
            "K".into(),
            "--region".into(),
            "jp".into(),
            "--method".into(),
            "GET".into(),
            "--path".into(),
            "v2/x".into(),
        ],
        vec![
            "sign-request".into(),
            "--private-key".into(),
            key("merchant-pkcs8.pem"),
            "--public-key-id".into(),
            "K".into(),
            "--region".into(),
            "jp".into(),
            "--method".into(),
            "GET".into(),
            "--path".into(),
            "/v2/x".into(),
            "--query".into(),
            "a=%zz".into(),
        ],
        vec![
            "sign-request".into(),
            "--private-key".into(),
            key("merchant-pkcs8.pem"),
            "--public-key-id".into(),
            "K".into(),
            "--region".into(),
            "jp".into(),
            "--method".into(),
            "GET".into(),
            "--path".into(),
            "/v2/x".into(),
            "--header".into(),
            "novalue".into(),
        ],
    ];
    for args in cases {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = amzpay_stdin(&refs, b"{}");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_no_secret(&o);
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn default_date_is_basic_format_now() {
    let o = amzpay(&[
        "sign-request",
        "--private-key",
        &key("merchant-pkcs8.pem"),
        "--public-key-id",
        "SANDBOX-K",
        "--region",
        "eu",
        "--method",
        "GET",
        "--path",
        "/v2/buyers/tok",
    ]);
    assert!(o.status.success());
    let headers: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let date = headers["x-amz-pay-date"].as_str().unwrap();
    let t = amazon_pay_shared::time::parse(date).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((now - t).abs() < 300 && date.len() == 16, "{date}");
    assert_eq!(headers["x-amz-pay-host"], "pay-api.amazon.eu");
    assert_eq!(headers["x-amz-pay-region"], "eu");
}

#[test]
fn public_key_prints_the_spki_pem_of_either_private_form() {
    let expected = std::fs::read_to_string(keys().join("merchant-public.pem")).unwrap();
    for private in ["merchant-pkcs8.pem", "merchant-pkcs1.pem"] {
        let o = amzpay(&["public-key", "--private-key", &key(private)]);
        assert_eq!(o.status.code(), Some(0), "{private}: {}", stderr(&o));
        assert_no_secret(&o);
        let printed = stdout(&o);
        assert!(printed.starts_with("-----BEGIN PUBLIC KEY-----\n"), "{printed}");
        assert!(printed.ends_with("-----END PUBLIC KEY-----\n"), "{printed}");
        assert_eq!(
            amazon_pay_shared::keys::PublicKey::from_pem(&printed).unwrap(),
            amazon_pay_shared::keys::PublicKey::from_pem(&expected).unwrap(),
            "{private}"
        );
    }

    // What it prints verifies what the private key signs.
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public.pem");
    let o = amzpay(&["public-key", "--private-key", &key("merchant-pkcs8.pem")]);
    std::fs::write(&public, o.stdout).unwrap();
    let payload = dir.path().join("payload.json");
    std::fs::write(&payload, "{\"storeId\":\"s\"}").unwrap();
    let s = amzpay(&[
        "sign-payload",
        "--private-key",
        &key("merchant-pkcs8.pem"),
        payload.to_str().unwrap(),
    ]);
    let v = amzpay(&[
        "verify-payload",
        "--public-key",
        public.to_str().unwrap(),
        "--signature",
        stdout(&s).trim(),
        payload.to_str().unwrap(),
    ]);
    assert_eq!(v.status.code(), Some(0), "{}", stderr(&v));

    // A public key, a missing file or no option: one line on stderr, exit 2.
    let public_only = key("merchant-public.pem");
    for args in [
        vec!["public-key", "--private-key", public_only.as_str()],
        vec!["public-key", "--private-key", "/nonexistent/private.pem"],
        vec!["public-key"],
    ] {
        let o = amzpay(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr(&o).lines().count(), 1, "{args:?}: {}", stderr(&o));
    }
}

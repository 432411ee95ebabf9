//! The demo page in headless Chromium, driven over WebDriver (chromedriver) as a person
//! would: request → offer → accept → check-in. It saves the screenshot README shows.
//! Needs Debian's `chromium` and `chromium-driver`; `.ci/run` installs them and runs it.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Browser {
    driver: Child,
    base: String,
    session: String,
    client: reqwest::Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (apt-get install chromium chromium-driver)");
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        for _ in 0..100 {
            if client.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,860",
        ];
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}});
        let session: Value =
            client.post(format!("{base}/session")).json(&caps).send().await.unwrap().json().await.unwrap();
        let id = session["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {session}")).to_string();
        Browser { driver, base, session: id, client, _profile: profile }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let request = self.client.request(method.clone(), url);
        let request = if method == reqwest::Method::GET { request } else { request.json(&body) };
        request.send().await.unwrap().json().await.unwrap()
    }

    async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", json!({"url": url})).await;
    }

    async fn find(&self, xpath: &str) -> Option<String> {
        let v = self.call(reqwest::Method::POST, "/elements", json!({"using": "xpath", "value": xpath})).await;
        v["value"].as_array()?.first()?.as_object()?.values().next()?.as_str().map(str::to_string)
    }

    /// Clicks the element at `xpath` once it is there (the page re-renders, so retry).
    async fn click(&self, xpath: &str) {
        let until = Instant::now() + Duration::from_secs(15);
        while Instant::now() < until {
            if let Some(el) = self.find(xpath).await {
                let v = self.call(reqwest::Method::POST, &format!("/element/{el}/click"), json!({})).await;
                if v["value"].is_null() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("could not click {xpath}");
    }

    async fn type_into(&self, xpath: &str, text: &str) {
        let el = self.wait(xpath).await;
        self.call(reqwest::Method::POST, &format!("/element/{el}/value"), json!({"text": text})).await;
    }

    async fn wait(&self, xpath: &str) -> String {
        let until = Instant::now() + Duration::from_secs(15);
        while Instant::now() < until {
            if let Some(el) = self.find(xpath).await {
                return el;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("never appeared: {xpath}");
    }

    async fn screenshot(&self, path: &std::path::Path) {
        use std::io::Write;
        let v = self.call(reqwest::Method::GET, "/screenshot", Value::Null).await;
        let png = decode_base64(v["value"].as_str().unwrap());
        std::fs::File::create(path).unwrap().write_all(&png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = text.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, c)| acc | (value(*c) as u32) << (18 - 6 * i));
        out.extend(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; .ci/run installs them and runs this"]
async fn a_person_clicks_through_request_offer_accept_and_check_in_in_the_demo() {
    let running = peer_support::demo::start("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let browser = Browser::start().await;
    browser.goto(&format!("http://{}/", running.addr)).await;
    // Riley sends /peer-support and fills in the form.
    browser.click("//button[@id='send']").await;
    browser.wait("//div[@class='modal']").await;
    browser.click("//select[@data-block='role']/option[@value='nurse']").await;
    browser.click("//input[@data-block='contact' and @value='phone']").await;
    browser.type_into("//textarea[@data-block='note']", "It has been a hard week.").await;
    browser.click("//button[@id='submit']").await;
    browser.wait("//div[contains(@class,'msg')][contains(., 'Your request is in')]").await;
    // Alex, a nurse supporter, accepts the offer.
    browser.click("//button[@data-user='USUPN1']").await;
    browser.click("//button[normalize-space()='Accept']").await;
    browser.wait("//button[normalize-space()='Contact made']").await;
    // Riley hears who will reach out; three days on, a gentle check-in.
    browser.click("//button[@data-user='UREQ1']").await;
    browser.wait("//div[contains(@class,'msg')][contains(., 'will reach out')]").await;
    browser.click("//button[@data-advance='259200']").await;
    browser.wait("//button[contains(., 'doing okay')]").await;
    let shot = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/demo.png");
    browser.screenshot(&shot).await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000, "a real screenshot");
    drop(browser);
    running.stop().await;
}

#[test]
fn base64_decodes_as_webdriver_sends_it() {
    assert_eq!(decode_base64("aGVsbG8="), b"hello");
    assert_eq!(decode_base64("aGk="), b"hi");
    assert_eq!(decode_base64("YWJj"), b"abc");
}

//! Clients that speak to the test server as a kiosk or a counsellor would.

use protocol::{CheckinRequest, CheckinResponse, Ticket};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
pub use tests::{TestServer, PASSWORD};

/// Logging in and kiosk tokens, as the command line would set them up.
#[allow(async_fn_in_trait)] // used only here, on one runtime
pub trait Clients {
    async fn kiosk(&self, kiosk: &str) -> KioskClient;
    async fn counsellor(&self, username: &str) -> CounsellorClient;
}

impl Clients for TestServer {
    async fn kiosk(&self, kiosk: &str) -> KioskClient {
        KioskClient {
            base: self.url(""),
            token: self.kiosk_token(kiosk),
            http: reqwest::Client::new(),
        }
    }

    async fn counsellor(&self, username: &str) -> CounsellorClient {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let res = http
            .post(self.url("/api/v1/session"))
            .json(&json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "login of {username}");
        let body: Value = res.json().await.unwrap();
        let csrf = body["csrf_token"].as_str().unwrap().to_string();
        CounsellorClient {
            base: self.url(""),
            http,
            csrf,
            username: username.to_string(),
        }
    }
}

pub struct KioskClient {
    base: String,
    pub token: String,
    pub http: reqwest::Client,
}

/// A check-in as the kiosk would build it: now, walk-in, no interpreter.
pub fn checkin(errand: &str, language: &str) -> CheckinRequest {
    CheckinRequest {
        id: uuid::Uuid::new_v4(),
        errand: errand.into(),
        language: language.into(),
        appointment: false,
        interpreter: false,
        created_at: chrono::Utc::now().fixed_offset(),
        number: None,
        appointment_code: None,
    }
}

/// The same, as if the visitor had checked in `minutes` ago.
pub fn checkin_ago(errand: &str, language: &str, minutes: i64) -> CheckinRequest {
    let mut c = checkin(errand, language);
    c.created_at = (chrono::Utc::now() - chrono::Duration::minutes(minutes)).fixed_offset();
    c
}

impl KioskClient {
    pub async fn post(&self, body: &impl serde::Serialize) -> (StatusCode, Value) {
        let res = self
            .http
            .post(format!("{}/api/v1/checkins", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Checks in and expects a new ticket.
    pub async fn check_in(&self, request: &CheckinRequest) -> CheckinResponse {
        let (status, body) = self.post(request).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        serde_json::from_value(body).unwrap()
    }

    pub async fn config(&self) -> (StatusCode, Value) {
        let res = self
            .http
            .get(format!("{}/api/v1/kiosk/config", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }
}

pub struct CounsellorClient {
    base: String,
    pub http: reqwest::Client,
    pub csrf: String,
    pub username: String,
}

impl CounsellorClient {
    /// A page (or a part the page fetches) as text, without the marks
    /// Fluent puts around arguments to keep their direction apart.
    pub async fn page(&self, path: &str) -> String {
        self.http
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .replace(['\u{2068}', '\u{2069}'], "")
    }

    /// The site's staff stream, as the workstation listens to it.
    pub async fn staff_events(
        &self,
    ) -> impl futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin {
        let res = self
            .http
            .get(format!("{}/api/v1/staff/events", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.bytes_stream()
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .header("X-CSRF-Token", &self.csrf);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// "Call next": the ticket, or `None` on 204.
    pub async fn next(&self) -> Option<Ticket> {
        let (status, body) = self
            .send(Method::POST, "/api/v1/counsellor/next", None)
            .await;
        match status {
            StatusCode::OK => Some(serde_json::from_value(body["ticket"].clone()).unwrap()),
            StatusCode::NO_CONTENT => None,
            other => panic!("next gave {other}: {body}"),
        }
    }

    pub async fn act(&self, id: uuid::Uuid, action: &str) -> (StatusCode, Value) {
        self.send(
            Method::POST,
            &format!("/api/v1/tickets/{id}/{action}"),
            None,
        )
        .await
    }

    /// Acts and expects success.
    pub async fn ok(&self, id: uuid::Uuid, action: &str) -> Ticket {
        let (status, body) = self.act(id, action).await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
        serde_json::from_value(body["ticket"].clone()).unwrap()
    }

    pub async fn transfer(&self, id: uuid::Uuid, to: Value) -> (StatusCode, Value) {
        self.send(
            Method::POST,
            &format!("/api/v1/tickets/{id}/transfer"),
            Some(to),
        )
        .await
    }

    pub async fn queue(&self, site: &str) -> Vec<Ticket> {
        let (status, body) = self
            .send(Method::GET, &format!("/api/v1/sites/{site}/queue"), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body["waiting"].clone()).unwrap()
    }

    pub async fn set_status(&self, status: &str) -> StatusCode {
        self.send(
            Method::PUT,
            "/api/v1/counsellor/status",
            Some(json!({ "status": status })),
        )
        .await
        .0
    }
}

/// The numbers of a list of tickets, for readable assertions.
pub fn numbers(tickets: &[Ticket]) -> Vec<String> {
    tickets.iter().map(|t| t.number.clone()).collect()
}

//! A local Slack incoming webhook for the tests: answers each POST with the next status of a
//! list (then 200) and keeps the bodies.

use std::sync::{Arc, Mutex};

/// A local Slack: answers each POST with the next status of `statuses` (then 200) and keeps
/// the bodies.
pub struct Slack {
    pub url: String,
    pub bodies: Arc<Mutex<Vec<String>>>,
    _runtime: tokio::runtime::Runtime,
}

impl Slack {
    pub fn start(statuses: Vec<u16>) -> Slack {
        use axum::routing::post;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let statuses = Arc::new(Mutex::new(statuses));
        let kept = Arc::clone(&bodies);
        let app = axum::Router::new().route(
            "/services/T000/B000/{secret}",
            post(move |body: String| {
                let kept = Arc::clone(&kept);
                let statuses = Arc::clone(&statuses);
                async move {
                    kept.lock().expect("lock").push(body);
                    let mut statuses = statuses.lock().expect("lock");
                    let status = if statuses.is_empty() {
                        200
                    } else {
                        statuses.remove(0)
                    };
                    (
                        axum::http::StatusCode::from_u16(status).unwrap_or_default(),
                        "ok",
                    )
                }
            }),
        );
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a port");
        let url = format!(
            "http://{}/services/T000/B000/xoxb-do-not-leak-0123456789",
            listener.local_addr().expect("address")
        );
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Slack {
            url,
            bodies,
            _runtime: runtime,
        }
    }
}

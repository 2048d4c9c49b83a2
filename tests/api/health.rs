use crate::helpers::TestApp;

#[tokio::test(flavor = "multi_thread")]
async fn healthz_answers_ok() {
    let app = TestApp::spawn().await;
    let response = app.get("/healthz").await;
    let (status, body) = (response.status, response.body);
    assert_eq!(status, 200);
    assert_eq!(body, "ok");
}

#[tokio::test(flavor = "multi_thread")]
async fn readyz_is_ok_when_mysql_and_dynamodb_answer() {
    let app = TestApp::spawn().await;
    let response = app.get("/readyz").await;
    let (status, body) = (response.status, response.body);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, r#"{"mysql":"ok","dynamodb":"ok"}"#);
}

#[tokio::test(flavor = "multi_thread")]
async fn readyz_is_503_when_dynamodb_is_unreachable() {
    // Port 9 (discard) has nothing listening: connections are refused.
    let app = TestApp::builder().setting("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9").spawn().await;
    let response = app.get("/readyz").await;
    let (status, body) = (response.status, response.body);
    assert_eq!(status, 503, "{body}");
    assert_eq!(body, r#"{"mysql":"ok","dynamodb":"unavailable"}"#);
}

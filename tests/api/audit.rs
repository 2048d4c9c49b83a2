//! The audit trail: every outbox row reaches the DynamoDB audit table exactly once, in order per
//! task, hash-chained; DynamoDB being away delays rows but loses none; the task page reads the
//! history back and notices a tampered row. The apps here run without background workers: each
//! test relays itself (`relay_all`), so what is in the table when is exact.

use crate::{
    helpers::{dynamodb_client, dynamodb_endpoint, SwitchableProxy, TestApp},
    tasks::{create, outbox, team_on, update, Team},
};
use aws_sdk_dynamodb::types::AttributeValue;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use taskboard::{
    domain::audit::TaskHistory,
    server::{
        audit::{chain, table, AuditTables},
        db::schema::audit_outbox,
    },
};

async fn team() -> Team {
    team_on(TestApp::builder().without_workers().spawn().await).await
}

/// How many tasks' outbox rows there are, and how many of them still wait to be relayed.
async fn outbox_counts(app: &TestApp) -> (i64, i64) {
    let mut conn = app.db().await;
    let tasks = || audit_outbox::table.filter(audit_outbox::task_id.gt(0));
    (
        tasks().count().get_result(&mut conn).await.unwrap(),
        tasks().filter(audit_outbox::relayed_at.is_null()).count().get_result(&mut conn).await.unwrap(),
    )
}

async fn rows_of(app: &TestApp, task_id: i64) -> Vec<table::AuditRow> {
    table::task_rows(&dynamodb_client(), &AuditTables::new(&app.table_prefix), task_id)
        .await
        .expect("query the audit table")
}

async fn history(app: &TestApp, task_id: i64) -> TaskHistory {
    let response = app.call_server_fn("task_history", &[("id", &task_id.to_string())]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_change_becomes_one_audit_row_in_order() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Write the guide", Some(team.pic_id)).await;
    let id_text = id.to_string();
    assert_eq!(update(app, app, id, 1, &[("title", "Write the user guide")]).await.status, 200);
    let moved =
        team.pic.call_server_fn("move_task", &[("id", &id_text), ("version", "2"), ("status", "in_progress")]).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let deleted = app.call_server_fn("delete_task", &[("id", &id_text), ("version", "3")]).await;
    assert!(deleted.status.is_success() || deleted.status.is_redirection(), "{}", deleted.body);

    assert_eq!(app.relay_all().await, 4);
    assert_eq!(outbox_counts(app).await, (4, 0), "every row relayed");
    let rows = rows_of(app, id).await;
    let seqs: Vec<i32> = rows.iter().map(|r| r.link.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4], "one row per change, in order");
    let links: Vec<chain::Link> = rows.iter().map(|r| r.link.clone()).collect();
    assert!(chain::verify(&links));
    let outbox_ids: Vec<String> = outbox(app).await.into_iter().map(|e| e.event_id).collect();
    let table_ids: Vec<String> = rows.iter().map(|r| r.event_id.clone()).collect();
    assert_eq!(table_ids, outbox_ids, "the same events, each once");

    // The task page's history, newest first, in words; a deleted task keeps it.
    let history = history(app, id).await;
    assert!(history.verified && history.deleted);
    let texts: Vec<&str> = history.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Sophie Supervisor moved it to the trash",
            "Pia 담당자 moved it from To do to In progress",
            "Sophie Supervisor renamed it from “Write the guide” to “Write the user guide”",
            "Sophie Supervisor created it",
        ]
    );
    let page = app.get(&format!("/tasks/{id}")).await.body;
    assert!(page.contains("This task was deleted") && page.contains("Pia 담당자 moved it from To do to In progress"));
}

#[tokio::test(flavor = "multi_thread")]
async fn dynamodb_away_during_a_burst_delays_rows_but_loses_and_repeats_none() {
    let target = dynamodb_endpoint().trim_start_matches("http://").to_owned();
    let proxy = SwitchableProxy::start(&target).await;
    let app = TestApp::builder().setting("AWS_ENDPOINT_URL_DYNAMODB", &proxy.address).without_workers().spawn().await;
    let team = team_on(app).await;
    let app = &team.app;
    let first = create(app, &team, "Before the outage", None).await;
    assert_eq!(app.relay_all().await, 1);

    proxy.set_up(false);
    let mut ids = vec![first];
    for i in 0..3 {
        ids.push(create(app, &team, &format!("During the outage {i}"), Some(team.pic_id)).await);
    }
    assert_eq!(update(app, app, first, 1, &[("title", "Renamed during the outage")]).await.status, 200);
    let failed = app.try_relay_all().await.expect_err("DynamoDB is away");
    assert!(failed.contains("the audit table failed"), "{failed}");
    let mut conn = app.db().await;
    let waiting: Vec<(i32, Option<String>)> = audit_outbox::table
        .filter(audit_outbox::relayed_at.is_null())
        .select((audit_outbox::attempts, audit_outbox::last_error))
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(waiting.len(), 4, "the writes succeeded; their events wait");
    assert!(waiting.iter().any(|(attempts, error)| *attempts > 0 && error.is_some()), "and were tried: {waiting:?}");

    proxy.set_up(true);
    // As if a minute had passed: past every backoff.
    let later = chrono::Utc::now().naive_utc() + chrono::TimeDelta::minutes(1);
    assert_eq!(app.relay_all_at(later).await, 4);
    assert_eq!(outbox_counts(app).await, (5, 0));
    let first_rows = rows_of(app, first).await;
    assert_eq!(first_rows.iter().map(|r| r.link.seq).collect::<Vec<_>>(), [1, 2]);
    for id in &ids[1..] {
        assert_eq!(rows_of(app, *id).await.len(), 1, "task {id}: exactly one row");
    }
    assert!(history(app, first).await.verified);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tampered_history_row_is_detected() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Quarterly report", None).await;
    assert_eq!(update(app, app, id, 1, &[("title", "Quarterly report, final")]).await.status, 200);
    assert_eq!(app.relay_all().await, 2);
    assert!(history(app, id).await.verified);

    // Someone with access to the table rewrites who made the first change.
    let tables = AuditTables::new(&app.table_prefix);
    let row = table::get(&dynamodb_client(), &tables, id, 1).await.unwrap().unwrap();
    let forged = row.link.event_json.replace("Sophie Supervisor", "Otto Other");
    dynamodb_client()
        .update_item()
        .table_name(&tables.audit)
        .key("task_id", AttributeValue::N(id.to_string()))
        .key("seq", AttributeValue::N("1".into()))
        .update_expression("SET #event = :forged")
        .expression_attribute_names("#event", "event")
        .expression_attribute_values(":forged", AttributeValue::S(forged))
        .send()
        .await
        .unwrap();
    let history = history(app, id).await;
    assert!(!history.verified, "the chain no longer holds");
    assert_eq!(history.entries.last().unwrap().text, "Otto Other created it", "the forged entry is shown, flagged");
    let page = app.get(&format!("/tasks/{id}")).await.body;
    assert!(page.contains("This history has been altered"));
}

async fn history_page(app: &TestApp, task_id: i64, before: Option<i32>) -> TaskHistory {
    let id = task_id.to_string();
    let before = before.map(|b| b.to_string());
    let mut form = vec![("id", id.as_str())];
    if let Some(before) = &before {
        form.push(("before", before.as_str()));
    }
    let response = app.call_server_fn("task_history", &form).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

/// A long history is read a page at a time (one query each, however long it grows), each page
/// verified on its own and linked to the page before it; a changed row is caught on its page.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_history_is_read_and_verified_a_page_at_a_time() {
    let team = team().await;
    let app = &team.app;
    let id = create(app, &team, "Long-lived", None).await;
    for version in 1..60 {
        assert_eq!(
            update(app, app, id, version, &[("title", &format!("Long-lived, edit {version}"))]).await.status,
            200
        );
    }
    assert_eq!(app.relay_all().await, 60);

    let newest = history_page(app, id, None).await;
    assert_eq!(newest.entries.len(), 50);
    assert_eq!(newest.entries[0].seq, 60, "newest first");
    assert!(newest.verified);
    assert_eq!(newest.older, Some(11));
    let oldest = history_page(app, id, newest.older).await;
    let seqs: Vec<i32> = oldest.entries.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=10).rev().collect::<Vec<_>>());
    assert!(oldest.verified && oldest.older.is_none());
    assert_eq!(oldest.entries.last().unwrap().text, "Sophie Supervisor created it");
    let page = app.get(&format!("/tasks/{id}")).await.body;
    assert!(
        page.contains(&format!("href=\"/tasks/{id}?history_before=11#history-heading\"")),
        "a link to the older page"
    );

    // Rewriting event 5 (with a fresh hash of its own) breaks the link from event 6 to it.
    let tables = AuditTables::new(&app.table_prefix);
    let row = table::get(&dynamodb_client(), &tables, id, 5).await.unwrap().unwrap();
    let forged = row.link.event_json.replace("edit 4", "edit four");
    let forged_hash = chain::link(&row.link.previous, 5, &forged);
    dynamodb_client()
        .update_item()
        .table_name(&tables.audit)
        .key("task_id", AttributeValue::N(id.to_string()))
        .key("seq", AttributeValue::N("5".into()))
        .update_expression("SET #event = :forged, #hash = :hash")
        .expression_attribute_names("#event", "event")
        .expression_attribute_names("#hash", "hash")
        .expression_attribute_values(":forged", AttributeValue::S(forged))
        .expression_attribute_values(":hash", AttributeValue::S(forged_hash))
        .send()
        .await
        .unwrap();
    assert!(!history_page(app, id, Some(11)).await.verified, "caught on the page that holds it");
    assert!(history_page(app, id, None).await.verified, "the newest page does not hold it");
}

//! The board's CSV export: every task (not the trash) with its fields, people, labels and
//! checklist progress, quoted as RFC 4180 says, formulas defused; for members only.

use crate::{
    helpers::NewTask,
    tasks::{create, team},
};
use diesel_async::RunQueryDsl;

fn rows(csv: &str) -> Vec<&str> {
    csv.trim_start_matches('\u{feff}').split("\r\n").filter(|line| !line.is_empty()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn members_export_every_task_of_the_board_as_csv() {
    let team = team().await;
    let app = &team.app;
    let first = create(app, &team, "=HYPERLINK(\"http://evil.example\")", Some(team.pic_id)).await;
    // Two labels and a checklist of three with one ticked, straight in the tables.
    let mut conn = app.db().await;
    for sql in [
        format!("INSERT INTO labels (id, board_id, name, colour, created_at) VALUES (901, {0}, 'Bug', 'red', NOW(6)), (902, {0}, 'Urgent', 'orange', NOW(6))", team.board_id),
        format!("INSERT INTO task_labels (task_id, label_id) VALUES ({first}, 901), ({first}, 902)"),
        format!("UPDATE tasks SET checklist_done = 1, checklist_total = 3 WHERE id = {first}"),
    ] {
        diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    }
    let mut fixtures = Vec::new();
    let titles: Vec<String> = (0..1100).map(|n| format!("Bulk, task {n}")).collect();
    for (n, title) in titles.iter().enumerate() {
        fixtures.push(NewTask::new(team.board_id, title, "in_review", n as i64 * 1024, team.supervisor_id));
    }
    app.insert_tasks(&fixtures).await;

    let response = team.pic.get(&format!("/boards/{}/export.csv", team.board_id)).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.header("content-type"), Some("text/csv; charset=utf-8"));
    let disposition = response.header("content-disposition").unwrap();
    assert!(disposition.starts_with("attachment; filename=\"Team_board.csv\""), "{disposition}");
    let lines = rows(&response.body);
    assert_eq!(lines[0], "id,title,description,status,deadline,supervisor,person_in_charge,labels,checklist_done,checklist_total,version,created_at,updated_at,updated_by");
    assert_eq!(lines.len(), 1 + 1 + 1100, "every task, past the 500 a query reads");
    let row = lines[1];
    assert!(row.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\")\","), "{row}");
    assert!(row.contains(",todo,,Sophie Supervisor,Pia 담당자,Bug; Urgent,1,3,1,"), "{row}");
    assert!(lines[2].contains(",\"Bulk, task 0\","), "{}", lines[2]);

    // Nobody else learns the board exists; logged out is asked to log in.
    let (outsider, _) = team.outsider("Olga Outsider").await;
    assert_eq!(outsider.get(&format!("/boards/{}/export.csv", team.board_id)).await.status, 404);
    assert_eq!(team.anonymous.get(&format!("/boards/{}/export.csv", team.board_id)).await.status, 401);
}

//! The AWS driver's input: a DynamoDB Streams event as Lambda receives it (the JSON format AWS
//! documents: `Records[].eventName`, `Records[].dynamodb.NewImage` in DynamoDB's attribute-value
//! JSON, `Records[].dynamodb.SequenceNumber`). The answer reports the records to retry
//! (`batchItemFailures`, with `ReportBatchItemFailures` on the event source mapping), so one bad
//! record is retried and, after the mapping's tries, sent to the dead-letter queue, without
//! holding back the rest.

use super::bursts::Bursts;
use crate::domain::audit::AuditEvent;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize)]
struct StreamsEvent {
    #[serde(rename = "Records", default)]
    records: Vec<StreamsRecord>,
}

#[derive(Debug, Deserialize)]
struct StreamsRecord {
    #[serde(rename = "eventName")]
    event_name: String,
    dynamodb: StreamsChange,
}

#[derive(Debug, Deserialize)]
struct StreamsChange {
    #[serde(rename = "NewImage")]
    new_image: Option<serde_json::Map<String, Value>>,
    #[serde(rename = "SequenceNumber")]
    sequence_number: String,
}

/// A Streams event's new audit rows, each with its record's sequence number, and the sequence
/// numbers of records that could not be read.
#[derive(Debug, Default)]
pub struct NewRows {
    pub events: Vec<(String, AuditEvent)>,
    pub unreadable: Vec<String>,
}

/// The audit events among a Streams event's records: new rows only (an audit row is never
/// changed; if one were, that is not news to mail about). Records that cannot be read are
/// returned as failures by sequence number.
pub fn audit_events(event: &Value) -> Result<NewRows, serde_json::Error> {
    let event: StreamsEvent = serde_json::from_value(event.clone())?;
    let mut events = Vec::new();
    let mut unreadable = Vec::new();
    for record in event.records.into_iter().filter(|r| r.event_name == "INSERT") {
        let audit = record
            .dynamodb
            .new_image
            .as_ref()
            .and_then(|image| image.get("event"))
            .and_then(|attribute| attribute.get("S"))
            .and_then(Value::as_str)
            .and_then(|json| serde_json::from_str::<AuditEvent>(json).ok());
        match audit {
            Some(audit) => events.push((record.dynamodb.sequence_number, audit)),
            None => unreadable.push(record.dynamodb.sequence_number),
        }
    }
    Ok(NewRows { events, unreadable })
}

/// Handles one Lambda invocation; returns the `batchItemFailures` answer.
#[tracing::instrument(name = "lambda_invocation", skip_all, err)]
pub async fn handle(bursts: &Bursts, event: &Value) -> Result<Value, serde_json::Error> {
    let NewRows { events, unreadable: mut failures } = audit_events(event)?;
    for (sequence_number, audit) in events {
        if let Err(error) = bursts.fold(&audit).await {
            tracing::warn!(error = %error, "notification will be retried");
            failures.push(sequence_number);
        }
    }
    for sequence_number in &failures {
        tracing::warn!(sequence_number, "stream record reported for retry");
    }
    let failures: Vec<Value> = failures.into_iter().map(|id| json!({ "itemIdentifier": id })).collect();
    Ok(json!({ "batchItemFailures": failures }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like the example in AWS's "Using AWS Lambda with Amazon DynamoDB" guide.
    fn streams_event(event_json: &str) -> Value {
        json!({
            "Records": [
                {
                    "eventID": "c4ca4238a0b923820dcc509a6f75849b",
                    "eventName": "INSERT",
                    "eventVersion": "1.1",
                    "eventSource": "aws:dynamodb",
                    "awsRegion": "us-east-1",
                    "dynamodb": {
                        "ApproximateCreationDateTime": 1_764_237_600,
                        "Keys": { "task_id": { "N": "42" }, "seq": { "N": "3" } },
                        "NewImage": {
                            "task_id": { "N": "42" },
                            "seq": { "N": "3" },
                            "event_id": { "S": "0f8fad5b-d9cb-469f-a165-70867728950e" },
                            "event": { "S": event_json },
                            "previous": { "S": "00" },
                            "hash": { "S": "ab" }
                        },
                        "SequenceNumber": "4421584500000000017450439091",
                        "SizeBytes": 26,
                        "StreamViewType": "NEW_IMAGE"
                    },
                    "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/taskboard-audit/stream/2026-11-27T00:00:00.000"
                },
                {
                    "eventID": "c81e728d9d4c2f636f067f89cc14862c",
                    "eventName": "MODIFY",
                    "eventVersion": "1.1",
                    "eventSource": "aws:dynamodb",
                    "awsRegion": "us-east-1",
                    "dynamodb": {
                        "Keys": { "task_id": { "N": "42" }, "seq": { "N": "1" } },
                        "NewImage": { "event": { "S": event_json } },
                        "SequenceNumber": "4421584500000000017450439092",
                        "SizeBytes": 26,
                        "StreamViewType": "NEW_IMAGE"
                    },
                    "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/taskboard-audit/stream/2026-11-27T00:00:00.000"
                }
            ]
        })
    }

    const EVENT: &str = r#"{"event_id":"0f8fad5b-d9cb-469f-a165-70867728950e","task_id":42,"seq":3,"task_title":"Write the guide","kind":"moved","actor":{"id":1,"name":"Mina"},"at":"2026-11-27T10:00:00","changes":[{"field":"status","old":"To do","new":"In progress"}],"recipients":[{"user_id":2,"name":"Sam","email":"sam@example.com"}]}"#;

    #[test]
    fn new_rows_are_read_and_changed_rows_ignored() {
        let NewRows { events, unreadable } = audit_events(&streams_event(EVENT)).unwrap();
        assert!(unreadable.is_empty());
        assert_eq!(events.len(), 1);
        let (sequence_number, event) = &events[0];
        assert_eq!(sequence_number, "4421584500000000017450439091");
        assert_eq!((event.task_id, event.seq, event.actor.name.as_str()), (42, 3, "Mina"));
        assert_eq!(event.recipients[0].email, "sam@example.com");
    }

    #[test]
    fn an_unreadable_record_is_reported_not_dropped() {
        let NewRows { events, unreadable } = audit_events(&streams_event("not json")).unwrap();
        assert!(events.is_empty());
        assert_eq!(unreadable, ["4421584500000000017450439091"]);
    }

    #[test]
    fn an_event_that_is_not_a_streams_event_is_an_error() {
        assert!(audit_events(&json!({ "Records": [{ "eventName": "INSERT" }] })).is_err());
        assert!(audit_events(&json!({})).unwrap().events.is_empty(), "no records, nothing to do");
    }
}

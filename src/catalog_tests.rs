//! The catalog's two languages say the same things: every key in one is in the other, with the
//! same `{{ arguments }}`. (build.rs refuses a catalog with a key missing on either side too;
//! this test says which key and why in words.) Plural keys count once: English has `_one` and
//! `_other` forms, Korean only `_other`.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

const LANGUAGES: [&str; 2] = ["en", "ko"];

/// `namespace.key` → the arguments its text names, for one language.
fn keys(language: &str) -> BTreeMap<String, Vec<String>> {
    let dir = format!("{}/src/locales/{language}", env!("CARGO_MANIFEST_DIR"));
    let mut keys = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("the language's folder") {
        let path = entry.expect("a catalog file").path();
        let namespace = path.file_stem().and_then(|s| s.to_str()).expect("a file name").to_owned();
        let text = std::fs::read_to_string(&path).expect("a readable file");
        let map: Map<String, Value> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        for (key, value) in map {
            let key = key.strip_suffix("_one").or_else(|| key.strip_suffix("_other")).unwrap_or(&key).to_owned();
            let text = value.as_str().unwrap_or_else(|| panic!("{namespace}.{key} is not a string"));
            let mut arguments: Vec<String> = text
                .split("{{")
                .skip(1)
                .filter_map(|rest| rest.split_once("}}").map(|(name, _)| name.trim().to_owned()))
                .collect();
            arguments.sort();
            arguments.dedup();
            keys.entry(format!("{namespace}.{key}")).or_insert(arguments);
        }
    }
    keys
}

#[test]
fn both_languages_have_every_key_with_the_same_arguments() {
    let [english, korean] = LANGUAGES.map(keys);
    assert!(english.len() > 300, "the catalog is read ({} keys)", english.len());
    let missing_in_korean: Vec<&String> = english.keys().filter(|key| !korean.contains_key(*key)).collect();
    let missing_in_english: Vec<&String> = korean.keys().filter(|key| !english.contains_key(*key)).collect();
    assert!(missing_in_korean.is_empty(), "missing in ko: {missing_in_korean:?}");
    assert!(missing_in_english.is_empty(), "missing in en: {missing_in_english:?}");
    for (key, arguments) in &english {
        assert_eq!(arguments, &korean[key], "{key} takes other arguments in ko");
    }
}

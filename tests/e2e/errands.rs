//! A municipality adds an errand with a config entry and its translated
//! texts, and no code: the kiosk learns its pictogram and its name in every
//! language of the site, and visitors check in for it.

use reqwest::StatusCode;
use serde_json::json;
use server::config::Config;

use crate::helpers::{checkin, Clients, TestServer};

#[tokio::test]
async fn a_new_errand_from_the_config_reaches_the_kiosk_with_its_pictogram_and_texts() {
    let text = format!(
        "{}\n[[errands]]\nid = \"housing\"\nprefix = \"B\"\nicon = \"house\"\n",
        server::config::DEMO_CONFIG
    );
    let server = TestServer::with_config(Config::parse("housing.toml", &text).unwrap()).await;
    let kiosk = server.kiosk("arby-1").await;
    let (status, config) = kiosk.config().await;
    assert_eq!(status, StatusCode::OK);
    let housing = config["errands"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "housing")
        .expect("the new errand is offered");
    assert_eq!(housing["icon"], "house");
    assert_eq!(housing["prefix"], "B");
    // Named in every language the site offers, from translations/.
    for language in config["languages"].as_array().unwrap() {
        let name = housing["names"][language.as_str().unwrap()].as_str();
        assert!(
            name.is_some_and(|n| !n.is_empty() && !n.contains("errand-")),
            "{language}: {name:?}"
        );
    }
    assert_eq!(housing["names"]["sv"], json!("Bostad och boende"));
    // The demo's errands keep their own pictograms.
    assert_eq!(config["errands"][0]["icon"], "briefcase");

    let (status, ticket) = kiosk.post(&checkin("housing", "so")).await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    assert!(
        ticket["number"].as_str().unwrap().starts_with('B'),
        "{ticket}"
    );
}

//! The campaigns' JSON API over a real port, on SQLite or PostgreSQL:
//! creating a campaign under the owner's rights, per-field problems,
//! adoption by publishing a tagged release through the newsroom API, the
//! status, dashboard, tree, not-started and adopted-release endpoints.

use serde_json::{Value, json};
use sinergi_campaigns::date_of;
use sinergi_domain::newsroom::DAY_MICROS;
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::fixtures::cast;

use sinergi_testkit::app::{BALI_AND_SURABAYA, TestApp};

/// Tokens, in order: an editor of Kota Denpasar, an admin of East Java,
/// a network-wide administrator at KemenPANRB.
async fn start() -> TestApp {
    TestApp::start(
        BALI_AND_SURABAYA,
        &[
            cast::REDAKSI_DENPASAR,
            cast::HUMAS_JATIM,
            cast::KOORDINATOR_MENPAN,
        ],
    )
    .await
}

/// Publishes a release of Kota Denpasar tagged `tag`, now.
async fn publish(app: &TestApp, tag: &str) -> i64 {
    let (s, created) = app
        .call(
            "POST",
            "/api/v1/releases",
            Some(EDITOR),
            Some(json!({
                "unit": "51.71", "title": "Denpasar Melayani dengan Integritas",
                "lead": "Apel ASN.", "body": "Isi.", "tags": [tag],
            })),
        )
        .await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    for op in ["submit", "approve", "release"] {
        let (s, moved) = app
            .call(
                "POST",
                &format!("/api/v1/releases/{id}/transitions"),
                Some(EDITOR),
                Some(json!({ "op": op, "version": 1 })),
            )
            .await;
        assert_eq!(s, 200, "{op}: {moved}");
    }
    id
}

const EDITOR: usize = 0;
const EAST_JAVA: usize = 1;
const NATIONAL: usize = 2;

fn campaign() -> Value {
    json!({
        "owner": "kemenpanrb",
        "title": "Revolusi Mental ASN",
        "description": "Gerakan nasional.",
        "key_messages": ["Melayani dengan integritas."],
        "hashtags": ["#RevolusiMentalASN"],
        "starts_on": date_of(TEST_NOW - 5 * DAY_MICROS),
        "ends_on": date_of(TEST_NOW + 30 * DAY_MICROS),
        "levels": ["province"],
        "depth": "regency",
        "cascade_share": 50,
        "templates": [{"title": "{unit} dukung {campaign}", "lead": "Dari {region}.", "body": "{hashtags}"}],
    })
}

#[tokio::test]
async fn a_campaign_is_created_adopted_and_measured_over_the_api() {
    let app = start().await;
    // Rights and per-field problems.
    let (s, p) = app
        .call(
            "POST",
            "/api/v1/campaigns",
            Some(EAST_JAVA),
            Some(campaign()),
        )
        .await;
    assert_eq!(s, 403, "{p}");
    let (s, p) = app
        .call("POST", "/api/v1/campaigns", None, Some(campaign()))
        .await;
    assert_eq!(s, 401, "{p}");
    let mut bad = campaign();
    bad["ends_on"] = json!("2020-01-01");
    bad["depth"] = json!("kecamatan");
    let (s, p) = app
        .call("POST", "/api/v1/campaigns", Some(NATIONAL), Some(bad))
        .await;
    assert_eq!(s, 422, "{p}");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["ends_on", "depth"], "{p}");

    let (s, created) = app
        .call(
            "POST",
            "/api/v1/campaigns",
            Some(NATIONAL),
            Some(campaign()),
        )
        .await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (s, shown) = app
        .call("GET", &format!("/api/v1/campaigns/{id}"), None, None)
        .await;
    assert_eq!(s, 200, "{shown}");
    assert_eq!(shown["tag"], "revolusi-mental-asn");
    // Bali with its 9 regencies, East Java with Surabaya: 12 targets.
    assert_eq!(shown["totals"]["targets"], 12, "{shown}");
    let (s, p) = app
        .call(
            "PUT",
            &format!("/api/v1/campaigns/{id}"),
            Some(EAST_JAVA),
            Some({
                let mut b = campaign();
                b["version"] = json!(1);
                b
            }),
        )
        .await;
    assert_eq!(s, 403, "{p}");

    // Adoption: publishing a tagged release, then the projector.
    let release = publish(&app, "Revolusi Mental ASN").await;
    app.state.campaigns.catch_up().await.unwrap();
    let (s, status) = app
        .call(
            "GET",
            &format!("/api/v1/campaigns/{id}/status/51.71"),
            None,
            None,
        )
        .await;
    assert_eq!(s, 200, "{status}");
    assert_eq!(status["status"], "adopted");
    assert_eq!(status["first_release_id"], release);
    let (s, _) = app
        .call(
            "GET",
            &format!("/api/v1/campaigns/{id}/status/51.71.01"),
            None,
            None,
        )
        .await;
    assert_eq!(s, 404, "a district is beyond the depth");

    let (_, dash) = app
        .call(
            "GET",
            &format!("/api/v1/campaigns/{id}/dashboard"),
            None,
            None,
        )
        .await;
    assert_eq!(dash["totals"]["adopted"], 1, "{dash}");
    let regency = dash["levels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["level"] == "regency")
        .unwrap();
    assert_eq!(regency["targets"], 10);
    assert_eq!(regency["adopted"], 1);
    assert_eq!(dash["daily"][0]["cumulative"], 1);

    let (_, tree) = app
        .call(
            "GET",
            &format!("/api/v1/campaigns/{id}/tree?unit=51"),
            None,
            None,
        )
        .await;
    let children = tree["children"].as_array().unwrap();
    assert_eq!(children.len(), 9, "{tree}");
    assert_eq!(tree["unit"]["targets_below"], 9);
    assert_eq!(tree["unit"]["adopted_below"], 1);

    let (_, waiting) = app
        .call(
            "GET",
            &format!("/api/v1/campaigns/{id}/not-started?level=province"),
            None,
            None,
        )
        .await;
    let waiting = waiting.as_array().unwrap();
    assert_eq!(waiting.len(), 2);
    assert_eq!(waiting[0]["supervisor_code"], "kemenpanrb");

    let (_, adopted) = app
        .call(
            "GET",
            &format!("/api/v1/campaigns/{id}/releases"),
            None,
            None,
        )
        .await;
    assert_eq!(adopted.as_array().unwrap().len(), 1);
    assert_eq!(adopted[0]["release_id"], release);

    let template = shown["templates"][0]["id"].as_i64().unwrap();
    let (s, filled) = app
        .call(
            "GET",
            &format!("/api/v1/campaigns/{id}/templates/{template}/render?unit=51.71"),
            Some(EDITOR),
            None,
        )
        .await;
    assert_eq!(s, 200, "{filled}");
    assert_eq!(filled["title"], "Kota Denpasar dukung Revolusi Mental ASN");
    assert_eq!(filled["body"], "#RevolusiMentalASN");

    // Targets: an out-of-scope unit is refused per field; a listed one
    // can be removed.
    let (s, p) = app
        .call(
            "POST",
            &format!("/api/v1/campaigns/{id}/targets"),
            Some(NATIONAL),
            Some(json!({"unit": "35.78.01"})),
        )
        .await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"][0]["code"], "campaign-target-beyond-depth");
    let (s, _) = app
        .call(
            "POST",
            &format!("/api/v1/campaigns/{id}/targets"),
            Some(NATIONAL),
            Some(json!({"unit": "kemenpanrb.hkip"})),
        )
        .await;
    assert_eq!(s, 200);
    let (_, shown) = app
        .call("GET", &format!("/api/v1/campaigns/{id}"), None, None)
        .await;
    assert_eq!(shown["totals"]["targets"], 13);
    assert_eq!(
        shown["totals"]["adopted"], 1,
        "adoption survives the recompute"
    );
    let (s, _) = app
        .call(
            "DELETE",
            &format!("/api/v1/campaigns/{id}/targets/kemenpanrb.hkip"),
            Some(NATIONAL),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let (_, list) = app.call("GET", "/api/v1/campaigns", None, None).await;
    assert_eq!(list[0]["totals"]["targets"], 12, "{list}");
}

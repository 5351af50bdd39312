//! Accreditation requests: a journalist asks a unit; only those who may
//! accredit for it see and decide it; a grant writes the accreditation and
//! both answers reach the journalist by e-mail, once.

use sinergi_distribution::DistributionError;
use sinergi_store::accounts::audit::Actor;
use sinergi_store::accounts::users::{NewUser, UserKind};
use sinergi_testkit::TEST_NOW;

use crate::world::{World, actor};

async fn journalist(w: &World, email: &str) -> sinergi_store::accounts::users::User {
    let user = NewUser {
        email: email.into(),
        name: "Putu Wartawan".into(),
        kind: UserKind::Journalist,
        outlet_id: None,
        password_hash: None,
    };
    let id = w
        .store()
        .create_user(&user, None, &Actor::system("test"), TEST_NOW)
        .await
        .unwrap();
    w.store().user_by_id(id).await.unwrap()
}

#[tokio::test]
async fn a_request_is_granted_by_the_units_editor_and_the_journalist_is_told() {
    let w = World::new().await;
    let putu = journalist(&w, "putu@warta.example").await;
    let me = Actor::system("journalist");
    let refused = w.dist.request_accreditation(&putu, &me, "99.99", "").await;
    assert_eq!(
        refused.unwrap_err().problems()[0].key,
        "accreditation-unit-unknown"
    );
    let id = w
        .dist
        .request_accreditation(&putu, &me, "51.71", "Warta, liputan pemerintahan")
        .await
        .unwrap();
    let again = w.dist.request_accreditation(&putu, &me, "51.71", "").await;
    assert_eq!(
        again.unwrap_err().problems()[0].key,
        "accreditation-request-open"
    );
    // Humas Jawa Timur neither sees nor decides it; a contributor cannot.
    assert!(
        w.dist
            .accreditation_requests(&w.outsider)
            .await
            .map_or(true, |r| r.is_empty())
    );
    assert!(matches!(
        w.dist
            .decide_accreditation(&w.outsider, &actor(&w.outsider), id, true, "")
            .await,
        Err(DistributionError::NotFound(_) | DistributionError::NotAllowed)
    ));
    let listed = w.dist.accreditation_requests(&w.editor).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].message, "Warta, liputan pemerintahan");
    w.dist
        .decide_accreditation(&w.editor, &actor(&w.editor), id, true, "Selamat bergabung")
        .await
        .unwrap();
    let held = w.store().accreditations_of(putu.id).await.unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].unit.as_str(), "51.71");
    let mail = w.mail_to("putu@warta.example").await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].subject.contains("disetujui"), "{}", mail[0].subject);
    // Decided once.
    assert!(matches!(
        w.dist
            .decide_accreditation(&w.editor, &actor(&w.editor), id, false, "x")
            .await,
        Err(DistributionError::Stale(_))
    ));
    let mine = w.dist.my_accreditation_requests(&putu).await.unwrap();
    assert_eq!(mine[0].decision.as_deref(), Some("granted"));
    let already = w.dist.request_accreditation(&putu, &me, "51.71", "").await;
    assert_eq!(
        already.unwrap_err().problems()[0].key,
        "accreditation-already"
    );
    assert_eq!(w.audited("accreditation.request.decide").await, 1);
}

#[tokio::test]
async fn a_refusal_needs_a_note_which_the_journalist_receives() {
    let w = World::new().await;
    let putu = journalist(&w, "putu@warta.example").await;
    let id = w
        .dist
        .request_accreditation(&putu, &Actor::system("journalist"), "51.71", "")
        .await
        .unwrap();
    let bare = w
        .dist
        .decide_accreditation(&w.editor, &actor(&w.editor), id, false, " ")
        .await;
    assert_eq!(
        bare.unwrap_err().problems()[0].key,
        "accreditation-note-required"
    );
    w.dist
        .decide_accreditation(
            &w.editor,
            &actor(&w.editor),
            id,
            false,
            "Belum terverifikasi",
        )
        .await
        .unwrap();
    assert!(
        w.store()
            .accreditations_of(putu.id)
            .await
            .unwrap()
            .is_empty()
    );
    let mail = w.mail_to("putu@warta.example").await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].body_text.contains("Belum terverifikasi"));
}

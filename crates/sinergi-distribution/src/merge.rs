//! Merging a duplicate contact into the record kept: the preview an
//! officer reads before, the combined details, and the merge itself (see
//! `sinergi_store::contacts::merge` for what moves).

use serde::Serialize;
use sinergi_domain::ContactId;
use sinergi_domain::access::Principal;
use sinergi_store::accounts::audit::Actor;
use sinergi_store::contacts::{ContactDraft, ContactRecord, Holdings, MergeIds};

use crate::{Distribution, DistributionError, Problem};

/// What a merge will do, shown before it is done.
#[derive(Debug, Clone, Serialize)]
pub struct MergePreview {
    pub keep: ContactRecord,
    pub other: ContactRecord,
    /// The kept record's details after the merge.
    pub result: ContactRecord,
    pub keep_holds: Holdings,
    pub other_holds: Holdings,
}

/// The kept record's value, or the duplicate's where the kept one is empty.
fn first_filled(keep: &str, other: &str) -> String {
    if keep.trim().is_empty() {
        other.to_owned()
    } else {
        keep.to_owned()
    }
}

/// Both lists, the kept record's first, without repeats.
fn union(keep: &[String], other: &[String]) -> Vec<String> {
    let mut all = keep.to_vec();
    for x in other {
        if !all.iter().any(|k| k.eq_ignore_ascii_case(x)) {
            all.push(x.clone());
        }
    }
    all
}

/// The kept record's details, filled from the duplicate where empty, with
/// beats, regions and languages joined. The kept record's name, kind,
/// language and zone stay (the officer chose which record to keep).
pub fn combine(keep: &ContactRecord, other: &ContactRecord) -> ContactDraft {
    ContactDraft {
        name: keep.name.clone(),
        email: keep.email.clone().or_else(|| other.email.clone()),
        phone: first_filled(&keep.phone, &other.phone),
        whatsapp: first_filled(&keep.whatsapp, &other.whatsapp),
        kind: Some(keep.kind),
        role_title: first_filled(&keep.role_title, &other.role_title),
        outlet_id: keep.outlet_id.or(other.outlet_id),
        organisation: first_filled(&keep.organisation, &other.organisation),
        beats: union(&keep.beats, &other.beats),
        regions: union(&keep.regions, &other.regions),
        languages: union(&keep.languages, &other.languages),
        language: keep.language.clone(),
        time_zone: keep.time_zone.clone(),
        user_id: keep.user_id.or(other.user_id),
    }
}

fn refused(key: &'static str) -> DistributionError {
    DistributionError::Invalid(vec![Problem::new("other", key)])
}

impl Distribution {
    async fn merge_pair(
        &self,
        keep: ContactId,
        other: ContactId,
    ) -> Result<(ContactRecord, ContactRecord), DistributionError> {
        if keep == other {
            return Err(refused("merge-same"));
        }
        let (k, o) = (self.record(keep).await?, self.record(other).await?);
        if k.user_id.is_some() && o.user_id.is_some() {
            return Err(refused("merge-two-accounts"));
        }
        Ok((k, o))
    }

    /// What merging `other` into `keep` would do; nothing is written.
    pub async fn merge_preview(
        &self,
        p: &Principal,
        keep: ContactId,
        other: ContactId,
    ) -> Result<MergePreview, DistributionError> {
        if !self.may_manage(p) {
            return Err(DistributionError::NotAllowed);
        }
        let (k, o) = self.merge_pair(keep, other).await?;
        let d = combine(&k, &o);
        let outlet_name = match d.outlet_id {
            Some(id) if Some(id) == o.outlet_id && Some(id) != k.outlet_id => o.outlet_name.clone(),
            _ => k.outlet_name.clone(),
        };
        let result = ContactRecord {
            email: d.email,
            phone: d.phone,
            whatsapp: d.whatsapp,
            role_title: d.role_title,
            outlet_id: d.outlet_id,
            outlet_name,
            organisation: d.organisation,
            beats: d.beats,
            regions: d.regions,
            languages: d.languages,
            user_id: d.user_id,
            distribution_consent: k.distribution_consent || o.distribution_consent,
            ..k.clone()
        };
        Ok(MergePreview {
            keep_holds: self.store.contact_holdings(keep).await?,
            other_holds: self.store.contact_holdings(other).await?,
            keep: k,
            other: o,
            result,
        })
    }

    /// Merges `other` into `keep` as both stood at the versions the
    /// officer saw; a change since is refused as stale.
    pub async fn merge(
        &self,
        p: &Principal,
        actor: &Actor,
        ids: MergeIds,
    ) -> Result<(), DistributionError> {
        if !self.may_manage(p) {
            return Err(DistributionError::NotAllowed);
        }
        let (k, o) = self.merge_pair(ids.keep, ids.other).await?;
        let d = combine(&k, &o);
        self.store
            .merge_contacts(ids, &d, actor, self.now())
            .await?;
        self.notifier.notify();
        Ok(())
    }

    /// Where a merged contact's history now is (for old links).
    pub async fn merged_target(
        &self,
        p: &Principal,
        id: ContactId,
    ) -> Result<Option<ContactId>, DistributionError> {
        if !self.may_manage(p) {
            return Err(DistributionError::NotAllowed);
        }
        Ok(self.store.merged_target(id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sinergi_domain::contacts::ContactKind;

    fn record(id: i64, name: &str) -> ContactRecord {
        ContactRecord {
            id: ContactId::new(id),
            name: name.into(),
            email: None,
            phone: String::new(),
            whatsapp: String::new(),
            kind: ContactKind::Journalist,
            role_title: String::new(),
            outlet_id: None,
            outlet_name: None,
            organisation: String::new(),
            beats: vec![],
            regions: vec![],
            languages: vec!["id".into()],
            language: "id".into(),
            time_zone: "WIB".into(),
            user_id: None,
            merged_into: None,
            erased_at: None,
            created_at: 0,
            updated_at: 0,
            version: 1,
            distribution_consent: false,
        }
    }

    #[test]
    fn the_kept_record_wins_and_its_gaps_are_filled_from_the_duplicate() {
        let mut keep = record(1, "Dewi Lestari");
        keep.phone = "0811".into();
        keep.beats = vec!["pariwisata".into()];
        let mut other = record(2, "Dewi L.");
        other.email = Some("dewi@warta.example".into());
        other.phone = "0822".into();
        other.role_title = "Redaktur".into();
        other.outlet_id = Some(7);
        other.beats = vec!["Pariwisata".into(), "ekonomi".into()];
        other.languages = vec!["id".into(), "en".into()];
        let d = combine(&keep, &other);
        assert_eq!(d.name, "Dewi Lestari");
        assert_eq!(d.email.as_deref(), Some("dewi@warta.example"));
        assert_eq!(d.phone, "0811");
        assert_eq!(d.role_title, "Redaktur");
        assert_eq!(d.outlet_id, Some(7));
        assert_eq!(d.beats, ["pariwisata", "ekonomi"]);
        assert_eq!(d.languages, ["id", "en"]);
    }
}

//! Uploads: checked and re-encoded by sinergi-media, kept in the blob
//! store by hash, recorded in the database, served only to those who may
//! see a release that shows them (or the unit's own people).

use sinergi_domain::UnitCode;
use sinergi_domain::access::{Action, Principal, sees_internal_event};
use sinergi_domain::forum::Visibility;
use sinergi_store::newsroom::{MediaRecord, NewMedia};

use crate::{Newsroom, NewsroomError};

/// Bytes to send, with how to send them.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub bytes: Vec<u8>,
    pub mime: String,
    pub filename: String,
}

impl Newsroom {
    pub async fn upload(
        &self,
        principal: &Principal,
        unit: &UnitCode,
        bytes: &[u8],
        filename: &str,
        declared_type: &str,
    ) -> Result<MediaRecord, NewsroomError> {
        if !principal.can(Action::Draft, unit) {
            return Err(NewsroomError::NotAllowed);
        }
        // Decoding and re-encoding an image takes up to a second of CPU and
        // a few hundred megabytes: off the async threads, queued for its
        // share of the process-wide memory budget and a job slot (so uploads
        // cannot starve page requests on a small machine either).
        let processed = self
            .uploads
            .process(bytes.to_vec(), filename, declared_type)
            .await?;
        let files = |e: sinergi_media::BlobError| NewsroomError::Files(e.to_string());
        let sha = self.blobs.put(&processed.bytes).map_err(files)?;
        let thumb = match &processed.thumbnail {
            Some(t) => Some(self.blobs.put(t).map_err(files)?),
            None => None,
        };
        let stem: String = filename
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("berkas")
            .chars()
            .filter(|c| !c.is_control())
            .take(120)
            .collect();
        let new = NewMedia {
            unit_code: unit.to_string(),
            sha256: sha,
            thumb_sha256: thumb,
            kind: processed.kind,
            mime: processed.mime.to_owned(),
            extension: processed.extension.to_owned(),
            bytes: processed.bytes.len() as i64,
            width: processed.width.map(i64::from),
            height: processed.height.map(i64::from),
            original_name: stem,
        };
        let id = self
            .store
            .insert_media(&new, principal.user_id, self.now())
            .await?;
        // Committed: its followers (the public cache among them) look now,
        // like after every other write.
        self.notifier.notify();
        self.store
            .media(id)
            .await?
            .ok_or_else(|| NewsroomError::NotFound(format!("media {id}")))
    }

    /// A stored file (or its thumbnail) if the principal may see it.
    pub async fn media_file(
        &self,
        principal: &Principal,
        id: i64,
        thumbnail: bool,
    ) -> Result<StoredFile, NewsroomError> {
        let not_found = || NewsroomError::NotFound(format!("media {id}"));
        let m = self.store.media(id).await?.ok_or_else(not_found)?;
        let unit = UnitCode::parse(&m.unit_code).map_err(|_| not_found())?;
        let mut visible = principal.can(Action::ReadInternal, &unit);
        if !visible {
            for release in self.store.releases_showing_media(id).await? {
                if let Ok(view) = self.release_view(principal, release).await
                    && view.access != crate::releases::AccessLevel::Notice
                {
                    visible = true;
                    break;
                }
            }
        }
        // A file among an event's materials: seen by whoever sees the event.
        if !visible {
            for event in self.store.events_showing_media(id).await? {
                if let Some(e) = self.store.event(event).await?
                    && (e.visibility == Visibility::Public
                        || sees_internal_event(principal, &e.organiser_code, &e.invited))
                {
                    visible = true;
                    break;
                }
            }
        }
        if !visible {
            return Err(not_found());
        }
        let (sha, mime) = match (&m.thumb_sha256, thumbnail) {
            (Some(t), true) => (t.clone(), "image/jpeg".to_owned()),
            _ => (m.sha256.clone(), m.mime.clone()),
        };
        let bytes = self
            .blobs
            .get(&sha)
            .map_err(|e| NewsroomError::Files(e.to_string()))?
            .ok_or_else(not_found)?;
        let ext = if thumbnail && m.thumb_sha256.is_some() {
            "jpg"
        } else {
            &m.extension
        };
        let base = m
            .original_name
            .rsplit_once('.')
            .map_or(m.original_name.as_str(), |(b, _)| b);
        Ok(StoredFile {
            bytes,
            mime,
            filename: format!("{base}.{ext}"),
        })
    }
}

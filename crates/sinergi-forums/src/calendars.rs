//! The `.ics` files: one event, a unit's public events, a series' public
//! events. Feeds hold public events only: a calendar subscription carries
//! no session.

use sinergi_domain::access::Principal;
use sinergi_domain::{EventId, SeriesId, UnitCode};
use sinergi_store::forums::{EventFilter, EventRecord};

use crate::ical::{CalendarEvent, calendar};
use crate::{ForumError, Forums, MAX_LIST};

/// Where an event takes place, in one line.
pub fn location_of(e: &EventRecord) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if !e.address.trim().is_empty() {
        parts.push(e.address.trim());
    }
    if let Some(v) = &e.venue_name
        && !e.address.contains(v.as_str())
    {
        parts.push(v);
    }
    if !e.online_url.is_empty() {
        parts.push(&e.online_url);
    }
    parts.join(", ")
}

impl Forums {
    /// The event's page on this site.
    pub fn event_url(&self, id: EventId) -> String {
        format!("{}/forums/{id}", self.base_url)
    }

    fn ics(&self, name: &str, events: &[EventRecord]) -> String {
        let texts: Vec<(String, String)> = events
            .iter()
            .map(|e| (location_of(e), self.event_url(e.id)))
            .collect();
        let items: Vec<CalendarEvent<'_>> = events
            .iter()
            .zip(&texts)
            .map(|(e, (location, url))| CalendarEvent {
                uid: &e.uid,
                sequence: e.sequence,
                stamp: e.updated_at,
                created: e.created_at,
                starts_at: e.starts_at,
                ends_at: e.ends_at,
                zone: e.zone,
                summary: &e.title,
                description: &e.agenda_md,
                location,
                url,
                organiser: &e.organiser_name,
                cancelled: e.cancelled(),
            })
            .collect();
        calendar(name, &items)
    }

    /// One event as a `.ics` file, for whoever sees it.
    pub async fn event_ics(&self, p: &Principal, id: EventId) -> Result<String, ForumError> {
        let e = self.visible_record(p, id).await?;
        Ok(self.ics(&e.title, std::slice::from_ref(&e)))
    }

    /// The public events `unit` organises, to subscribe to.
    pub async fn unit_ics(&self, unit: &UnitCode) -> Result<String, ForumError> {
        let u = self.store.unit(unit).await?;
        let events = self
            .public_list(&EventFilter {
                organiser: Some(unit.clone()),
                limit: MAX_LIST,
                newest_first: true,
                ..Default::default()
            })
            .await?;
        Ok(self.ics(&u.name, &events))
    }

    /// The public events of a series, to subscribe to.
    pub async fn series_ics(&self, id: SeriesId) -> Result<String, ForumError> {
        let s = self.series_record(id).await?;
        let events = self
            .public_list(&EventFilter {
                series: Some(id),
                limit: MAX_LIST,
                ..Default::default()
            })
            .await?;
        Ok(self.ics(&s.title, &events))
    }
}

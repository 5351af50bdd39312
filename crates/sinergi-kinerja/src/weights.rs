//! The index's weights as a network administrator sets them: checked
//! here, recorded with who, when and why (and audited) by the store. The
//! weights in force apply to every period, past ones included: the index
//! is computed from the counters when it is read, never stored, so a
//! change of weights recomputes the whole history and a leap always
//! compares two periods weighed alike.

use std::collections::BTreeMap;

use serde::Serialize;
use sinergi_domain::access::{Action, Principal};
use sinergi_store::accounts::audit::Actor;

use crate::index::{Component, Weights};
use crate::projector::{Kinerja, KinerjaError};

/// What the weights must add up to: they read as percentages.
pub const TOTAL: u32 = 100;
/// The longest reason kept.
pub const REASON_MAX: usize = 1_000;

/// Why weights were refused; each names what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeightsError {
    #[error("the weight of `{component}` is not a whole number from 0 to 100: `{given}`")]
    NotAWeight { component: String, given: String },
    #[error("the weights add up to {sum}, not 100")]
    Sum { sum: u32 },
    #[error("say why the weights change (up to 1,000 characters)")]
    Reason,
    #[error("`{0}` is not a component of the index")]
    Unknown(String),
}

impl WeightsError {
    /// The Fluent id of the message.
    pub fn key(&self) -> &'static str {
        match self {
            WeightsError::NotAWeight { .. } => "kj-w-error-weight",
            WeightsError::Sum { .. } => "kj-w-error-sum",
            WeightsError::Reason => "kj-w-error-reason",
            WeightsError::Unknown(_) => "kj-w-error-unknown",
        }
    }
}

impl Weights {
    /// Weights from a component → text map (a form, or JSON numbers
    /// written out): every component must be present.
    pub fn parse(given: &BTreeMap<String, String>) -> Result<Weights, WeightsError> {
        if let Some(k) = given
            .keys()
            .find(|k| !Component::ALL.iter().any(|c| c.as_str() == k.as_str()))
        {
            return Err(WeightsError::Unknown(k.clone()));
        }
        let mut out = [0u32; 8];
        for (i, c) in Component::ALL.iter().enumerate() {
            let text = given.get(c.as_str()).map(|s| s.trim()).unwrap_or_default();
            out[i] = text
                .parse::<u32>()
                .ok()
                .filter(|w| *w <= TOTAL)
                .ok_or_else(|| WeightsError::NotAWeight {
                    component: c.as_str().to_owned(),
                    given: text.to_owned(),
                })?;
        }
        let sum: u32 = out.iter().sum();
        if sum != TOTAL {
            return Err(WeightsError::Sum { sum });
        }
        Ok(Weights(out))
    }

    /// Component → weight, as stored and as the API writes it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            Component::ALL
                .iter()
                .map(|c| (c.as_str().to_owned(), serde_json::Value::from(self.of(*c))))
                .collect(),
        )
    }

    pub fn from_json(s: &str) -> Option<Weights> {
        let v: BTreeMap<String, u32> = serde_json::from_str(s).ok()?;
        let given = v.into_iter().map(|(k, w)| (k, w.to_string())).collect();
        Weights::parse(&given).ok()
    }
}

/// A setting of the weights, for the history.
#[derive(Debug, Clone, Serialize)]
pub struct WeightsSetting {
    pub weights: Weights,
    pub reason: String,
    pub set_by: Option<String>,
    pub set_at: i64,
}

/// Only an administrator over the whole network sets the weights: they
/// rank every unit against every other.
pub fn may_set(principal: &Principal) -> bool {
    principal.scope(Action::ManageSettings).everything
}

impl Kinerja {
    /// The weights in force: the last setting, or the default.
    pub async fn weights(&self) -> Result<Weights, KinerjaError> {
        Ok(self
            .store
            .kinerja_weights()
            .await?
            .and_then(|w| Weights::from_json(&w.weights))
            .unwrap_or_default())
    }

    /// Every setting, newest first; empty while the default is in force.
    pub async fn weights_history(&self) -> Result<Vec<WeightsSetting>, KinerjaError> {
        Ok(self
            .store
            .kinerja_weights_history()
            .await?
            .into_iter()
            .filter_map(|w| {
                Some(WeightsSetting {
                    weights: Weights::from_json(&w.weights)?,
                    reason: w.reason,
                    set_by: w.set_by,
                    set_at: w.set_at,
                })
            })
            .collect())
    }

    /// Sets the weights for every period, after checking who asks and
    /// what they give.
    pub async fn set_weights(
        &self,
        principal: &Principal,
        actor: &Actor,
        given: &BTreeMap<String, String>,
        reason: &str,
        now: i64,
    ) -> Result<Weights, KinerjaError> {
        if !may_set(principal) {
            return Err(KinerjaError::Forbidden);
        }
        let weights = Weights::parse(given)?;
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > REASON_MAX {
            return Err(WeightsError::Reason.into());
        }
        let before = self.weights().await?;
        self.store
            .kinerja_set_weights(actor, before.to_json(), weights.to_json(), reason, now)
            .await?;
        Ok(weights)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_default_adds_up_and_round_trips() {
        let d = Weights::default();
        assert_eq!(d.0.iter().sum::<u32>(), TOTAL);
        assert_eq!(Weights::from_json(&d.to_json().to_string()), Some(d));
    }

    #[test]
    fn weights_are_checked() {
        let mut ok = given(&[
            ("coverage", "30"),
            ("continuity", "20"),
            ("campaign_adoption", "10"),
            ("timeliness", "10"),
            ("synergy", "10"),
            ("media_pickups", "10"),
            ("events", "5"),
            ("commitments", "5"),
        ]);
        assert_eq!(
            Weights::parse(&ok).unwrap(),
            Weights([30, 20, 10, 10, 10, 10, 5, 5])
        );
        ok.insert("coverage".into(), "31".into());
        assert_eq!(Weights::parse(&ok), Err(WeightsError::Sum { sum: 101 }));
        ok.insert("coverage".into(), "-1".into());
        assert!(matches!(
            Weights::parse(&ok),
            Err(WeightsError::NotAWeight { .. })
        ));
        ok.insert("coverage".into(), "101".into());
        assert!(matches!(
            Weights::parse(&ok),
            Err(WeightsError::NotAWeight { .. })
        ));
        ok.remove("coverage");
        assert!(matches!(
            Weights::parse(&ok),
            Err(WeightsError::NotAWeight { .. })
        ));
        ok.insert("reach".into(), "0".into());
        assert_eq!(
            Weights::parse(&ok),
            Err(WeightsError::Unknown("reach".into()))
        );
    }
}

//! Indonesia's three time zones, and which one a unit keeps.

use serde::Serialize;

use crate::UnitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Zone {
    /// Waktu Indonesia Barat, UTC+7.
    Wib,
    /// Waktu Indonesia Tengah, UTC+8.
    Wita,
    /// Waktu Indonesia Timur, UTC+9.
    Wit,
}

impl Zone {
    pub fn abbreviation(self) -> &'static str {
        match self {
            Zone::Wib => "WIB",
            Zone::Wita => "WITA",
            Zone::Wit => "WIT",
        }
    }

    /// The IANA zone used to format local times.
    pub fn iana(self) -> &'static str {
        match self {
            Zone::Wib => "Asia/Jakarta",
            Zone::Wita => "Asia/Makassar",
            Zone::Wit => "Asia/Jayapura",
        }
    }

    /// The zone of an abbreviation (`WIB`, `WITA`, `WIT`), as stored.
    pub fn from_abbreviation(s: &str) -> Option<Zone> {
        [Zone::Wib, Zone::Wita, Zone::Wit]
            .into_iter()
            .find(|z| z.abbreviation().eq_ignore_ascii_case(s.trim()))
    }

    pub fn utc_offset_hours(self) -> i8 {
        match self {
            Zone::Wib => 7,
            Zone::Wita => 8,
            Zone::Wit => 9,
        }
    }

    /// The zone of a province, by its two-digit Kemendagri code. Follows
    /// Keppres 41/1987: Sumatra, Java and West and Central Kalimantan keep
    /// WIB; Bali, Nusa Tenggara, the rest of Kalimantan and Sulawesi keep
    /// WITA; Maluku and Papua keep WIT.
    pub fn of_province(province_code: &str) -> Zone {
        match province_code {
            "51" | "52" | "53" | "63" | "64" | "65" | "71" | "72" | "73" | "74" | "75" | "76" => {
                Zone::Wita
            }
            "81" | "82" | "91" | "92" | "93" | "94" | "95" | "96" | "97" => Zone::Wit,
            _ => Zone::Wib,
        }
    }

    /// National units sit in Jakarta; regional units keep their province's zone.
    pub fn of_unit(code: &UnitCode) -> Zone {
        match code.province() {
            Some(p) => Zone::of_province(p.as_str()),
            None => Zone::Wib,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_follow_the_province() {
        let z = |c: &str| Zone::of_unit(&UnitCode::parse(c).unwrap());
        assert_eq!(z("51.71.01"), Zone::Wita); // Denpasar
        assert_eq!(z("35.78"), Zone::Wib); // Surabaya
        assert_eq!(z("61"), Zone::Wib); // Kalimantan Barat
        assert_eq!(z("64"), Zone::Wita); // Kalimantan Timur
        assert_eq!(z("96.01"), Zone::Wit); // Papua Barat Daya
        assert_eq!(z("kemenpanrb"), Zone::Wib);
        assert_eq!(Zone::from_abbreviation("wita"), Some(Zone::Wita));
        assert_eq!(Zone::from_abbreviation("WIT"), Some(Zone::Wit));
        assert_eq!(Zone::from_abbreviation("UTC"), None);
    }
}

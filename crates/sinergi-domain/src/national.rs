//! The national units every installation starts with.

use crate::{NewUnit, UnitCode, UnitKind};

/// KemenPANRB with its Biro Hukum, Komunikasi dan Informasi Publik (the
/// national coordinator of government PR), and the communications ministry
/// (Kominfo, renamed Komdigi in 2024; both names find it).
pub fn seed_units() -> Vec<NewUnit> {
    let unit = |code: &str, name: &str, kind, parent: Option<&str>, aliases: &str| NewUnit {
        code: UnitCode::parse(code).expect("seed codes are valid"),
        name: name.to_owned(),
        kind,
        parent_code: parent.map(|p| UnitCode::parse(p).expect("seed codes are valid")),
        aliases: Some(aliases.to_owned()),
    };
    vec![
        unit(
            "kemenpanrb",
            "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
            UnitKind::Ministry,
            None,
            "KemenPANRB Kemen PANRB MenPANRB",
        ),
        unit(
            "kemenpanrb.hkip",
            "Biro Hukum, Komunikasi dan Informasi Publik",
            UnitKind::Bureau,
            Some("kemenpanrb"),
            "Biro HKIP Humas KemenPANRB",
        ),
        unit(
            "komdigi",
            "Kementerian Komunikasi dan Digital",
            UnitKind::Ministry,
            None,
            "Komdigi Kominfo Kementerian Komunikasi dan Informatika",
        ),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn seed_units_are_valid() {
        for u in super::seed_units() {
            assert_eq!(u.validate(), Ok(()), "{}", u.code);
        }
    }
}

//! Kit templates: release text with placeholders filled for one unit.

/// What a template's placeholders stand for, for one unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placeholders {
    /// `{unit}`: the unit's name.
    pub unit: String,
    /// `{region}`: the unit's region spelled out with what it lies in
    /// ("Kecamatan Klojen, Kota Malang, Jawa Timur").
    pub region: String,
    /// `{province}`: the province's name (empty for national units).
    pub province: String,
    /// `{campaign}`: the campaign's title.
    pub campaign: String,
    /// `{hashtags}`: the campaign's hashtags, each with `#`.
    pub hashtags: String,
}

/// The placeholder names a template may use.
pub const PLACEHOLDERS: [&str; 5] = ["unit", "region", "province", "campaign", "hashtags"];

/// Fills `{name}` placeholders; unknown names and lone braces stay as
/// written, so a template never loses text.
pub fn render(template: &str, p: &Placeholders) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let v = match name {
                "unit" => Some(&p.unit),
                "region" => Some(&p.region),
                "province" => Some(&p.province),
                "campaign" => Some(&p.campaign),
                "hashtags" => Some(&p.hashtags),
                _ => None,
            };
            v.map(|v| (v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_the_rest_kept() {
        let p = Placeholders {
            unit: "Kota Malang".into(),
            region: "Kota Malang, Jawa Timur".into(),
            province: "Jawa Timur".into(),
            campaign: "Revolusi Mental ASN".into(),
            hashtags: "#RevolusiMental".into(),
        };
        assert_eq!(
            render("{unit} di {province} mendukung {campaign} {hashtags}", &p),
            "Kota Malang di Jawa Timur mendukung Revolusi Mental ASN #RevolusiMental"
        );
        assert_eq!(render("{region}", &p), "Kota Malang, Jawa Timur");
        assert_eq!(render("{nama} { {unit", &p), "{nama} { {unit");
        assert_eq!(render("", &p), "");
    }
}

//! What the API's handlers read from a request before they call a
//! service: unit codes, and the fields a body must carry. Each failure is
//! a 400 problem that says what to send.

use sinergi_domain::UnitCode;

use super::problem::Problem;

/// A unit code from the path, the query or a body.
pub fn unit_code(s: &str) -> Result<UnitCode, Problem> {
    UnitCode::parse(s).map_err(|e| Problem::bad_request(e.to_string()))
}

/// The body's `unit`, which creating something needs.
pub fn required_unit(unit: Option<&str>) -> Result<UnitCode, Problem> {
    unit_code(unit.ok_or_else(|| Problem::bad_request("`unit` is required"))?)
}

/// The body's `version`, which saving needs: the version the change is
/// based on, so that a save over someone else's is refused.
pub fn required_version(version: Option<i64>) -> Result<i64, Problem> {
    version.ok_or_else(|| {
        Problem::bad_request("`version` is required: the version your change is based on")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_malformed_fields_are_400_with_the_field_named() {
        assert_eq!(required_unit(Some("51.71")).unwrap().as_str(), "51.71");
        let missing = required_unit(None).unwrap_err();
        assert_eq!(
            (missing.status, missing.detail.as_str()),
            (400, "`unit` is required")
        );
        assert_eq!(required_unit(Some("")).unwrap_err().status, 400);
        assert_eq!(required_version(Some(3)).unwrap(), 3);
        assert!(
            required_version(None)
                .unwrap_err()
                .detail
                .contains("`version`")
        );
    }
}

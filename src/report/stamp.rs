//! The one timestamp a report carries.

/// When a report was made, as seconds since 1970-01-01 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub unix_s: i64,
}

impl Stamp {
    /// `SOURCE_DATE_EPOCH` when set (reproducible runs and tests), else the current time.
    pub fn from_env() -> Stamp {
        let fixed = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse().ok());
        let unix_s = fixed.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
        Stamp { unix_s }
    }

    /// (year, month, day, hour, minute, second) in UTC.
    pub fn civil(self) -> (i32, u32, u32, u32, u32, u32) {
        let days = self.unix_s.div_euclid(86_400);
        let secs = self.unix_s.rem_euclid(86_400) as u32;
        let (year, month, day) = crate::calendar::civil_from_days(days);
        (year, month, day, secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// `YYYY-MM-DD HH:MM UTC`.
    pub fn display(self) -> String {
        let (y, mo, d, h, mi, _) = self.civil();
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} UTC")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(Stamp { unix_s: 0 }.civil(), (1970, 1, 1, 0, 0, 0));
        assert_eq!(
            Stamp {
                unix_s: 1_700_000_000
            }
            .display(),
            "2023-11-14 22:13 UTC"
        );
        assert_eq!(
            Stamp {
                unix_s: 951_782_400
            }
            .civil()
            .0..=Stamp {
                unix_s: 951_782_400
            }
            .civil()
            .0,
            2000..=2000
        );
        assert_eq!(
            Stamp {
                unix_s: 951_782_400
            }
            .civil(),
            (2000, 2, 29, 0, 0, 0)
        );
    }
}

//! The trait impls every generated string enum shares, written once as a macro.

/// Implements `is_known`, `From<&str>`, `From<String>`, `Display`, `Serialize`, `Deserialize`
/// and `Validate` (which refuses values the spec does not list) for a generated string enum.
///
/// `string_enum!(Status, Other { Active => "active", OnLeave => "on-leave" })` also writes the
/// `KNOWN` constant (the listed variants, in order) and the `as_str` method (each variant's wire
/// text); `string_enum!(Status, Other)` expects the enum to have both already. Either way the
/// enum has a catch-all tuple variant (here `Other(String)`) that keeps any text it does not
/// know, so a value added to the API later still decodes and round-trips.
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $other:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// Every value the spec lists, in spec order.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$other(value) => value,
                }
            }
        }

        $crate::string_enum!($name, $other);
    };
    ($name:ident, $other:ident) => {
        impl $name {
            /// False for a value the spec does not list.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::$other(_))
            }
        }

        impl $crate::Validate for $name {
            fn validate(&self, at: &str, report: &mut $crate::Report) {
                report.known_value(at, self.is_known(), self.as_str());
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::KNOWN
                    .iter()
                    .find(|known| known.as_str() == value)
                    .cloned()
                    .unwrap_or_else(|| Self::$other(::std::string::String::from(value)))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::$other(_) => Self::$other(value),
                    known => known,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let text: ::std::string::String =
                    $crate::serde::Deserialize::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(text))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::{Report, Validate};

    #[derive(Debug, Clone, PartialEq)]
    enum Colour {
        Red,
        DarkBlue,
        Other(String),
    }

    impl Colour {
        const KNOWN: &'static [Self] = &[Self::Red, Self::DarkBlue];

        fn as_str(&self) -> &str {
            match self {
                Self::Red => "red",
                Self::DarkBlue => "dark-blue",
                Self::Other(value) => value,
            }
        }
    }

    crate::string_enum!(Colour, Other);

    #[derive(Debug, Clone, PartialEq)]
    enum Size {
        Small,
        r#Type,
        Custom(String),
    }

    crate::string_enum!(Size, Custom { Small => "s", r#Type => "type" });

    #[test]
    fn the_listing_form_writes_known_and_as_str() {
        assert_eq!(Size::KNOWN, [Size::Small, Size::r#Type]);
        assert_eq!(Size::from("type"), Size::r#Type);
        assert_eq!(Size::Small.as_str(), "s");
        assert_eq!(Size::from("xl"), Size::Custom("xl".to_owned()));
        assert!(!Size::from("xl").is_known());
    }

    #[test]
    fn validation_refuses_unknown_values() {
        let mut report = Report::new();
        Colour::Red.validate("colour", &mut report);
        assert!(report.finish().is_ok());
        Colour::from("mauve").validate("colour", &mut report);
        let error = report.finish().unwrap_err();
        assert_eq!(error.violations[0].field, "colour");
    }

    #[test]
    fn known_and_unknown_values_round_trip() {
        assert_eq!(Colour::from("dark-blue"), Colour::DarkBlue);
        assert_eq!(Colour::from("mauve"), Colour::Other("mauve".to_owned()));
        let decoded: Vec<Colour> = serde_json::from_str(r#"["red","mauve"]"#).unwrap();
        assert_eq!(decoded, [Colour::Red, Colour::Other("mauve".to_owned())]);
        assert_eq!(
            serde_json::to_string(&decoded).unwrap(),
            r#"["red","mauve"]"#
        );
        assert_eq!(Colour::DarkBlue.to_string(), "dark-blue");
        assert!(Colour::Red.is_known() && !Colour::from("mauve").is_known());
    }
}

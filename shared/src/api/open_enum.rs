//! "Open" string enums: known values get a variant, any other string is kept as it came.
//!
//! Amazon adds states and reason codes without notice. A closed serde enum would turn such a
//! value into a deserialization error and break every response that carries it; an open enum
//! parses it into `Unknown(String)` instead, and writes it back unchanged.

/// What every open enum offers, for code that handles them generically (e.g. validation).
///
/// Each open enum also has the same methods as inherent methods, so the trait only needs to be
/// imported for generic code.
pub trait OpenEnum {
    /// The wire strings this crate knows, in declaration order.
    const KNOWN_VALUES: &'static [&'static str];

    /// The wire string of this value.
    fn as_str(&self) -> &str;

    /// True when the wire string is one of [`OpenEnum::KNOWN_VALUES`].
    fn is_known(&self) -> bool {
        Self::KNOWN_VALUES.contains(&self.as_str())
    }
}

/// Declares an open string enum.
///
/// ```ignore
/// open_enum! {
///     /// Docs for the type.
///     pub enum Colour {
///         /// Docs for the variant.
///         Red => "Red",
///     }
/// }
/// ```
///
/// generates the enum with one variant per line plus `Unknown(String)`. Where the values are
/// one of the closed sets of [`crate::vocabulary`], the second form names them from there (the
/// variants are the closed enum's, spelled the same):
///
/// ```ignore
/// open_enum! {
///     /// Docs for the type.
///     pub enum ProductType from ProductType {
///         /// Docs for the variant.
///         PayAndShip,
///     }
/// }
/// ```
///
/// and adds `known()` (the closed value) and `From` the closed enum. Both forms generate:
/// * `KNOWN_VALUES`, `from_wire`, `as_str`, `is_known` (inherent, and through [`OpenEnum`]);
/// * `Display` (the wire string), `FromStr` with `Err = Infallible`, `From<&str>`,
///   `From<String>`, `PartialEq<str>` and `PartialEq<&str>`;
/// * `Serialize` as a JSON string and `Deserialize` from one (other JSON types are refused);
/// * `PartialEq`, `Eq` and `Hash` on the wire string, so a hand-built `Unknown("Red")` equals
///   `Red`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident => $wire:literal,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )+
            /// A value this crate does not know, kept verbatim so that it survives a round trip.
            Unknown(String),
        }

        impl $name {
            /// The wire strings this crate knows, in declaration order.
            pub const KNOWN_VALUES: &'static [&'static str] = &[$($wire),+];

            /// The variant for a wire string; anything unrecognised becomes `Unknown`.
            /// Matching is exact (case-sensitive), as Amazon's values are.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(value) => value,
                }
            }

            /// True when the wire string is one this crate knows.
            pub fn is_known(&self) -> bool {
                Self::KNOWN_VALUES.contains(&self.as_str())
            }
        }

        $crate::api::open_enum::open_enum!(@common $name);
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident from $closed:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident,
            )+
        }
    ) => {
        $(#[$meta])*
        ///
        #[doc = concat!(
            "The known values are [`", stringify!($closed), "`](crate::vocabulary::", stringify!($closed),
            "); [`", stringify!($name), "::known`] gives the closed value."
        )]
        #[derive(Clone, Debug)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )+
            /// A value this crate does not know, kept verbatim so that it survives a round trip.
            Unknown(String),
        }

        impl $name {
            /// The wire strings this crate knows, in declaration order.
            pub const KNOWN_VALUES: &'static [&'static str] = $crate::vocabulary::$closed::NAMES;

            /// The variant for a wire string; anything unrecognised becomes `Unknown`.
            /// Matching is exact (case-sensitive), as Amazon's values are.
            pub fn from_wire(value: &str) -> Self {
                match $crate::vocabulary::$closed::parse(value) {
                    Some(known) => Self::from(known),
                    None => Self::Unknown(value.to_owned()),
                }
            }

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $crate::vocabulary::$closed::$variant.as_str(),)+
                    Self::Unknown(value) => value,
                }
            }

            /// True when the wire string is one this crate knows.
            pub fn is_known(&self) -> bool {
                Self::KNOWN_VALUES.contains(&self.as_str())
            }

            /// The closed value, when the wire string is one this crate knows (a hand-built
            /// `Unknown` with a known spelling included).
            pub fn known(&self) -> Option<$crate::vocabulary::$closed> {
                match self {
                    $(Self::$variant => Some($crate::vocabulary::$closed::$variant),)+
                    Self::Unknown(value) => $crate::vocabulary::$closed::parse(value),
                }
            }
        }

        impl From<$crate::vocabulary::$closed> for $name {
            fn from(value: $crate::vocabulary::$closed) -> Self {
                match value {
                    $($crate::vocabulary::$closed::$variant => Self::$variant,)+
                }
            }
        }

        $crate::api::open_enum::open_enum!(@common $name);
    };
    (@common $name:ident) => {
        impl $crate::api::OpenEnum for $name {
            const KNOWN_VALUES: &'static [&'static str] = $name::KNOWN_VALUES;

            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(value))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_wire(value)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::from_wire(&value) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for $name {}

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct WireVisitor;

                impl ::serde::de::Visitor<'_> for WireVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a string (", stringify!($name), ")"))
                    }

                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from_wire(value))
                    }

                    fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }

                deserializer.deserialize_str(WireVisitor)
            }
        }
    };
}

pub(crate) use open_enum;

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::OpenEnum;

    open_enum! {
        /// A test enum.
        pub enum Colour {
            /// Red.
            Red => "Red",
            /// A wire value that differs from the variant name.
            DeepBlue => "DEEP_blue",
        }
    }

    #[test]
    fn known_values_map_to_variants() {
        assert_eq!(Colour::from_wire("Red"), Colour::Red);
        assert!(matches!(Colour::from_wire("DEEP_blue"), Colour::DeepBlue));
        assert_eq!(Colour::DeepBlue.as_str(), "DEEP_blue");
        assert_eq!(Colour::KNOWN_VALUES, &["Red", "DEEP_blue"]);
        assert_eq!(<Colour as OpenEnum>::KNOWN_VALUES.len(), 2);
        assert!(Colour::Red.is_known());
        assert!(OpenEnum::is_known(&Colour::Red));
    }

    #[test]
    fn unknown_values_are_kept_not_refused() {
        let c: Colour = "Green".parse().unwrap();
        assert_eq!(c, Colour::Unknown("Green".to_owned()));
        assert!(!c.is_known());
        assert_eq!(c.to_string(), "Green");
        // Matching is case-sensitive: "red" is not "Red".
        assert!(matches!(Colour::from("red"), Colour::Unknown(ref s) if s == "red"));
        assert!(matches!(Colour::from(String::from("Red")), Colour::Red));
        assert!(matches!(Colour::from(String::from("x")), Colour::Unknown(ref s) if s == "x"));
    }

    #[test]
    fn equality_and_hash_follow_the_wire_string() {
        let hand_built = Colour::Unknown("Red".to_owned());
        assert_eq!(hand_built, Colour::Red);
        assert!(hand_built.is_known());
        assert_eq!(Colour::Red, "Red");
        assert!(Colour::Red == *"Red");
        assert_ne!(Colour::Red, Colour::DeepBlue);
        let set: HashSet<Colour> = [Colour::Red, hand_built, Colour::from("Green")]
            .into_iter()
            .collect();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn serde_is_a_plain_json_string() {
        assert_eq!(
            serde_json::to_string(&Colour::DeepBlue).unwrap(),
            r#""DEEP_blue""#
        );
        let c: Colour = serde_json::from_str(r#""Purple""#).unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), r#""Purple""#);
        // Escapes survive too.
        let c: Colour = serde_json::from_str(r#""a\"b""#).unwrap();
        assert_eq!(c.as_str(), "a\"b");
        assert_eq!(serde_json::to_string(&c).unwrap(), r#""a\"b""#);
        for not_a_string in ["1", "null", "true", "[]", "{}"] {
            let err = serde_json::from_str::<Colour>(not_a_string).unwrap_err();
            assert!(
                err.to_string().contains("a string (Colour)"),
                "{not_a_string}: {err}"
            );
        }
    }
}

//! Fixed button sizes per size name, separately for PC and smartphone widths.
//!
//! checkout.js sizes the button from its host element and keeps re-clamping it with a
//! `ResizeObserver` (width 113–600 px, height ≥ 42 px, width between 2.6× and 10× the height).
//! An unsized or fluid host makes it resize in a loop. Every size here obeys those rules, and
//! the widget pins the host with equal `min-`/`max-` widths and heights so nothing can move it.

/// A size name as merchants choose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SizeName {
    /// The smallest button.
    Small,
    /// The default.
    Medium,
    /// The largest button.
    Large,
}

impl SizeName {
    /// Parses `small`, `medium` or `large` (ASCII case-insensitive).
    pub fn parse(s: &str) -> Option<SizeName> {
        match s.to_ascii_lowercase().as_str() {
            "small" => Some(SizeName::Small),
            "medium" => Some(SizeName::Medium),
            "large" => Some(SizeName::Large),
            _ => None,
        }
    }

    /// The name.
    pub fn as_str(self) -> &'static str {
        match self {
            SizeName::Small => "small",
            SizeName::Medium => "medium",
            SizeName::Large => "large",
        }
    }
}

/// Which width class the page is shown at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Viewport {
    /// Desktop and tablet widths.
    Pc,
    /// Narrow screens ([`SMARTPHONE_QUERY`]).
    Smartphone,
}

/// The media query that selects the smartphone sizes.
pub const SMARTPHONE_QUERY: &str = "(max-width: 767px)";

/// The size of a button in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dimensions {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Dimensions {
    /// True when checkout.js would leave this size alone: width 113–600, height ≥ 42, and the
    /// width between 2.6 and 10 times the height.
    pub fn is_stable_for_checkout_js(self) -> bool {
        let (w, h) = (u64::from(self.width), u64::from(self.height));
        (113..=600).contains(&w) && h >= 42 && w * 10 >= h * 26 && w <= h * 10
    }
}

/// A size for each width class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ButtonSizes {
    /// At PC widths.
    pub pc: SizeName,
    /// At smartphone widths.
    pub smartphone: SizeName,
}

impl Default for ButtonSizes {
    fn default() -> Self {
        ButtonSizes {
            pc: SizeName::Medium,
            smartphone: SizeName::Medium,
        }
    }
}

impl ButtonSizes {
    /// The same size at every width.
    pub fn uniform(size: SizeName) -> ButtonSizes {
        ButtonSizes {
            pc: size,
            smartphone: size,
        }
    }

    /// The pixel size for a viewport.
    pub fn dimensions(self, viewport: Viewport) -> Dimensions {
        match viewport {
            Viewport::Pc => dimensions(self.pc, viewport),
            Viewport::Smartphone => dimensions(self.smartphone, viewport),
        }
    }
}

/// The fixed pixel size of a size name at a viewport.
pub fn dimensions(size: SizeName, viewport: Viewport) -> Dimensions {
    let (width, height) = match (viewport, size) {
        (Viewport::Pc, SizeName::Small) => (150, 45),
        (Viewport::Pc, SizeName::Medium) => (200, 45),
        (Viewport::Pc, SizeName::Large) => (300, 60),
        (Viewport::Smartphone, SizeName::Small) => (200, 45),
        (Viewport::Smartphone, SizeName::Medium) => (260, 50),
        (Viewport::Smartphone, SizeName::Large) => (320, 60),
    };
    Dimensions { width, height }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_is_stable_for_checkout_js() {
        for size in [SizeName::Small, SizeName::Medium, SizeName::Large] {
            for viewport in [Viewport::Pc, Viewport::Smartphone] {
                assert!(
                    dimensions(size, viewport).is_stable_for_checkout_js(),
                    "{size:?} {viewport:?}"
                );
            }
            assert_eq!(SizeName::parse(size.as_str()), Some(size));
        }
        assert_eq!(SizeName::parse("Large"), Some(SizeName::Large));
        assert_eq!(SizeName::parse("huge"), None);
        let sizes = ButtonSizes {
            pc: SizeName::Small,
            smartphone: SizeName::Large,
        };
        assert_eq!(
            sizes.dimensions(Viewport::Pc),
            dimensions(SizeName::Small, Viewport::Pc)
        );
        assert_eq!(
            sizes.dimensions(Viewport::Smartphone),
            dimensions(SizeName::Large, Viewport::Smartphone)
        );
    }
}

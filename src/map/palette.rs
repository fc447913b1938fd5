//! Colour-blind-safe colours: Paul Tol's "light" scheme for zones (made for filled areas under
//! labels), Okabe-Ito for utilisation classes, and Tol's YlOrBr ramp for density.

use super::scene::Colour;

/// Zone fills (Paul Tol, "light" qualitative scheme, without its grey).
pub const ZONES: [Colour; 8] = [
    Colour::hex(0x77AADD),
    Colour::hex(0xEE8866),
    Colour::hex(0xEEDD88),
    Colour::hex(0xFFAABB),
    Colour::hex(0x99DDFF),
    Colour::hex(0x44BB99),
    Colour::hex(0xBBCC33),
    Colour::hex(0xAAAA00),
];

/// The fill of colour class `k` (cycles past the palette; the colouring avoids that when it can).
pub fn zone(k: usize) -> Colour {
    ZONES[k % ZONES.len()]
}

/// Pale fill for zones under thematic layers.
pub const ZONE_PALE: Colour = Colour::hex(0xEEEEEE);
/// Land inside the boundary.
pub const LAND: Colour = Colour::hex(0xF7F5EF);
/// Boundary, township and unit lines.
pub const BOUNDARY: Colour = Colour::hex(0x333333);
pub const TOWNSHIP: Colour = Colour::hex(0x777777);
pub const UNIT: Colour = Colour::hex(0xAAAAAA);

/// Utilisation under 90 % (Okabe-Ito bluish green).
pub const UTIL_LOW: Colour = Colour::hex(0x009E73);
/// Utilisation 90–100 % (Okabe-Ito orange).
pub const UTIL_FULL: Colour = Colour::hex(0xE69F00);
/// Over 100 % or over a cap (Okabe-Ito vermillion).
pub const UTIL_OVER: Colour = Colour::hex(0xD55E00);
/// Utilisation unknown.
pub const UTIL_UNKNOWN: Colour = Colour::hex(0x999999);
/// New sites (Okabe-Ito reddish purple).
pub const NEW_SITE: Colour = Colour::hex(0xCC79A7);
/// Schools on maps where utilisation is not the theme (Okabe-Ito blue).
pub const SCHOOL: Colour = Colour::hex(0x0072B2);

/// Density classes, light to dark (Paul Tol YlOrBr, five steps).
pub const DENSITY: [Colour; 5] = [
    Colour::hex(0xFEE391),
    Colour::hex(0xFEC44F),
    Colour::hex(0xFB9A29),
    Colour::hex(0xCC4C02),
    Colour::hex(0x662506),
];

/// The utilisation class colour.
pub fn utilisation(utilisation: Option<f64>, over_cap: bool) -> Colour {
    match utilisation {
        _ if over_cap => UTIL_OVER,
        None => UTIL_UNKNOWN,
        Some(u) if u > 1.0 => UTIL_OVER,
        Some(u) if u >= 0.9 => UTIL_FULL,
        Some(_) => UTIL_LOW,
    }
}

//! Identifiers shaped like Amazon's: checkout sessions are UUIDs, charge permissions
//! `S0R-NNNNNNN-NNNNNNN` (R is the region digit: 1 NA, 2 EU, 3 JP), charges and refunds the
//! permission id plus `-C` or `-R` and six digits, buyer tokens long opaque strings.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use amazon_pay_shared::region::Region;
use sha2::{Digest, Sha256};

/// 32 unpredictable bytes: SHA-256 over a per-process random hasher key, the sequence number
/// and the time, so ids never repeat within a process and are unlikely to repeat across runs.
fn random_bytes(sequence: u64) -> [u8; 32] {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(sequence);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut digest = Sha256::new();
    digest.update(hasher.finish().to_le_bytes());
    digest.update(sequence.to_le_bytes());
    digest.update(nanos.to_le_bytes());
    digest.finalize().into()
}

fn digits(bytes: &[u8], count: usize) -> String {
    bytes
        .iter()
        .cycle()
        .take(count)
        .map(|b| char::from(b'0' + b % 10))
        .collect()
}

/// A version-4 UUID, lower case (checkout session ids).
pub fn uuid(sequence: u64) -> String {
    let mut b = random_bytes(sequence);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex::encode(&b[..16]);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The region digit of object ids.
fn region_digit(region: Option<Region>) -> char {
    match region {
        Some(Region::Eu) => '2',
        Some(Region::Jp) => '3',
        _ => '1',
    }
}

/// A charge permission id, `S0R-NNNNNNN-NNNNNNN`.
pub fn charge_permission_id(sequence: u64, region: Option<Region>) -> String {
    let b = random_bytes(sequence);
    let d = digits(&b, 14);
    format!("S0{}-{}-{}", region_digit(region), &d[..7], &d[7..])
}

/// A charge id under a permission, `<permission>-CNNNNNN`.
pub fn charge_id(sequence: u64, permission_id: &str) -> String {
    format!("{permission_id}-C{}", digits(&random_bytes(sequence), 6))
}

/// A refund id under a permission, `<permission>-RNNNNNN`.
pub fn refund_id(sequence: u64, permission_id: &str) -> String {
    format!("{permission_id}-R{}", digits(&random_bytes(sequence), 6))
}

/// An opaque buyer token for Get Buyer.
pub fn buyer_token(sequence: u64) -> String {
    format!("amzn1.buyertoken.sandbox.{}", hex::encode(random_bytes(sequence)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let u = uuid(1);
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        let p = charge_permission_id(2, Some(Region::Jp));
        assert!(p.starts_with("S03-") && p.len() == 19, "{p}");
        let c = charge_id(3, &p);
        assert!(c.starts_with(&format!("{p}-C")) && c.len() == 27, "{c}");
        assert!(refund_id(4, &p).contains("-R"));
        assert_ne!(uuid(5), uuid(5));
    }
}

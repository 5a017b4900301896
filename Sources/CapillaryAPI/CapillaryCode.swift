/// The codes of Capillary's referral answers that the tool acts on, in one place; any other code
/// is passed on as Capillary gave it.
package enum CapillaryCode {
    /// A referral type Capillary does not send (only MOBILE and EMAIL).
    package static let unsupportedType = 1206
    /// An identifier that does not fit its type (a mobile that is not one, an email that is not one).
    package static let invalidIdentifier = 1701
}

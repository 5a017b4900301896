/// The existing attribute a column name most likely means: a common name of a default attribute
/// in English, Dutch, German, French or Spanish (`Voornaam` → `firstname`), else the names
/// closest in spelling.
enum AttributeSuggestions {
    /// Column names (lower-cased, without spaces, `_`, `-` and `.`) → Leat's default attribute.
    static let synonyms: [String: String] = {
        let groups: [String: [String]] = [
            "firstname": ["firstname", "first", "givenname", "forename", "voornaam", "roepnaam", "vorname", "prenom", "prénom", "nombre"],
            "lastname": [
                "lastname", "surname", "familyname", "achternaam", "familienaam", "nachname", "familienname", "nom", "nomdefamille",
                "apellido", "apellidos",
            ],
            "city": ["city", "town", "plaats", "woonplaats", "stad", "stadt", "ort", "wohnort", "ville", "ciudad", "localidad"],
            "phonenumber": [
                "phone", "phonenumber", "telephone", "mobile", "mobilephone", "telefoon", "telefoonnummer", "mobiel", "mobielnummer",
                "telefon", "telefonnummer", "handy", "téléphone", "portable", "teléfono", "telefono", "movil", "móvil",
            ],
            "postalcode": [
                "postalcode", "postcode", "zip", "zipcode", "plz", "postleitzahl", "codepostal", "codigopostal", "códigopostal",
            ],
            "birthdate": [
                "birthdate", "birthday", "dateofbirth", "dob", "geboortedatum", "geburtsdatum", "geburtstag", "datedenaissance",
                "fechadenacimiento", "birth",
            ],
            "address": [
                "address", "street", "streetaddress", "adres", "straat", "straatnaam", "adresse", "strasse", "straße", "rue", "direccion",
                "dirección", "calle",
            ],
            "housenumber": ["housenumber", "huisnummer", "hausnummer", "numero", "número", "streetnumber"],
            "locale": ["locale", "language", "taal", "sprache", "langue", "idioma"],
        ]
        var table: [String: String] = [:]
        for (attribute, names) in groups { for name in names { table[name] = attribute } }
        return table
    }()

    /// Up to three existing, writable attribute names `name` may mean, best first.
    static func closest(to name: String, among names: [String]) -> [String] {
        let key = squeezed(name)
        if let synonym = synonyms[key], names.contains(synonym) { return [synonym] }
        let limit = max(2, key.count / 3)
        var scored: [(name: String, distance: Int)] = []
        for name in names {
            let far = distance(key, squeezed(name))
            if far <= limit { scored.append((name, far)) }
        }
        scored.sort { $0.distance == $1.distance ? $0.name < $1.name : $0.distance < $1.distance }
        return scored.prefix(3).map { $0.name }
    }

    /// Lower-cased, without spaces, `_`, `-` and `.`.
    static func squeezed(_ name: String) -> String {
        String(name.lowercased().filter { !" _-.".contains($0) })
    }

    /// Levenshtein distance.
    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// What a column of a contacts file most likely is, for a page that maps columns: `email`, an
/// existing attribute, or nothing (a new attribute, or to leave out).
public enum ColumnSuggestions {
    /// Common names of the email column in English, Dutch, German, French and Spanish.
    static let emailNames: Set<String> = [
        "email", "mail", "emailaddress", "emailadres", "mailadres", "emailadresse", "courriel",
        "adressemail", "adresseemail", "correo", "correoelectronico", "correoelectrónico",
    ]

    /// `email` for an email column; else the attribute among `attributes` that `column` names
    /// (the same name in any case, a common name, or one spelled nearly alike); else nil.
    public static func target(for column: String, attributes: [String]) -> String? {
        let key = AttributeSuggestions.squeezed(column)
        if emailNames.contains(key) { return "email" }
        if let same = attributes.first(where: { AttributeSuggestions.squeezed($0) == key }) { return same }
        return AttributeSuggestions.closest(to: column, among: attributes).first
    }
}

extension ColumnSuggestions {
    /// The attribute `--create-attributes` makes for a column: its name lower-cased, with `_`
    /// between words (`Klant nummer` → `klant_nummer`).
    public static func newAttributeName(for column: String) -> String {
        ContactSchema.newName(for: column)
    }
}

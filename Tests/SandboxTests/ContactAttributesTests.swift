import Sandbox
import Testing

/// `GET`/`POST contact-attributes`, and `PUT contacts/{uuid}` checking names and values against them.
@Suite(.timeLimit(.minutes(5))) struct ContactAttributesTests {
    @Test func theListHasLeatsDefaultsTypedAndTheSystemValuesReadOnly() async throws {
        try await SandboxHarness.with({ $0.attributes = [SandboxAttribute(name: "gender", type: "select", options: ["m", "f", "x"])] }) {
            sandbox in
            let list = try await sandbox.leat(.GET, "contact-attributes").dataArray
            let byName = Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as? String ?? "", $0) })
            #expect(byName["firstname"]?["type"] as? String == "text")
            #expect(byName["birthdate"]?["type"] as? String == "birth_date")
            #expect(byName["firstname"]?["is_piggy_defined"] as? Bool == true)
            #expect(byName["tier"]?["is_hard_read_only"] as? Bool == true)
            #expect(byName["gender"]?["is_piggy_defined"] as? Bool == false)
            let options = byName["gender"]?["options"] as? [[String: String]] ?? []
            #expect(options.map { $0["value"] ?? "" } == ["m", "f", "x"])
        }
    }

    @Test func createdAttributesCanBeSetAndNamesAreUnique() async throws {
        try await SandboxHarness.with { sandbox in
            let uuid = try await sandbox.leat(.GET, "contacts/find-or-create?email=a@example.com").dataObject["uuid"] as? String ?? ""
            var answer = try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": ["klantnummer": "K-1"]])
            #expect(answer.status == 400)
            #expect(answer.code == 1003)

            answer = try await sandbox.leat(
                .POST, "contact-attributes", json: ["name": "klantnummer", "label": "Klantnummer", "data_type": "text"])
            #expect(answer.status == 201)
            #expect(answer.dataObject["type"] as? String == "text")
            answer = try await sandbox.leat(.POST, "contact-attributes", form: "name=klantnummer&label=Again&data_type=text")
            #expect(answer.code == 1003)
            answer = try await sandbox.leat(.POST, "contact-attributes", json: ["name": "kleur", "label": "Kleur", "data_type": "select"])
            #expect(answer.code == 1003, "a select without options")
            answer = try await sandbox.leat(.POST, "contact-attributes", json: ["name": "x", "label": "X", "data_type": "hologram"])
            #expect(answer.code == 1003, "an unknown type")

            answer = try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": ["klantnummer": "K-1"]])
            #expect(answer.status == 200)
            let values = answer.dataObject["current_values"] as? [String: Any] ?? [:]
            #expect(values["klantnummer"] as? String == "K-1")
        }
    }

    @Test(arguments: [
        ("birthdate", "31-12-1990"), ("birthdate", "1990-02-30"), ("housenumber", "12a"), ("nieuwsbrief", "ja"),
        ("gender", "q"), ("tier", "Gold"), ("nonexistent", "1"),
    ])
    func aValueItsAttributeDoesNotTakeIs1003(name: String, value: String) async throws {
        try await SandboxHarness.with({
            $0.attributes = [
                SandboxAttribute(name: "gender", type: "select", options: ["m", "f", "x"]),
                SandboxAttribute(name: "nieuwsbrief", type: "boolean"),
            ]
        }) { sandbox in
            let uuid = try await sandbox.leat(.GET, "contacts/find-or-create?email=a@example.com").dataObject["uuid"] as? String ?? ""
            let refused = try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": [name: value]])
            #expect(refused.status == 400)
            #expect(refused.code == 1003)
            #expect((refused.object["errors"] as? [String: Any])?["attributes.\(name)"] != nil)
        }
    }

    @Test func aTextLongerThanTheLimitGivenIs1003AndOneWithinItIsTaken() async throws {
        try await SandboxHarness.with({ $0.maxTextLength = 5 }) { sandbox in
            let uuid = try await sandbox.leat(.GET, "contacts/find-or-create?email=a@example.com").dataObject["uuid"] as? String ?? ""
            let refused = try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": ["city": "Zoëtermeer"]])
            #expect(refused.status == 400 && refused.code == 1003)
            let errors = refused.object["errors"] as? [String: [String]]
            #expect(errors?["attributes.city"] == ["The city may not be greater than 5 characters."], "\(refused.object)")
            #expect(try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": ["city": "Zoë"]]).status == 200)
            #expect(try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": ["housenumber": "123456"]]).status == 200)
        }
    }

    @Test func valuesOfTheRightTypeAreTaken() async throws {
        try await SandboxHarness.with({
            $0.attributes = [SandboxAttribute(argument: "gender:select:m|f|x")!, SandboxAttribute(argument: "nieuwsbrief:boolean")!]
        }) { sandbox in
            let uuid = try await sandbox.leat(.GET, "contacts/find-or-create?email=a@example.com").dataObject["uuid"] as? String ?? ""
            let answer = try await sandbox.leat(
                .PUT, "contacts/\(uuid)",
                json: [
                    "attributes": [
                        "birthdate": "1990-12-31", "housenumber": "12", "nieuwsbrief": "1", "gender": "f", "city": "",
                    ]
                ])
            #expect(answer.status == 200)
            let values = answer.dataObject["current_values"] as? [String: Any] ?? [:]
            #expect(values["birthdate"] as? String == "1990-12-31")
            #expect(values["gender"] as? String == "f")
        }
    }
}
